package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** vertarget, version and .effmach against NtBuildNumber, KdDebuggerDataBlock and KUSER_SHARED_DATA. */
class TargetFactsTest {
    private static final long KUSER = 0xfffff780_00000000L;
    private static final LocalDateTime FILETIME_EPOCH = LocalDateTime.of(1601, 1, 1, 0, 0);
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    private static LocalDateTime fromFiletime(long filetime) {
        return FILETIME_EPOCH.plusSeconds(filetime / 10_000_000).plusNanos(filetime % 10_000_000 * 100);
    }

    @Test
    void vertargetIsThe19045BlockOfTranscript57() {
        List<String> lines = lkd.run("vertarget");
        assertThat(lines).hasSize(7);
        assertThat(lines.subList(0, 4)).containsExactly(
                "Windows 10 Kernel Version 19045 MP (4 procs) Free x64",
                "Product: WinNt, suite: TerminalServer SingleUserTS",
                "Edition build lab: 19041.1.amd64fre.vb_release.191206-1406",
                "Machine Name:");
        long kernelBase = lkd.eval("poi(nt!KdDebuggerDataBlock+0x18)");   // KDDEBUGGER_DATA64.KernBase
        assertThat(lines.get(4)).isEqualTo("Kernel base = 0x" + Hex.backtick(kernelBase)
                + " PsLoadedModuleList = 0x" + Hex.backtick(lkd.eval("nt!PsLoadedModuleList")));
        assertThat(lkd.run("da " + Long.toHexString(kernelBase))).containsExactly(Hex.backtick(kernelBase) + "  \"MZ.\"");
        assertThat(lkd.eval("nt!KiSystemStartup") - kernelBase).isEqualTo(0x3f4c10);
        assertThat(lines.get(5)).matches("Debug session time: \\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\d{4} \\(UTC \\+ 0:00\\)");
        assertThat(lines.get(6)).matches("System Uptime: 0 days \\d+:\\d\\d:\\d\\d\\.\\d{3}");
    }

    @Test
    void versionFactsComeFromTheKernelsBytes() {
        assertThat(lkd.eval("dwo(nt!NtBuildNumber)")).isEqualTo(0xf0004a65L);   // 0xF: free build, 0x4a65 = 19045
        assertThat(lkd.eval("dwo(nt!KeNumberProcessors)")).isEqualTo(4);
        assertThat(lkd.eval("dwo(fffff780`00000264)")).isEqualTo(1);            // NtProductType: WinNt
        assertThat(lkd.eval("dwo(fffff780`000002d0)")).isEqualTo(0x110);        // SuiteMask
        long lab = lkd.eval("poi(nt!KdDebuggerDataBlock+0x208)");               // KDDEBUGGER_DATA64.NtBuildLab
        assertThat(lab).isEqualTo(lkd.eval("nt!NtBuildLab"));
        assertThat(lkd.run("da nt!NtBuildLab")).containsExactly(
                Hex.backtick(lab) + "  \"19041.1.amd64fre.vb_release.1912\"",
                Hex.backtick(lab + 0x20) + "  \"06-1406\"");
    }

    @Test
    void sessionTimeAndUptimeAreKuserSystemTimeAndInterruptTime() {
        long systemTime = lkd.eval("poi(fffff780`00000014)");
        long interruptTime = lkd.eval("poi(fffff780`00000008)");
        List<String> lines = lkd.run("vertarget");
        LocalDateTime now = fromFiletime(systemTime);
        assertThat(lines.get(5)).isEqualTo("Debug session time: "
                + now.format(DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss.SSS yyyy", Locale.ROOT)) + " (UTC + 0:00)");
        long ms = interruptTime / 10_000;
        assertThat(lines.get(6)).isEqualTo(String.format("System Uptime: 0 days %d:%02d:%02d.%03d",
                ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000));
        // The machine booted at 07:12:03 sharp; every process was created between boot and now.
        assertThat(fromFiletime(systemTime - interruptTime)).isEqualTo(LocalDateTime.of(2026, 11, 20, 7, 12, 3));
        for (long eprocess : lkd.processAddresses()) {
            long created = lkd.eval("poi(" + Long.toHexString(eprocess) + "+0x468)");
            assertThat(Long.compareUnsigned(created, systemTime)).isLessThan(0);
        }
        // KUSER TickCount counts 15.625 ms ticks of the same interrupt time.
        assertThat(lkd.eval("poi(fffff780`00000320)")).isEqualTo(interruptTime / 156_250);
        assertThat(fromFiletime(systemTime).toEpochSecond(ZoneOffset.UTC)).isPositive();
    }

    @Test
    void versionStartsWithTheTargetBlockAndEffmachNamesX64() {
        List<String> version = lkd.run("version");
        assertThat(version.subList(0, 7)).isEqualTo(lkd.run("vertarget"));
        assertThat(version.get(7)).isEmpty();
        assertThat(version.subList(8, version.size() - 1)).containsExactly(
                "kdlab Debugger Version " + Debugger.VERSION,
                "WinDbg-style commands over an emulated Windows 10 x64 kernel; not Microsoft's debugger.",
                "",
                "dbgeng:  kdlab " + Debugger.VERSION + ", built in (reads the target through its page tables and the 19041 type catalog)",
                "dbghelp: kdlab " + Debugger.VERSION + ", built in (public symbols and .pdata unwind data of the emulated images)",
                "Extension DLL search Path:",
                "    none: kdlab's extension commands are built in",
                "Extension DLL chain:",
                "    kdexts: kdlab " + Debugger.VERSION + ", built in");
        String extensions = version.get(version.size() - 1);   // every !command of the table, sorted
        assertThat(extensions).startsWith("        [").endsWith("]");
        List<String> names = List.of(extensions.substring(9, extensions.length() - 1).split(" "));
        assertThat(names).isSorted().contains("!process", "!thread", "!pte", "!ptov", "!vtop", "!peb")
                .allMatch(n -> n.startsWith("!"));
        assertThat(lkd.run(".effmach")).containsExactly("Effective machine: x64 (AMD64)");
        assertThat(lkd.run(".effmach amd64")).containsExactly("Effective machine: x64 (AMD64)");
        assertThat(lkd.run(".effmach x86")).hasSize(1).allMatch(l -> l.startsWith("Invalid machine type 'x86'"));
        assertThat(lkd.lastSucceeded()).isFalse();
    }
}
