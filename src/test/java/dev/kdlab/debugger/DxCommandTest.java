package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * dx on the default machine: WinDbg's line shapes (transcripts 2.10, 6.8: the expression's line, names padded to
 * 16, {@code [Type: T]}, field offsets and bit ranges, {@code [Switch To]}), values checked against the bytes
 * (TargetBytes), the LINQ methods against what the lists hold, variables, format specifiers, grids, help, and
 * errors in the data model's words after which the session goes on.
 */
class DxCommandTest {
    private static Lkd lkd;
    private static TargetBytes bytes;
    private static long kd;
    private static long kdPid;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
        bytes = new TargetBytes(lkd.target());
        kd = lkd.processAddress("kd.exe");
        kdPid = bytes.read(kd, TargetBytes.EPROCESS, "UniqueProcessId");
    }

    private static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    @Test
    void theCurrentProcessIsShownAsLkdShowsIt() {
        assertThat(lkd.run("dx @$curprocess")).containsExactly(
                "@$curprocess                 : kd.exe [Switch To]",
                "    KernelObject     [Type: _EPROCESS]",
                "    Name             : kd.exe",
                "    Id               : " + hex(kdPid),
                "    Handle           : 0xf0f0f0f0",
                "    Threads         ",
                "    Modules         ",
                "    Environment     ",
                "    Attributes      ",
                "    Io              ");
        assertThat(lkd.run("dx @$curprocess.Name")).containsExactly("@$curprocess.Name : kd.exe",
                "    Length           : 0x6");
        assertThat(lkd.run("dx -r0 @$curprocess")).containsExactly("@$curprocess                 : kd.exe [Switch To]");
        assertThat(lkd.run("dx @$curprocess.Environment")).containsExactly("@$curprocess.Environment                ",
                "    EnvironmentBlock [Type: _PEB]");
    }

    @Test
    void aNativeStructureShowsItsFieldsWithOffsetsBitRangesAndTypes() {
        List<String> lines = lkd.run("dx -r1 (*((ntkrnlmp!_EPROCESS *)" + hex(kd) + "))");
        assertThat(lines.get(0)).isEqualTo("(*((ntkrnlmp!_EPROCESS *)" + hex(kd) + "))                 [Type: _EPROCESS]");
        long createTime = bytes.read(kd, TargetBytes.EPROCESS, "CreateTime");
        long flags2 = bytes.read(kd, TargetBytes.EPROCESS, "Flags2");
        long exitStatus = bytes.read(kd, TargetBytes.EPROCESS, "ExitStatus");
        assertThat(lines).contains(
                "    [+0x000] Pcb              [Type: _KPROCESS]",
                "    [+0x440] UniqueProcessId  : " + hex(kdPid) + " [Type: void *]",
                "    [+0x448] ActiveProcessLinks [Type: _LIST_ENTRY]",
                "    [+0x460] Flags2           : " + hex(flags2) + " [Type: unsigned long]",
                "    [+0x460 ( 0: 0)] JobNotReallyActive : " + hex(flags2 & 1) + " [Type: unsigned long]",
                "    [+0x460 (14:12)] DefaultPagePriority : " + hex(flags2 >> 12 & 7) + " [Type: unsigned long]",
                "    [+0x468] CreateTime       : {" + createTime + "} [Type: _LARGE_INTEGER]",
                "    [+0x4b0] ExceptionPortData : 0x0 [Type: void *]",
                "    [+0x4b0 ( 2: 0)] ExceptionPortState : 0x0 [Type: unsigned __int64]",
                "    [+0x5a8] ImageFileName    [Type: unsigned char [15]]",
                "    [+0x7d4] ExitStatus       : " + (int) exitStatus + " [Type: long]");
        assertThat(lkd.run("dx (nt!_EPROCESS*)" + hex(kd)).get(0))
                .isEqualTo("(nt!_EPROCESS*)" + hex(kd) + "                 : " + hex(kd) + " [Type: _EPROCESS *]");
        assertThat(lkd.run("dx ((nt!_EPROCESS*)" + hex(kd) + ")->UniqueProcessId")).containsExactly(
                "((nt!_EPROCESS*)" + hex(kd) + ")->UniqueProcessId                 : " + hex(kdPid) + " [Type: void *]");
    }

    @Test
    void anUnsignedCharArrayShowsNoStringAndItsElementsAreTheBytes() {
        // transcripts 2.10: dx shows ImageFileName (unsigned char [15]) with its type only, no quoted string
        String expression = "((nt!_EPROCESS*)" + hex(kd) + ")->ImageFileName";
        List<String> lines = lkd.run("dx -r1 " + expression);
        assertThat(lines).hasSize(16);
        assertThat(lines.get(0)).isEqualTo(expression + "                 [Type: unsigned char [15]]");
        long name = kd + TargetBytes.EPROCESS.offsetOf("ImageFileName");
        for (int i = 0; i < 15; i++) {
            assertThat(lines.get(i + 1)).isEqualTo(String.format(Locale.ROOT, "    %-16s : %s [Type: unsigned char]",
                    "[" + i + "]", hex(bytes.kernel().readUnsigned(name + i, 1))));
        }
        assertThat(lines.get(1)).endsWith(" 0x6b [Type: unsigned char]");
    }

    @Test
    void aListEntryShowsItsLinksAndUnreadableMemorySaysWhere() {
        long head = bytes.symbol("PsActiveProcessHead");
        assertThat(lkd.run("dx nt!PsActiveProcessHead")).containsExactly(
                "nt!PsActiveProcessHead                 [Type: _LIST_ENTRY]",
                "    [+0x000] Flink            : " + hex(bytes.kernel().readLong(head)) + " [Type: _LIST_ENTRY *]",
                "    [+0x008] Blink            : " + hex(bytes.kernel().readLong(head + 8)) + " [Type: _LIST_ENTRY *]");
        assertThat(lkd.run("dx -r1 (*((ntkrnlmp!_LIST_ENTRY *)0x1000))")).containsExactly(
                "(*((ntkrnlmp!_LIST_ENTRY *)0x1000))                 [Type: _LIST_ENTRY]",
                "    [+0x000] Flink            : Unable to read memory at Address 0x1000",
                "    [+0x008] Blink            : Unable to read memory at Address 0x1008");
        // a system thread's TEB is at 0: nothing of it can be read (the docs' dx -r2 @$curthread.Environment)
        List<String> teb = lkd.run("dx -r2 @$cursession.Processes[4].Threads.First().Environment");
        assertThat(teb.subList(1, 5)).containsExactly(
                "    EnvironmentBlock [Type: _TEB]",
                "        [+0x000] NtTib            [Type: _NT_TIB]",
                "        [+0x038] EnvironmentPointer : Unable to read memory at Address 0x38",
                "        [+0x040] ClientId         [Type: _CLIENT_ID]");
    }

    @Test
    void errorsAreTheDataModelsAndTheSessionGoesOn() {
        assertThat(lkd.run("dx foo")).containsExactly("Error: Unable to bind name 'foo'");
        assertThat(lkd.lastSucceeded()).isFalse();
        assertThat(lkd.run("dx @$curprocess.Foo")).containsExactly("Error: Unable to find specified value");
        assertThat(lkd.run("dx @$cursession.Processes[3432]"))
                .containsExactly("Error: The operation attempted to access data outside the valid range (0x8000000b)");
        assertThat(lkd.run("dx *5")).containsExactly("Error: Unexpected failure to dereference object");
        assertThat(lkd.run("dx *(void*)0")).containsExactly("Error: Unexpected failure to dereference object");
        assertThat(lkd.run("dx *(void**)0 ? 1 : 0")).containsExactly("Error: Unable to read memory at Address 0x0");
        assertThat(lkd.run("dx 1 +")).containsExactly("Error: Syntax error at ''");
        assertThat(lkd.run("dx @$curprocess.)")).containsExactly("Error: Unexpected token ')'");
        assertThat(lkd.run("dx -q 1")).containsExactly("Error: Unknown option '-q'");
        assertThat(lkd.run("dx nt!KiSwapContext")).containsExactly("Error: No type (or void) for object at Address "
                + hex(bytes.symbol("KiSwapContext")));
        assertThat(lkd.run("dx ((nt!_EPROCESS*)0)->UniqueProcessId"))
                .containsExactly("Error: Unable to read memory at Address 0x440");
        assertThat(lkd.run("dx @$cursession.Processes.Where(p => p.Nope).Count()"))
                .containsExactly("Error: Unable to find specified value");
        assertThat(lkd.run("dx 1; dx 2")).containsExactly("1 : 1", "2 : 2");
        assertThat(lkd.lastSucceeded()).isTrue();
    }

    @Test
    void processesAreKeyedByIdAndLinqKeepsTheKeys() {
        List<Long> processes = bytes.processes();
        long notepad = lkd.processAddress("notepad.exe");
        long notepadPid = bytes.read(notepad, TargetBytes.EPROCESS, "UniqueProcessId");
        assertThat(lkd.run("dx @$cursession.Processes.Where(p => p.Name == \"notepad.exe\")")).containsExactly(
                "@$cursession.Processes.Where(p => p.Name == \"notepad.exe\")                ",
                String.format(Locale.ROOT, "    %-16s : notepad.exe [Switch To]", "[" + hex(notepadPid) + "]"));
        assertThat(lkd.run("dx @$cursession.Processes[" + notepadPid + "].Id")).containsExactly(
                "@$cursession.Processes[" + notepadPid + "].Id : " + hex(notepadPid));
        long withTables = processes.stream().filter(p -> bytes.read(p, TargetBytes.EPROCESS, "ObjectTable") != 0).count();
        assertThat(lkd.text("dx @$cursession.Processes.Where(p => p.KernelObject.ObjectTable != 0).Count()"))
                .endsWith(" : " + hex(withTables));
        long threads = processes.stream().mapToLong(p -> bytes.threads(p).size()).sum();
        assertThat(lkd.text("dx @$cursession.Processes.Select(p => p.Threads.Count()).Sum()")).endsWith(" : " + hex(threads));
        assertThat(lkd.text("dx @$cursession.Processes.Select(p => p.Threads).Flatten().Count()"))
                .endsWith(" : " + hex(threads));
        long svchosts = processes.stream().filter(p -> bytes.imageName(p).equals("svchost.exe")).count();
        assertThat(lkd.text("dx @$cursession.Processes.GroupBy(p => p.Name)[\"svchost.exe\"].Count()"))
                .endsWith(" : " + hex(svchosts));
        long maxPid = processes.stream().mapToLong(p -> bytes.read(p, TargetBytes.EPROCESS, "UniqueProcessId")).max()
                .orElseThrow();
        assertThat(lkd.text("dx @$cursession.Processes.OrderByDescending(p => p.Id).First().Id")).endsWith(" : " + hex(maxPid));
        assertThat(lkd.text("dx @$cursession.Processes.Max(p => p.Id)")).endsWith(" : " + hex(maxPid));
        assertThat(lkd.text("dx @$cursession.Processes.Min(p => p.Id)")).endsWith(" : 0x0");
        assertThat(lkd.text("dx @$cursession.Processes.Any(p => p.Name.StartsWith(\"note\"))")).endsWith(" : true");
        assertThat(lkd.text("dx @$cursession.Processes.All(p => p.Name.EndsWith(\".exe\"))")).endsWith(" : false");
        assertThat(lkd.text("dx @$cursession.Processes.FirstOrDefault(p => p.Name == \"nothere.exe\")")).endsWith(" : null");
        List<String> skipped = lkd.run("dx @$cursession.Processes.Skip(1).Take(2).Select(p => p.Name)");
        assertThat(skipped).hasSize(3);
        assertThat(skipped.get(1)).isEqualTo(String.format(Locale.ROOT, "    %-16s : %s",
                "[" + hex(bytes.read(processes.get(0), TargetBytes.EPROCESS, "UniqueProcessId")) + "]",
                bytes.imageName(processes.get(0))));
        assertThat(lkd.run("dx @$cursession.Processes.Select(p => p.Name.ToUpper()).First()").get(0)).endsWith(" : IDLE");
    }

    @Test
    void fromListEntryWalksAListAsItsStructures() {
        List<Long> processes = bytes.processes();
        assertThat(lkd.text("dx Debugger.Utility.Collections.FromListEntry(*(nt!_LIST_ENTRY*)&nt!PsActiveProcessHead,"
                + " \"nt!_EPROCESS\", \"ActiveProcessLinks\").Count()")).endsWith(" : " + hex(processes.size()));
        List<String> first = lkd.run("dx Debugger.Utility.Collections.FromListEntry(nt!PsActiveProcessHead, \"nt\","
                + " \"_EPROCESS\", \"ActiveProcessLinks\").Take(1)");
        assertThat(first.get(1)).isEqualTo("    [0x0]            [Type: _EPROCESS]");
        assertThat(lkd.text("dx &Debugger.Utility.Collections.FromListEntry(nt!PsActiveProcessHead, \"nt!_EPROCESS\","
                + " \"ActiveProcessLinks\")[2]")).contains(" : " + hex(processes.get(2)) + " [Type: _EPROCESS *]");
    }

    @Test
    void variablesLastTheSessionAndLambdasAreValues() {
        assertThat(lkd.run("dx @$n = 5")).containsExactly("@$n = 5 : 5");
        assertThat(lkd.run("dx @$n * 2")).containsExactly("@$n * 2 : 10");
        assertThat(lkd.run("dx @$twice = (x => x * 2)")).hasSize(1);
        assertThat(lkd.run("dx @$twice(@$n)")).containsExactly("@$twice(@$n) : 10");
        assertThat(lkd.run("dx @$notepads = @$cursession.Processes.Where(p => p.Name == \"notepad.exe\")")).hasSize(2);
        assertThat(lkd.text("dx @$notepads.Count()")).endsWith(" : 0x1");
        assertThat(lkd.run("dx -r2 Debugger.State.UserVariables")).contains("    n                : 5");
        assertThat(lkd.run("dx @$recurse = (x => @$recurse(x))")).hasSize(1);
        assertThat(lkd.run("dx @$recurse(1)")).containsExactly("Error: Method calls nested too deeply");
    }

    @Test
    void formatSpecifiersAndToDisplayStringChooseTheRadix() {
        assertThat(lkd.run("dx @$curprocess.Id, d")).containsExactly("@$curprocess.Id, d : " + kdPid);
        assertThat(lkd.run("dx @$curprocess.Id.ToDisplayString(\"d\")")).containsExactly(
                "@$curprocess.Id.ToDisplayString(\"d\") : " + kdPid, "    Length           : " + hex(Long.toString(kdPid).length()));
        assertThat(lkd.run("dx -1, x")).containsExactly("-1, x : 0xffffffff");
        assertThat(lkd.run("dx 0x10 * 3 + 1")).containsExactly("0x10 * 3 + 1 : 49");
        assertThat(lkd.run("dx (unsigned long)-1")).containsExactly(
                "(unsigned long)-1                 : 0xffffffff [Type: unsigned long]");
        assertThat(lkd.run("dx \"kd\" + \".exe\" == @$curprocess.Name")).containsExactly(
                "\"kd\" + \".exe\" == @$curprocess.Name : true");
        assertThat(lkd.run("dx @$curprocess.Id, z")).containsExactly("Error: Invalid format specifier 'z'");
    }

    @Test
    void aGridIsDrawnWithTheConsolesCharactersAndContainersStopAtAHundred() {
        long systemThreads = bytes.threads(bytes.processes().get(0)).size();
        assertThat(lkd.run("dx -g @$cursession.Processes.Take(2).Select(p => new { Name = p.Name, Threads ="
                + " p.Threads.Count() })")).containsExactly(
                "============================",
                "=       = Name   = Threads =",
                "============================",
                "= [0x0] - Idle   - 0x0     =",
                String.format(Locale.ROOT, "= [0x4] - System - %-7s =", hex(systemThreads)),
                "============================");
        List<String> modules = lkd.run("dx @$curprocess.Modules");
        assertThat(modules).hasSize(102);
        assertThat(modules.get(101)).isEqualTo("    [...]           ");
        assertThat(lkd.run("dx -c 100 @$curprocess.Modules").get(1)).startsWith("    [0x64]           : ");
    }

    @Test
    void helpAndVerboseShowWhatObjectsAndMethodsAreFor() {
        assertThat(lkd.run("dx -h Debugger.State")).containsExactly(
                "Debugger.State                 [State pertaining to the current execution of the debugger (e.g.: user"
                        + " variables)]",
                "    DebuggerVariables [Debugger variables which are owned by the debugger and can be referenced by a"
                        + " pseudo-register prefix of @$]",
                "    UserVariables    [User variables which are maintained by the debugger and can be referenced by a"
                        + " pseudo-register prefix of @$]");
        assertThat(lkd.run("dx -v @$curprocess.Threads")).contains(
                "    Where            [Where(filterMethod) - Filters a sequence of values based on a predicate]",
                "    ToDisplayString  [ToDisplayString([FormatSpecifier]) - Method which converts the object to its"
                        + " display string representation according to an optional format specifier]");
        assertThat(lkd.run("dx -h @$cursession").get(4)).isEqualTo("    Devices          [The session's devices: the PnP"
                + " device tree]");
    }

    @Test
    void idEvaluatesInAnotherProcessAndEditsShowAtOnce() {
        long notepad = lkd.processAddress("notepad.exe");
        long peb = bytes.read(notepad, TargetBytes.EPROCESS, "Peb");
        long imageBase = bytes.userSpace(notepad).readLong(peb + TargetBytes.TYPES.struct("_PEB").offsetOf("ImageBaseAddress"));
        assertThat(lkd.run("dx -id 0,0," + Long.toHexString(notepad) + " @$curprocess.Name"))
                .containsExactly("@$curprocess.Name : notepad.exe", "    Length           : 0xb");
        assertThat(lkd.run("dx -id 0,0," + Long.toHexString(notepad) + " ((nt!_PEB*)" + hex(peb) + ")->ImageBaseAddress"))
                .containsExactly("((nt!_PEB*)" + hex(peb) + ")->ImageBaseAddress                 : " + hex(imageBase)
                        + " [Type: void *]");
        long exitStatus = kd + TargetBytes.EPROCESS.offsetOf("ExitStatus");
        long saved = bytes.kernel().readInt(exitStatus);
        lkd.run("ed " + Long.toHexString(exitStatus) + " 5");
        assertThat(lkd.text("dx @$curprocess.KernelObject.ExitStatus")).endsWith(" : 5 [Type: long]");
        lkd.run("ed " + Long.toHexString(exitStatus) + " " + Long.toHexString(saved));
        assertThat(lkd.text("dx @$curprocess.KernelObject.ExitStatus")).endsWith(" : " + (int) saved + " [Type: long]");
    }

    /**
     * The one-liners over every process, against the bytes: the modules that are not under System32 (the
     * loader list of each process's PEB and PsLoadedModuleList, nt named ntkrnlmp.exe as dx names it), the trust
     * level SID of each primary token, and the names of every thread.
     */
    @Test
    void theOneLinersOverEveryProcessAgreeWithTheBytes() {
        List<Long> processes = bytes.processes();
        StructType kldr = TargetBytes.TYPES.struct("_KLDR_DATA_TABLE_ENTRY");
        List<Long> kernelModules = bytes.walk(bytes.kernel(), bytes.symbol("PsLoadedModuleList"), 0);
        long kernelOutside = 1;   // nt, which dx names ntkrnlmp.exe
        for (long module : kernelModules.subList(1, kernelModules.size())) {
            kernelOutside += outsideSystem32(TargetBytes.unicode(bytes.kernel(), module + kldr.offsetOf("FullDllName")));
        }
        long outside = kernelOutside;   // Idle: the kernel's modules only
        List<String> kdOutside = new ArrayList<>();
        for (long eprocess : processes) {
            outside += kernelOutside;
            for (String name : userModules(eprocess)) {
                outside += outsideSystem32(name);
                if (eprocess == kd && outsideSystem32(name) == 1) {
                    kdOutside.add(name);
                }
            }
        }
        kdOutside.add("ntkrnlmp.exe");
        assertThat(lkd.text("dx @$cursession.Processes.Select(p => p.Modules.Where(m =>"
                + " !m.Name.ToLower().Contains(\"system32\")).Count()).Sum()")).endsWith(" : " + hex(outside));
        List<String> kdLines = lkd.run("dx @$cursession.Processes[" + kdPid + "].Modules.Where(m =>"
                + " !m.Name.ToLower().Contains(\"system32\"))");
        assertThat(kdLines.subList(1, kdLines.size()).stream().map(l -> l.substring(l.indexOf(" : ") + 3)))
                .containsExactlyElementsOf(kdOutside);

        List<String> trust = lkd.run("dx -g @$cursession.Processes.Where(p => p.Id != 0).Select(p => new { Trust ="
                + " ((nt!_TOKEN*)(p.KernelObject.Token.Value & ~0xf))->TrustLevelSid })");
        assertThat(trust).hasSize(processes.size() + 4);
        for (int i = 0; i < processes.size(); i++) {
            long token = bytes.read(processes.get(i), TargetBytes.EPROCESS, "Token") & ~0xfL;
            long sid = bytes.read(token, TargetBytes.TYPES.struct("_TOKEN"), "TrustLevelSid");
            assertThat(trust.get(i + 3)).as(bytes.imageName(processes.get(i))).matches("= \\[0x[0-9a-f]+\\] +- "
                    + hex(sid) + " +=");
        }

        long threads = 0;
        long named = 0;
        for (long eprocess : processes) {
            for (long ethread : bytes.threads(eprocess)) {
                threads++;
                named += bytes.read(ethread, TargetBytes.ETHREAD, "ThreadName") != 0 ? 1 : 0;
            }
        }
        String names = "@$cursession.Processes.Select(p => p.Threads.Select(t => t.KernelObject.ThreadName)).Flatten()";
        assertThat(lkd.text("dx " + names + ".Count()")).endsWith(" : " + hex(threads));
        assertThat(lkd.text("dx " + names + ".Where(n => n != 0).Count()")).endsWith(" : " + hex(named));
    }

    private static int outsideSystem32(String path) {
        return path.toLowerCase(Locale.ROOT).contains("system32") ? 0 : 1;
    }

    /** The full paths of a process's loader list (its PEB's InLoadOrderModuleList); none without a PEB. */
    private static List<String> userModules(long eprocess) {
        long peb = bytes.read(eprocess, TargetBytes.EPROCESS, "Peb");
        List<String> names = new ArrayList<>();
        if (peb == 0) {
            return names;
        }
        VirtualMemory user = bytes.userSpace(eprocess);
        long ldr = user.readLong(peb + TargetBytes.TYPES.struct("_PEB").offsetOf("Ldr"));
        StructType entry = TargetBytes.TYPES.struct("_LDR_DATA_TABLE_ENTRY");
        for (long module : bytes.walk(user, ldr + TargetBytes.TYPES.struct("_PEB_LDR_DATA")
                .offsetOf("InLoadOrderModuleList"), 0)) {
            names.add(TargetBytes.unicode(user, module + entry.offsetOf("FullDllName")));
        }
        return names;
    }
}
