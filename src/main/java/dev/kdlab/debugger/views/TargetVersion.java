package dev.kdlab.debugger.views;

import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Session;
import dev.kdlab.struct.StructView;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the debugger engine says about its target (the {@code vertarget} block of transcripts 5.7),
 * every fact read from the target's bytes: the build from nt!NtBuildNumber (high nibble 0xF = free),
 * the processor count from nt!KeNumberProcessors, product and suite from KUSER_SHARED_DATA, the
 * build lab, kernel base and module list from KdDebuggerDataBlock, the time and uptime from
 * KUSER_SHARED_DATA's SystemTime, TimeZoneBias and InterruptTime.
 */
public final class TargetVersion {
    private static final long FILETIME_UNIX_EPOCH = 11_644_473_600L * 10_000_000L;
    private static final long HUNDRED_NS_PER_MS = 10_000;
    private static final DateTimeFormatter SESSION_TIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss.SSS yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** VER_SUITE_* bits (winnt.h) in the order, and with the names, the engine prints them. */
    private static final String[] SUITES = {"SmallBusiness", "Enterprise", "BackOffice", "CommunicationServer",
            "TerminalServer", "SmallBusinessRestricted", "EmbeddedNT", "DataCenter", "SingleUserTS", "Personal",
            "Blade", "EmbeddedRestricted", "SecurityAppliance", "StorageServer", "ComputeServer", "WHServer"};
    private static final String[] PRODUCTS = {"", "WinNt", "LanManNt", "Server"};

    private TargetVersion() {
    }

    /** The vertarget lines, from "Windows 10 Kernel Version ..." to "System Uptime: ...". */
    public static List<String> lines(Session session) throws MemoryAccessException {
        VirtualMemory kernel = session.kernel();
        SharedUserData shared = SharedUserData.of(session);
        StructView debuggerData = session.kernelStruct("_KDDEBUGGER_DATA64", session.symbolOrZero("KdDebuggerDataBlock"));
        long build = kernel.readInt(session.symbolOrZero("NtBuildNumber"));
        int processors = ProcessorBlocks.count(session);
        List<String> lines = new ArrayList<>();
        lines.add(String.format("Windows %d Kernel Version %d %s (%d procs) %s %s", shared.ntMajorVersion(),
                build & 0xffff, processors > 1 ? "MP" : "UP", processors, (build >>> 28) == 0xc ? "Checked" : "Free",
                machine(shared)));
        lines.add("Product: " + product(shared.ntProductType()) + ", suite: " + suites(shared.suiteMask()));
        lines.add("Edition build lab: " + ansiString(kernel, debuggerData.get("NtBuildLab")));
        lines.add("Machine Name:");
        lines.add("Kernel base = 0x" + Hex.backtick(debuggerData.get("KernBase"))
                + " PsLoadedModuleList = 0x" + Hex.backtick(debuggerData.get("PsLoadedModuleList")));
        lines.add("Debug session time: " + sessionTime(shared.systemTime(), shared.timeZoneBias()));
        lines.add("System Uptime: " + uptime(shared.interruptTime()));
        return lines;
    }

    /** {@code .effmach}'s name for the machine: x64 (AMD64). */
    public static String effectiveMachine(Session session) throws MemoryAccessException {
        return SharedUserData.of(session).isAmd64() ? "x64 (AMD64)" : "x86 (i386)";
    }

    private static String machine(SharedUserData shared) throws MemoryAccessException {
        return shared.isAmd64() ? "x64" : "x86";
    }

    private static String product(long productType) {
        return productType > 0 && productType < PRODUCTS.length ? PRODUCTS[(int) productType] : "<unknown>";
    }

    private static String suites(long mask) {
        StringBuilder names = new StringBuilder();
        for (int bit = 0; bit < SUITES.length; bit++) {
            if ((mask & 1L << bit) != 0) {
                names.append(names.length() == 0 ? "" : " ").append(SUITES[bit]);
            }
        }
        return names.toString();
    }

    /**
     * A FILETIME as the target's local time, the way {@code .formats} shows its Time line
     * ({@code Wed Jun 13 06:10:08.969 1601 (UTC + 9:00)}, transcripts 5.3), the bias read from
     * KUSER_SHARED_DATA; empty where FileTimeToLocalFileTime would fail (a negative time, before or
     * after the bias), which the engine prints as "***** Invalid FILETIME".
     */
    public static Optional<String> localTime(Session session, long fileTime) throws MemoryAccessException {
        long bias = SharedUserData.of(session).timeZoneBias();
        if (fileTime < 0 || fileTime - bias < 0) {
            return Optional.empty();
        }
        return Optional.of(sessionTime(fileTime, bias));
    }

    /** Local time (UTC minus the bias) and the zone: Mon Feb 13 13:20:28.180 2023 (UTC - 8:00). */
    static String sessionTime(long systemTime, long bias) {
        long local = systemTime - bias;
        Instant instant = Instant.ofEpochMilli(Math.floorDiv(local - FILETIME_UNIX_EPOCH, HUNDRED_NS_PER_MS));
        long offsetMinutes = -bias / HUNDRED_NS_PER_MS / 60_000;
        return String.format("%s (UTC %s %d:%02d)", SESSION_TIME.format(instant), offsetMinutes < 0 ? "-" : "+",
                Math.abs(offsetMinutes) / 60, Math.abs(offsetMinutes) % 60);
    }

    /** 0 days 2:15:21.601 */
    static String uptime(long interruptTime) {
        long ms = interruptTime / HUNDRED_NS_PER_MS;
        return String.format("%d days %d:%02d:%02d.%03d", ms / 86_400_000, ms / 3_600_000 % 24, ms / 60_000 % 60,
                ms / 1000 % 60, ms % 1000);
    }

    private static String ansiString(VirtualMemory memory, long address) {
        byte[] bytes = new byte[0x80];
        int read = memory.readAvailable(address, bytes, 0, bytes.length);
        int length = 0;
        while (length < read && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }
}
