package dev.kdlab.scenario;

import dev.kdlab.kernel.ActiveProcesses;
import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.init.Kernel;
import dev.kdlab.memory.AddressSpace;
import dev.kdlab.memory.Pte;
import dev.kdlab.struct.StructView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Boots the machines exercises run on: the default desktop of a seed and, for an anomaly lab, the same
 * desktop with one anomaly written into it after boot. The victim is chosen by the seed, so another
 * seed gives another victim; the clean machine of a seed is the one {@code --seed} boots.
 */
public final class LabMachines {
    /** Names a hidden implant takes: look-alikes and plain system tools (curriculum, lab 34). */
    private static final List<String> IMPLANT_NAMES = List.of("svch0st.exe", "rundll32.exe", "dllhost.exe",
            "winlogin.exe", "taskhost.exe");
    /** User programs whose token a payload may replace (lab 35): the learner's own processes. */
    private static final List<String> TOKEN_VICTIMS = List.of("cmd.exe", "notepad.exe", "conhost.exe",
            "ctfmon.exe", "taskhostw.exe", "RuntimeBroker.exe");
    /** Children whose parent field gets rewritten (lab 36). */
    private static final List<String> SPOOFED_CHILDREN = List.of("sihost.exe", "taskhostw.exe", "ctfmon.exe",
            "explorer.exe");
    /** Processes a hollowing loader starts suspended and replaces (lab 37). */
    private static final List<String> HOLLOWING_VICTIMS = List.of("svchost.exe", "notepad.exe", "RuntimeBroker.exe",
            "dllhost.exe", "SearchIndexer.exe");
    /** Where a manually mapped DLL comes from (lab 38): a user-writable folder, a system-looking name. */
    private static final List<String> INJECTED_DLLS = List.of(
            "C:\\Users\\learner\\AppData\\Local\\Temp\\wow64log.dll",
            "C:\\ProgramData\\Microsoft\\Crypto\\cryptbase.dll",
            "C:\\Users\\learner\\AppData\\Roaming\\msvcr71.dll",
            "C:\\Users\\Public\\Libraries\\vmtoolsd.dll");
    /** Object types a rootkit hooks, and the procedures it replaces (lab: hooked object-type procedure). */
    private static final List<String> HOOKED_TYPES = List.of("Process", "Thread", "File", "Key", "Device", "Token",
            "Driver", "Section");
    private static final List<String> PROCEDURES = List.of("OpenProcedure", "CloseProcedure", "DeleteProcedure",
            "ParseProcedure", "SecurityProcedure", "QueryNameProcedure", "OkayToCloseProcedure");
    /** Processes a remote thread is injected into (lab 39). */
    private static final List<String> INJECTION_HOSTS = List.of("explorer.exe", "notepad.exe", "sihost.exe",
            "taskhostw.exe", "RuntimeBroker.exe", "ctfmon.exe");

    /** MM_EXECUTE_READWRITE, the VAD protection of PAGE_EXECUTE_READWRITE (_MMVAD_FLAGS.Protection). */
    private static final int MM_EXECUTE_READWRITE = 6;

    private LabMachines() {
    }

    public static LabMachine boot(long seed, Anomaly anomaly) {
        SplittableRandom random = new SplittableRandom(seed * 31 + anomaly.ordinal());
        String implant = IMPLANT_NAMES.get(random.nextInt(IMPLANT_NAMES.size()));
        Kernel kernel = DefaultMachine.bootKernel(seed, anomaly == Anomaly.HIDDEN_PROCESS
                ? withImplant(implant) : DefaultMachine.PROCESSES);
        Injector injector = new Injector(kernel, random);
        Injection injection = switch (anomaly) {
            case NONE -> null;
            case HIDDEN_PROCESS -> injector.hideProcess(implant);
            case STOLEN_TOKEN -> injector.stealToken();
            case SPOOFED_PARENT -> injector.spoofParent();
            case THREAD_OUTSIDE_MODULES -> injector.injectThread(kernel);
            case HOLLOWED_PROCESS -> injector.hollowProcess(kernel);
            case HOOKED_OBJECT_TYPE -> injector.hookObjectType(kernel);
            case INJECTED_DLL -> injector.injectDll(kernel);
        };
        return new LabMachine(LiveTargets.of(kernel), seed, Optional.ofNullable(injection));
    }

    /** The desktop plus an implant explorer started from the user's Temp folder, created last. */
    private static List<ProcessSpec> withImplant(String name) {
        List<ProcessSpec> specs = new ArrayList<>(DefaultMachine.PROCESSES);
        String path = "C:\\Users\\learner\\AppData\\Local\\Temp\\" + name;
        specs.add(ProcessSpec.process("implant", path, 0x1c000).commandLine("\"" + path + "\"").parent("explorer")
                .session(1).counts(3, 48).dlls(List.of("msvcrt.dll", "WS2_32.dll", "RPCRT4.dll")).build());
        return specs;
    }

    /** Picks victims among the booted machine's processes and writes each anomaly with the attacker's routines. */
    private static final class Injector {
        private final KernelSpace space;
        private final AttackerRoutines attacker;
        private final SplittableRandom random;
        private final List<Process> processes = new ArrayList<>();

        Injector(Kernel kernel, SplittableRandom random) {
            this.space = kernel.space();
            this.attacker = new AttackerRoutines(space);
            this.random = random;
            for (ActiveProcesses.Process p : ActiveProcesses.list(space, kernel.activeProcessHead())) {
                StructView e = space.struct("_EPROCESS", p.eprocess());
                processes.add(new Process(p.eprocess(), e.get("UniqueProcessId"), e.ansi("ImageFileName", 15),
                        e.get("CreateTime"), p.directoryTableBase()));
            }
        }

        Injection hideProcess(String implant) {
            Process victim = processes.stream().filter(p -> p.name.equalsIgnoreCase(implant)).findFirst().orElseThrow();
            attacker.unlinkActiveProcessLinks(victim.eprocess);
            return new Injection(Anomaly.HIDDEN_PROCESS, victim.eprocess, victim.pid, victim.name, 0, 0);
        }

        Injection stealToken() {
            Process victim = pick(named(TOKEN_VICTIMS));
            Process system = processes.get(0);
            long token = attacker.stealToken(system.eprocess, victim.eprocess);
            return new Injection(Anomaly.STOLEN_TOKEN, victim.eprocess, victim.pid, victim.name, token, 0);
        }

        Injection spoofParent() {
            Process child = pick(named(SPOOFED_CHILDREN));
            // the claimed parent: a process created after the child, and not one of its own children
            List<Process> later = processes.stream().filter(p -> p.createTime > child.createTime)
                    .filter(p -> space.struct("_EPROCESS", p.eprocess).get("InheritedFromUniqueProcessId") != child.pid)
                    .toList();
            Process parent = pick(later);
            attacker.forgeParent(child.eprocess, parent.pid);
            return new Injection(Anomaly.SPOOFED_PARENT, child.eprocess, child.pid, child.name, 0, parent.pid);
        }

        Injection injectThread(Kernel kernel) {
            Process host = pick(named(INJECTION_HOSTS));
            List<Long> threads = threads(host.eprocess);
            long ethread = threads.get(1 + random.nextInt(threads.size() - 1));
            AddressSpace memory = new AddressSpace(space.physical(), host.directoryTableBase);
            long address = allocateExecutable(kernel, host, memory, 1);
            attacker.startThreadInPrivateCode(memory, address, ethread);
            return new Injection(Anomaly.THREAD_OUTSIDE_MODULES, host.eprocess, host.pid, host.name, address, ethread);
        }

        /**
         * VirtualAllocEx(PAGE_EXECUTE_READWRITE) in another process: free pages in the private region the
         * heaps use (000001xx`xxxx0000), mapped and given their private VAD by the memory manager.
         */
        private long allocateExecutable(Kernel kernel, Process process, AddressSpace memory, long pages) {
            var created = kernel.processes().createdProcesses().stream()
                    .filter(c -> c.eprocess() == process.eprocess).findFirst().orElseThrow();
            long region;
            do {
                region = 0x100_0000_0000L | (long) random.nextInt(0x100, 0x800) << 28 | (long) random.nextInt(0x1000) << 16;
            } while (memory.isReadable(region) || memory.isReadable(region + (pages - 1) * 0x1000));
            created.user().mapPrivate(region, pages, Pte.VALID | Pte.WRITE | Pte.OWNER | Pte.ACCESSED | Pte.DIRTY);
            created.user().vads().insertPrivate(region, pages, MM_EXECUTE_READWRITE, pages);
            return region;
        }

        Injection hollowProcess(Kernel kernel) {
            Process victim = pick(named(HOLLOWING_VICTIMS));
            AddressSpace memory = new AddressSpace(space.physical(), victim.directoryTableBase);
            long region = allocateExecutable(kernel, victim, memory, 0x10 + random.nextInt(0x30));
            long peb = space.struct("_EPROCESS", victim.eprocess).get("Peb");
            attacker.hollow(memory, peb, region);
            return new Injection(Anomaly.HOLLOWED_PROCESS, victim.eprocess, victim.pid, victim.name, region, 0);
        }

        /**
         * A manual mapper's result: the DLL's image section mapped into the victim (NtMapViewOfSection: an
         * image VAD pointing at the file), and no LdrLoadDll, so no loader entry.
         */
        Injection injectDll(Kernel kernel) {
            Process victim = pick(named(HOLLOWING_VICTIMS));
            var created = kernel.processes().createdProcesses().stream()
                    .filter(c -> c.eprocess() == victim.eprocess).findFirst().orElseThrow();
            AddressSpace memory = new AddressSpace(space.physical(), victim.directoryTableBase);
            String path = pick(INJECTED_DLLS);
            long size = (0x18L + random.nextInt(0x40)) << 12;
            long base;
            do {   // 64 KB aligned, below the system DLLs
                base = 0x7ff8_0000_0000L | (long) random.nextInt(0x10000) << 16;
            } while (memory.isReadable(base) || memory.isReadable(base + size - 0x1000));
            kernel.memoryManager().mapImage(created.user(), new dev.kdlab.kernel.image.UserImage(path, base, size,
                    random.nextInt(0x5000_0000, 0x6000_0000), 0x1010));
            return new Injection(Anomaly.INJECTED_DLL, victim.eprocess, victim.pid, victim.name, base, 0);
        }

        Injection hookObjectType(Kernel kernel) {
            long table = kernel.ntSymbol("ObTypeIndexTable");
            List<long[]> candidates = new ArrayList<>();   // {type, procedure index}
            for (int index = 2; space.read(table + index * 8L, 8) != 0; index++) {
                long type = space.read(table + index * 8L, 8);
                StructView fields = space.struct("_OBJECT_TYPE", type);
                if (!HOOKED_TYPES.contains(fields.unicodeString("Name"))) {
                    continue;
                }
                for (int p = 0; p < PROCEDURES.size(); p++) {
                    if (fields.get("TypeInfo." + PROCEDURES.get(p)) != 0) {
                        candidates.add(new long[] {type, p});
                    }
                }
            }
            long[] chosen = pick(candidates);
            long code = kernel.nonPagedPool().allocate("Hook", 0x100);
            attacker.hookObjectType(chosen[0], PROCEDURES.get((int) chosen[1]), code);
            String name = space.struct("_OBJECT_TYPE", chosen[0]).unicodeString("Name");
            return new Injection(Anomaly.HOOKED_OBJECT_TYPE, chosen[0], chosen[1], name, code, 0);
        }

        private List<Long> threads(long eprocess) {
            long head = eprocess + space.struct("_EPROCESS", eprocess).type().offsetOf("ThreadListHead");
            long entry = space.struct("_ETHREAD", 0).type().offsetOf("ThreadListEntry");
            List<Long> threads = new ArrayList<>();
            for (long link = space.read(head, 8); link != head; link = space.read(link, 8)) {
                threads.add(link - entry);
            }
            return threads;
        }

        private List<Process> named(List<String> names) {
            List<Process> found = processes.stream()
                    .filter(p -> names.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT)
                            .startsWith(p.name.toLowerCase(Locale.ROOT))))
                    .sorted(Comparator.comparingLong(Process::pid)).toList();
            if (found.isEmpty()) {
                throw new IllegalStateException("no process named " + names);
            }
            return found;
        }

        private <T> T pick(List<T> from) {
            return from.get(random.nextInt(from.size()));
        }
    }

    private record Process(long eprocess, long pid, String name, long createTime, long directoryTableBase) {
    }
}
