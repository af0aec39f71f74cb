package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** !thread and !process with thread flags, line for line against transcripts 1.6 and 3.3 (19045). */
class ThreadCommandTest {
    private static final Pattern THREAD_LINE = Pattern.compile("^ *THREAD ([0-9a-f]{16})  Cid ([0-9a-f]{4,})\\.([0-9a-f]{4,})  "
            + "Teb: ([0-9a-f]{16}) Win32Thread: [0-9a-f]{16} (WAIT: \\((\\w+)\\) (KernelMode|UserMode) (Alertable|Non-Alertable)"
            + "|RUNNING on processor \\d|STANDBY)$");
    private static final String STACK_HEADER = "Child-SP          RetAddr               : Args to Child"
            + "                                                           : Call Site";
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    static long processNamed(String image) {
        String line = lkd.run("!process 0 0 " + image).get(0);
        return Long.parseUnsignedLong(line.substring("PROCESS ".length()), 16);
    }

    static List<Long> threadsOf(long eprocess) {
        return lkd.run("!process " + Long.toHexString(eprocess) + " 4").stream()
                .map(THREAD_LINE::matcher).filter(Matcher::matches)
                .map(m -> Long.parseUnsignedLong(m.group(1), 16)).toList();
    }

    @Test
    void cmdsWaitingMainThreadHasTheShapeOfTheCaptured19045Thread() {
        long cmd = processNamed("cmd.exe");
        long thread = threadsOf(cmd).get(0);
        List<String> lines = lkd.run("!thread " + Long.toHexString(thread));
        assertThat(lines.get(0)).matches(THREAD_LINE).endsWith("WAIT: (UserRequest) UserMode Non-Alertable");
        long kd = processNamed("kd.exe");
        assertThat(lines.get(1)).isEqualTo("    " + Hex.plain(kd) + "  ProcessObject");   // cmd waits for its child
        assertThat(lines.get(2)).isEqualTo("Not impersonating");
        assertThat(lines.get(3)).matches("DeviceMap                 [0-9a-f]{16}");
        assertThat(lines.get(4)).isEqualTo("Owning Process            " + Hex.plain(cmd) + "       Image:         cmd.exe");
        assertThat(lines.get(5)).isEqualTo("Attached Process          N/A            Image:         N/A");
        assertThat(lines.get(6)).matches("Wait Start TickCount      \\d+ +Ticks: \\d+ \\(0:00:\\d\\d:\\d\\d\\.\\d{3}\\)");
        assertThat(lines.get(6).indexOf("Ticks:")).isEqualTo(41);
        assertThat(lines.get(7)).matches("Context Switch Count      \\d+ +IdealProcessor: \\d {13}");
        assertThat(lines.get(7).indexOf("IdealProcessor")).isEqualTo(41);
        assertThat(lines.get(8)).matches("UserTime                  00:00:\\d\\d\\.\\d{3}");
        assertThat(lines.get(9)).matches("KernelTime                00:00:\\d\\d\\.\\d{3}");
        assertThat(lines.get(10)).matches("Win32 Start Address 0x00007ff[67][0-9a-f]{8}");   // not the context: bare
        Matcher init = Pattern.compile("Stack Init ([0-9a-f]{16}) Current ([0-9a-f]{16})").matcher(lines.get(11));
        Matcher base = Pattern.compile("Base ([0-9a-f]{16}) Limit ([0-9a-f]{16}) Call 0000000000000000").matcher(lines.get(12));
        assertThat(init.matches()).isTrue();
        assertThat(base.matches()).isTrue();
        long stackInit = Long.parseUnsignedLong(init.group(1), 16);
        long current = Long.parseUnsignedLong(init.group(2), 16);
        long stackBase = Long.parseUnsignedLong(base.group(1), 16);
        assertThat(stackBase - Long.parseUnsignedLong(base.group(2), 16)).isEqualTo(0x7000);     // machine-19045 6.1
        assertThat(stackBase - stackInit).isEqualTo(0x9b0);
        assertThat(stackInit - current).isEqualTo(0x5f0);                       // as f650 - f060 in transcript 1.6
        assertThat(lines.get(13)).matches("Priority \\d+  BasePriority 8  IoPriority 2  PagePriority 5");
        assertThat(lines.get(14)).isEqualTo(STACK_HEADER);
        List<String> frames = lines.subList(15, lines.size());
        assertThat(frames).extracting(ThreadCommandTest::callSite).containsExactly("nt!KiSwapContext+0x76",
                "nt!KiSwapThread+0x500", "nt!KiCommitThreadWait+0x14f", "nt!KeWaitForSingleObject+0x233",
                "nt!ObWaitForSingleObject+0x91", "nt!NtWaitForSingleObject+0x6a",
                "nt!KiSystemServiceCopyEnd+0x25 (TrapFrame @ " + Hex.backtick(stackInit - 0x190) + ")",
                frames.get(7).substring(frames.get(7).lastIndexOf(": ") + 2));
        // The Child-SP steps of the capture: 0x140, 0xb0, 0xa0, 0xf0, 0x60, 0x40, and the trap frame at the last.
        long[] childSp = frames.stream().limit(7).mapToLong(ThreadCommandTest::childSp).toArray();
        assertThat(childSp[0]).isEqualTo(current + 0x40);
        assertThat(new long[] {childSp[1] - childSp[0], childSp[2] - childSp[1], childSp[3] - childSp[2],
                childSp[4] - childSp[3], childSp[5] - childSp[4], childSp[6] - childSp[5]})
                .containsExactly(0x140, 0xb0, 0xa0, 0xf0, 0x60, 0x40);
        // KeWaitForSingleObject's home area holds its arguments: the process, UserRequest, UserMode, FALSE.
        assertThat(frames.get(3)).contains(": " + Hex.backtick(kd) + " 00000000`00000006 00000000`00000001 00000000`00000000 :");
        // cmd is not the context: its user frame prints bare, with nothing read above it (transcript 1.6).
        assertThat(frames.get(7)).matches("00000[0-9a-f]{3}`[0-9a-f]{8} 00000000`00000000     : (00000000`00000000 ){4}: "
                + "0x00007ffe`[0-9a-f]{8}");
    }

    @Test
    void everyFramesReturnAddressIsTheQwordBelowTheNextChildSp() {
        long thread = threadsOf(processNamed("explorer.exe")).get(3);
        lkd.run(".thread " + Long.toHexString(thread));
        List<String> frames = lkd.run("kb");
        lkd.run(".thread 0");
        assertThat(frames.get(0)).isEqualTo("  *** Stack trace for last set context - .thread/.cxr resets it");
        assertThat(frames.get(1)).isEqualTo(" # Child-SP          RetAddr               : Args to Child"
                + "                                                           : Call Site");
        assertThat(frames.size()).isGreaterThan(10);
        lkd.run(".process /p " + Long.toHexString(processNamed("explorer.exe")));
        for (int i = 2; i < frames.size() - 1; i++) {
            long returnAddress = Long.parseUnsignedLong(frames.get(i).substring(21, 38).replace("`", ""), 16);
            long nextChildSp = Long.parseUnsignedLong(frames.get(i + 1).substring(3, 20).replace("`", ""), 16);
            if (frames.get(i).contains("KiSystemServiceCopyEnd")) {
                continue;   // the trap frame, not the stack below the user rsp, holds the user rip
            }
            assertThat(lkd.eval("poi(" + Long.toHexString(nextChildSp - 8) + ")")).as(frames.get(i)).isEqualTo(returnAddress);
        }
        assertThat(frames.get(frames.size() - 1)).contains("00000000`00000000     :").endsWith("ntdll!RtlUserThreadStart+0x21");
        lkd.run(".process 0");
    }

    @Test
    void threadPoolWorkersWaitOnTheirProcessesQueueLikeTheCapturedWorkers() {
        long process = processNamed("explorer.exe");
        lkd.run(".process /p /r " + Long.toHexString(process));
        List<String> block = List.of();
        for (long thread : threadsOf(process)) {
            block = lkd.run("!thread " + Long.toHexString(thread));
            if (block.get(0).contains("(WrQueue) UserMode Alertable")) {
                break;
            }
        }
        lkd.run(".process 0");
        assertThat(block.get(1)).matches(" {4}[0-9a-f]{16}  QueueObject");
        assertThat(block).contains("Win32 Start Address ntdll!TppWorkerThread (0x" + Hex.plain(lkd.eval("ntdll!TppWorkerThread")) + ")");
        List<String> frames = block.subList(block.indexOf(STACK_HEADER) + 1, block.size());
        assertThat(frames).extracting(ThreadCommandTest::callSite).startsWith("nt!KiSwapContext+0x76",
                "nt!KiSwapThread+0x500", "nt!KiCommitThreadWait+0x14f", "nt!KeRemoveQueueEx+0x263",
                "nt!IoRemoveIoCompletion+0x98", "nt!NtWaitForWorkViaWorkerFactory+0xdc8");
        assertThat(callSite(frames.get(6))).startsWith("nt!KiSystemServiceCopyEnd+0x25 (TrapFrame @ ");
        assertThat(frames.subList(7, frames.size())).extracting(ThreadCommandTest::callSite).containsExactly(
                "ntdll!NtWaitForWorkViaWorkerFactory+0x14", "ntdll!TppWorkerThread+0x2f7",
                "KERNEL32!BaseThreadInitThunk+0x14", "ntdll!RtlUserThreadStart+0x21");
        assertThat(childSp(frames.get(4)) - childSp(frames.get(3))).isEqualTo(0xa0);
        assertThat(childSp(frames.get(5)) - childSp(frames.get(4))).isEqualTo(0x130);
        assertThat(childSp(frames.get(6)) - childSp(frames.get(5))).isEqualTo(0x230);
        long trap = Long.parseUnsignedLong(callSite(frames.get(6)).replaceAll(".*@ (\\w+)`(\\w+)\\)", "$1$2"), 16);
        assertThat(trap - childSp(frames.get(6))).isEqualTo(0x70);   // f4c0 - f450 in transcript 1.6
    }

    @Test
    void cidOnTheThreadLineIsTheEthreadsCidAndTheTebsClientId() {
        for (long thread : threadsOf(processNamed("notepad.exe"))) {
            Matcher m = THREAD_LINE.matcher(lkd.run("!thread " + Long.toHexString(thread) + " 0").get(0));
            assertThat(m.matches()).isTrue();
            String at = Long.toHexString(thread);
            assertThat(Long.parseLong(m.group(2), 16)).isEqualTo(lkd.eval("poi(" + at + "+0x478)"));
            assertThat(Long.parseLong(m.group(3), 16)).isEqualTo(lkd.eval("poi(" + at + "+0x480)"));
            assertThat(Long.parseUnsignedLong(m.group(4), 16)).isEqualTo(lkd.eval("poi(" + at + "+0xf0)"));
        }
    }

    @Test
    void idleThreadsRunAtPriorityZeroInKiIdleLoop() {
        long prcb1 = lkd.eval("poi(nt!KiProcessorBlock+8)");
        long idle = lkd.eval("poi(" + Long.toHexString(prcb1) + "+0x18)");
        List<String> lines = lkd.run("!thread " + Long.toHexString(idle));
        assertThat(lines.get(0)).isEqualTo("THREAD " + Hex.plain(idle) + "  Cid 0000.0000  Teb: 0000000000000000 "
                + "Win32Thread: 0000000000000000 RUNNING on processor 1");
        assertThat(lines).contains("Win32 Start Address nt!KiIdleLoop (0x" + Hex.plain(lkd.eval("nt!KiIdleLoop")) + ")",
                "Priority 0  BasePriority 0  IoPriority 0  PagePriority 5");
        assertThat(lines.get(3)).endsWith("Image:         Idle");
        assertThat(lines.get(lines.size() - 1)).contains("00000000`00000000     :").endsWith(": nt!KiIdleLoop+0x9e");
        assertThat(lkd.eval("nt!KiIdleLoop") - lkd.eval("nt")).isEqualTo(0x400500);   // machine-19045.md 6.5
    }

    @Test
    void waitReasonsFollowTheMixOfAnIdleDesktop() {
        Map<String, Integer> reasons = new HashMap<>();
        for (String line : lkd.run("!process 0 2")) {
            Matcher m = THREAD_LINE.matcher(line);
            if (m.matches() && m.group(6) != null) {
                reasons.merge(m.group(6), 1, Integer::sum);
            }
        }
        int total = reasons.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(total).isGreaterThan(200);
        assertThat(reasons.get("UserRequest")).isGreaterThan(reasons.get("WrQueue"));
        assertThat(reasons.get("WrQueue")).isGreaterThan(reasons.get("Executive"));
        assertThat(reasons.get("UserRequest") * 100 / total).isBetween(30, 60);     // 694 of 1458 on the S1 machine
        assertThat(reasons.get("WrQueue") * 100 / total).isBetween(15, 40);         // 406 of 1458
        assertThat(reasons).containsKeys("Executive", "WrLpcReceive", "WrAlertByThreadId", "WrFreePage");
    }

    @Test
    void flagsChooseWhatIsShown() {
        long cmd = processNamed("cmd.exe");
        String at = Long.toHexString(cmd);
        assertThat(lkd.run("!thread -1 0")).hasSize(1).allMatch(l -> l.matches(THREAD_LINE.pattern()));
        List<String> summary = lkd.run("!process " + at + " 1");
        assertThat(summary.get(4)).matches("    VadRoot [0-9a-f]{16} Vads \\d+ Clone 0 Private \\d+\\. Modified \\d+\\. Locked \\d+\\.");
        assertThat(summary.get(6)).startsWith("    Token                             ");
        assertThat(summary.get(7)).matches("    ElapsedTime                       \\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        assertThat(summary.get(summary.size() - 2)).startsWith("    CommitCharge                      ");
        assertThat(summary.get(summary.size() - 1)).isEmpty();
        List<String> waits = lkd.run("!process " + at + " 2");
        assertThat(waits.get(5)).matches(THREAD_LINE).startsWith("        THREAD ");
        assertThat(waits.get(6)).matches(" {12}[0-9a-f]{16}  ProcessObject");
        assertThat(waits.get(7)).isEmpty();
        List<String> full = lkd.run("!process " + at + " 0x1f");
        assertThat(full).contains("        Child-SP          RetAddr               Call Site");
        assertThat(full).anyMatch(l -> l.endsWith("     cmd!wmain+0x1c7"));   // 0x10: cmd's own context
        assertThat(lkd.run("!process " + at + " 7")).contains("        " + STACK_HEADER);
    }

    @Test
    void badAddressesGetWinDbgsErrorLine() {
        long head = lkd.eval("nt!PsActiveProcessHead");
        assertThat(lkd.run("!thread " + Long.toHexString(head)))
                .containsExactly("TYPE mismatch for thread object at " + Long.toHexString(head));
        assertThat(lkd.lastSucceeded()).isFalse();
        assertThat(lkd.run(".thread " + Long.toHexString(head)))
                .containsExactly("TYPE mismatch for thread object at " + Long.toHexString(head));
    }

    static String callSite(String frame) {
        return frame.substring(frame.lastIndexOf(" : ") + 3);
    }

    static long childSp(String frame) {
        return Long.parseUnsignedLong(frame.strip().substring(0, 17).replace("`", ""), 16);
    }
}
