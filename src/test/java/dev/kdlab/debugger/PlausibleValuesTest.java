package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values with the right format that must also be the values a real machine has, through commands:
 * MemoryPriority BACKGROUND but for the foreground app, list heads that are empty point at
 * themselves, the PEB's Mutant is -1, every image starts with the DOS stub, and the processor the
 * debugger runs on has no next thread while its idle thread is ready.
 */
class PlausibleValuesTest {
    private static final Pattern LIST = Pattern.compile(
            "   \\+0x([0-9a-f]+) (\\w+) +: _LIST_ENTRY \\[ 0x([0-9a-f`]+) - 0x([0-9a-f`]+) \\]");
    /** Links Windows leaves zero: not in a job, no timer resolution set, not on a queue, no keyed wait (ExitTime shares it). */
    private static final Set<String> ZERO_ALLOWED = Set.of("JobLinks", "TimerResolutionLink", "SessionProcessLinks",
            "WaitListEntry", "QueueListEntry", "GlobalForegroundListEntry", "GlobalUpdateVpThreadPriorityListEntry",
            "KeyedWaitChain", "AlpcWaitListEntry");
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    @Test
    void onlyTheForegroundAppHasForegroundMemoryPriority() {
        List<String> lines = lkd.run("!process 0 1");
        long foreground = lines.stream().filter(l -> l.equals("    MemoryPriority                    FOREGROUND")).count();
        long background = lines.stream().filter(l -> l.equals("    MemoryPriority                    BACKGROUND")).count();
        assertThat(foreground).isEqualTo(1);
        assertThat(background).isEqualTo(lkd.processAddresses().size() - 1);
        assertThat(lkd.run("!process 0 1 kd.exe")).contains("    MemoryPriority                    FOREGROUND");
        assertThat(lkd.eval("@$proc")).isEqualTo(lkd.processAddress("kd.exe"));   // the debugger's, on processor 0
        // the byte: MEMORY_PRIORITY_FOREGROUND (2) for kd, the normal page priority 5 for the others
        assertThat(lkd.eval("by(@$proc+0x680+0xb8+0x2)")).isEqualTo(2);           // Vm.Instance.Flags.MemoryPriority
        assertThat(lkd.eval("by(" + Long.toHexString(lkd.processAddress("notepad.exe")) + "+0x73a)")).isEqualTo(5);
        assertThat(lkd.run("dt nt!_EPROCESS @$proc Vm.Instance.Flags.MemoryPriority").get(3))
                .isEqualTo("            +0x002 MemoryPriority                   : 0x2 ''");
    }

    /** Every LIST_ENTRY of every process and of each process's first thread is linked, self-linked, or one Windows leaves zero. */
    @Test
    void emptyListHeadsPointAtThemselves() {
        List<String> zero = new ArrayList<>();
        int selfLinked = 0;
        for (long process : lkd.processAddresses()) {
            String p = Long.toHexString(process);
            selfLinked += check("dt nt!_EPROCESS " + p, process, zero);
            selfLinked += check("dt nt!_KPROCESS " + p, process, zero);
            List<String> threads = lkd.run("!process " + p + " 2").stream().filter(l -> l.startsWith("        THREAD ")).toList();
            if (!threads.isEmpty()) {
                long thread = Long.parseUnsignedLong(threads.get(0).substring(15, 31), 16);
                selfLinked += check("dt nt!_KTHREAD " + Long.toHexString(thread), thread, zero);
                selfLinked += check("dt nt!_ETHREAD " + Long.toHexString(thread), thread, zero);
            }
        }
        assertThat(zero).isEmpty();
        assertThat(selfLinked).isGreaterThan(lkd.processAddresses().size() * 10);
        long notepad = lkd.processAddress("notepad.exe");
        assertThat(lkd.run("dt nt!_EPROCESS " + Long.toHexString(notepad) + " VirtualTimerListHead")).containsExactly(
                "   +0x990 VirtualTimerListHead : _LIST_ENTRY [ 0x" + Hex.backtick(notepad + 0x990)
                        + " - 0x" + Hex.backtick(notepad + 0x990) + " ]");
        // the idle process and the idle threads, which KiInitializeKernel set up
        assertThat(check("dt nt!_KPROCESS nt!PsIdleProcess", lkd.eval("nt!PsIdleProcess"), zero)).isEqualTo(2);
        assertThat(check("dt nt!_KTHREAD nt!KiInitialThread", lkd.eval("nt!KiInitialThread"), zero)).isEqualTo(1);   // MutantListHead
        assertThat(zero).containsExactly("KPROCESS ProcessListEntry");   // the idle process is on no process list
    }

    /** Checks one dt listing; returns how many of its lists are self-linked, adding the zero ones not allowed to {@code zero}. */
    private static int check(String command, long base, List<String> zero) {
        int selfLinked = 0;
        for (String line : lkd.run(command)) {
            Matcher m = LIST.matcher(line);
            if (!m.matches()) {
                continue;
            }
            long at = base + Long.parseLong(m.group(1), 16);
            long flink = Long.parseUnsignedLong(m.group(3).replace("`", ""), 16);
            long blink = Long.parseUnsignedLong(m.group(4).replace("`", ""), 16);
            if (flink == 0 && blink == 0 && !ZERO_ALLOWED.contains(m.group(2))) {
                zero.add(command.split(" ")[1].substring(4) + " " + m.group(2));
            }
            if (flink == at && blink == at) {
                selfLinked++;
            }
        }
        return selfLinked;
    }

    @Test
    void thePebsMutantIsMinusOneAndItsWorkerListEmpty() {
        long peb = lkd.eval("@$peb");
        assertThat(lkd.run("dt nt!_PEB @$peb Mutant TppWorkerpList")).containsExactly(
                "   +0x008 Mutant         : 0xffffffff`ffffffff Void",
                "   +0x390 TppWorkerpList : _LIST_ENTRY [ 0x" + Hex.backtick(peb + 0x390) + " - 0x" + Hex.backtick(peb + 0x390) + " ]");
        lkd.run(".process /p " + Long.toHexString(lkd.processAddress("explorer.exe")));
        try {
            assertThat(lkd.eval("poi(@$peb+8)")).isEqualTo(-1L);
        } finally {
            lkd.run(".process 0");
        }
    }

    /** The 64 bytes after every image's DOS header are the linker's real-mode stub, message and all; the Rich header follows. */
    @Test
    void everyImageStartsWithTheDosStub() {
        int read = 0;
        List<String> modules = new ArrayList<>(lkd.run("lm"));
        for (String row : modules.subList(1, modules.size())) {
            String base = row.substring(0, 17).replace("`", "");
            List<String> stub = lkd.run("db " + base + "+40 L10");
            if (stub.get(0).contains("??")) {
                continue;   // a user image's header page trimmed from the working set
            }
            assertThat(stub).as(row).containsExactly(Hex.backtick(Long.parseUnsignedLong(base, 16) + 0x40)
                    + "  0e 1f ba 0e 00 b4 09 cd-21 b8 01 4c cd 21 54 68  ........!..L.!Th");
            assertThat(lkd.run("da " + base + "+4e L27")).as(row).containsExactly(   // da wraps after 32 characters
                    Hex.backtick(Long.parseUnsignedLong(base, 16) + 0x4e) + "  \"This program cannot be run in DO\"",
                    Hex.backtick(Long.parseUnsignedLong(base, 16) + 0x6e) + "  \"S mode.\"");
            long key = lkd.eval("dwo(" + base + "+0xd4)");
            assertThat(lkd.eval("dwo(" + base + "+0x80)") ^ key).isEqualTo(0x536e6144L);   // "DanS" under the key
            assertThat(lkd.eval("dwo(" + base + "+0xd0)")).isEqualTo(0x68636952L);         // "Rich"
            read++;
        }
        assertThat(read).isGreaterThan(177);   // every kernel module and the debugger's user images
    }

    @Test
    void theDebuggersProcessorHasNoNextThreadAndItsIdleThreadIsReady() {
        assertThat(lkd.run("dt nt!_KPRCB @$prcb NextThread")).containsExactly("   +0x010 NextThread : (null) ");
        long idle = lkd.eval("poi(@$prcb+0x18)");
        assertThat(idle).isEqualTo(lkd.eval("nt!KiInitialThread"));
        assertThat(lkd.run("!thread " + Long.toHexString(idle) + " 0").get(0)).endsWith(" READY on processor 0");
        assertThat(lkd.run("!thread").get(0)).endsWith(" RUNNING on processor 0");
    }
}
