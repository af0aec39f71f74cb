package dev.kdlab.exercises.checks;

import dev.kdlab.exercises.Exercises;
import dev.kdlab.exercises.Lab;
import dev.kdlab.exercises.Reads;
import dev.kdlab.exercises.Truth;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.scenario.Anomaly;

import java.util.List;
import java.util.Locale;

/** PEB, TEB and the loader: process context, loader lists, stacks, command lines, kernel modules. */
public final class LoaderChecks {
    private LoaderChecks() {
    }

    public static void define(Exercises.Definitions d) {
        d.add("l2-process-context", Anomaly.NONE, LoaderChecks::processContext);
        d.add("l2-dll-via-ldr", Anomaly.NONE, LoaderChecks::dllViaLdr);
        d.add("l2-teb-and-stacks", Anomaly.NONE, LoaderChecks::tebAndStacks);
        d.add("l2-command-line", Anomaly.NONE, LoaderChecks::commandLine);
        d.add("l2-driver-for-address", Anomaly.NONE, LoaderChecks::driverForAddress);
        d.add("l3-module-count", Anomaly.NONE, LoaderChecks::moduleCount);
    }

    private static long userProcess(Lab lab, Machine m, List<String> images) {
        return m.process(lab.pick(images));
    }

    static Truth processContext(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        long eprocess = userProcess(lab, m, List.of("notepad.exe", "cmd.exe", "explorer.exe", "lsass.exe",
                "spoolsv.exe", "winlogon.exe", "dwm.exe"));
        long peb = r.field("_EPROCESS", eprocess, "Peb");
        VirtualMemory space = r.processSpace(eprocess);
        long base = r.field(space, "_PEB", peb, "ImageBaseAddress");
        Truth.Builder truth = Truth.builder(r).parameter("image", m.name(eprocess)).parameter("pid", m.pid(eprocess))
                .hex("ImageBaseAddress", base)
                .near(peb, "That is the PEB's address; ImageBaseAddress is the field at PEB+0x10.");
        VirtualMemory kernel = r.target().kernelSpace();
        if (Reads.readable(kernel, peb + 0x10)) {
            truth.wrongContext(kernel.readLong(peb + 0x10), "the System process");
        }
        return truth.build();
    }

    static Truth dllViaLdr(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        long eprocess = userProcess(lab, m, List.of("explorer.exe", "notepad.exe", "cmd.exe", "spoolsv.exe", "dwm.exe"));
        String dll = lab.pick(List.of("KERNEL32.DLL", "KERNELBASE.dll", "ntdll.dll", "msvcrt.dll", "RPCRT4.dll"));
        long peb = r.field("_EPROCESS", eprocess, "Peb");
        VirtualMemory space = r.processSpace(eprocess);
        long ldr = r.field(space, "_PEB", peb, "Ldr");
        List<Long> entries = r.walk(space, ldr + r.offset("_PEB_LDR_DATA", "InMemoryOrderModuleList"),
                "_LDR_DATA_TABLE_ENTRY", "InMemoryOrderLinks");
        long entry = entries.stream().filter(e -> r.peekUnicode(space, "_LDR_DATA_TABLE_ENTRY", e, "BaseDllName")
                .equalsIgnoreCase(dll)).findFirst().orElseThrow(() -> new IllegalStateException("no " + dll));
        r.unicode(space, "_LDR_DATA_TABLE_ENTRY", entry, "BaseDllName");
        long base = r.field(space, "_LDR_DATA_TABLE_ENTRY", entry, "DllBase");
        return Truth.builder(r).parameter("image", m.name(eprocess)).parameter("pid", m.pid(eprocess))
                .parameter("dll", dll).parameter("module", dll.substring(0, dll.lastIndexOf('.')))
                .hex("DllBase", base)
                .near(entry, "That is the _LDR_DATA_TABLE_ENTRY's address; DllBase is a field in it (+0x30).")
                .near(entry + r.offset("_LDR_DATA_TABLE_ENTRY", "InMemoryOrderLinks"), "That is the InMemoryOrderLinks "
                        + "LIST_ENTRY; the entry starts 0x10 before it, and DllBase is at entry+0x30.")
                .build();
    }

    static Truth tebAndStacks(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        long eprocess = m.named(lab.pick(List.of("explorer.exe", "notepad.exe", "dwm.exe", "sihost.exe",
                "spoolsv.exe"))).get(0);
        long thread = lab.pick(m.threadsQuietly(eprocess).stream()
                .filter(t -> r.peek(m.kernel, "_KTHREAD", t, "Teb") != 0).toList());
        m.identify(eprocess);
        long tid = r.field("_ETHREAD", thread, "Cid.UniqueThread");
        long teb = r.field("_KTHREAD", thread, "Teb");
        VirtualMemory space = r.processSpace(eprocess);
        long base = r.field(space, "_TEB", teb, "NtTib.StackBase");
        long limit = r.field(space, "_TEB", teb, "NtTib.StackLimit");
        long size = base - limit;
        r.note("StackBase - StackLimit = %s - %s = %s", Reads.hex(base), Reads.hex(limit), Reads.hex(size));
        long kernelSize = r.peek(m.kernel, "_KTHREAD", thread, "StackBase") - r.peek(m.kernel, "_KTHREAD", thread,
                "StackLimit");
        return Truth.builder(r).parameter("image", m.name(eprocess)).parameter("pid", m.pid(eprocess))
                .parameter("tid", tid).hex("the committed user stack size", size)
                .near(kernelSize, "That is the kernel stack (KTHREAD.StackBase - StackLimit); the user stack's bounds "
                        + "are in the TEB's NtTib.")
                .build();
    }

    static Truth commandLine(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        long eprocess = m.identify(lab.pick(m.named("svchost.exe")));
        long peb = r.field("_EPROCESS", eprocess, "Peb");
        VirtualMemory space = r.processSpace(eprocess);
        long parameters = r.field(space, "_PEB", peb, "ProcessParameters");
        String line = r.unicode(space, "_RTL_USER_PROCESS_PARAMETERS", parameters, "CommandLine");
        String[] words = line.split(" ");
        String group = null;
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals("-k")) {
                group = words[i + 1];
            }
        }
        if (group == null) {
            throw new IllegalStateException("no -k in " + line);
        }
        r.note("the word after -k: %s", group);
        return Truth.builder(r).parameter("pid", m.pid(eprocess)).name("the service group", group)
                .nearName("svchost", "That is the program; the group is the word after -k on its command line.")
                .build();
    }

    static Truth driverForAddress(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        List<Machine.Module> modules = m.kernelModules();
        List<Machine.Module> drivers = modules.stream().filter(x -> x.name().toLowerCase(Locale.ROOT).endsWith(".sys")
                && !x.name().equalsIgnoreCase("ntoskrnl.exe") && x.size() > 0x2000).toList();
        Machine.Module driver = lab.pick(drivers);
        long address = driver.base() + 0x1000 + (lab.variant().nextLong(driver.size() - 0x1000) & ~0xfL);
        r.walk(m.kernel, r.symbol("PsLoadedModuleList"), "_KLDR_DATA_TABLE_ENTRY", "InLoadOrderLinks");
        r.unicode(m.kernel, "_KLDR_DATA_TABLE_ENTRY", driver.entry(), "BaseDllName");
        r.field("_KLDR_DATA_TABLE_ENTRY", driver.entry(), "DllBase");
        r.field("_KLDR_DATA_TABLE_ENTRY", driver.entry(), "SizeOfImage");
        r.note("%s <= %s < %s", Reads.address(driver.base()), Reads.address(address),
                Reads.address(driver.base() + driver.size()));
        int position = modules.indexOf(driver);
        Truth.Builder truth = Truth.builder(r).parameter("address", Reads.address(address))
                .name("the module", driver.name())
                .near(driver.base(), "That is the module's base address; the question asks for its name.");
        if (position > 0) {
            truth.nearName(modules.get(position - 1).name(), "That module ends before the address; compare with "
                    + "DllBase + SizeOfImage.");
        }
        return truth.build();
    }

    static Truth moduleCount(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        long eprocess = userProcess(lab, m, List.of("notepad.exe", "cmd.exe", "explorer.exe", "csrss.exe", "smss.exe",
                "lsass.exe", "kd.exe"));
        long peb = r.field("_EPROCESS", eprocess, "Peb");
        VirtualMemory space = r.processSpace(eprocess);
        long ldr = r.field(space, "_PEB", peb, "Ldr");
        int count = r.walk(space, ldr + r.offset("_PEB_LDR_DATA", "InLoadOrderModuleList"), "_LDR_DATA_TABLE_ENTRY",
                "InLoadOrderLinks").size();
        return Truth.builder(r).parameter("image", m.name(eprocess)).parameter("pid", m.pid(eprocess))
                .count("the number of modules", count).countedHead(count)
                .near(count - 1, "One too few: the executable itself is the first entry of the list.")
                .build();
    }
}
