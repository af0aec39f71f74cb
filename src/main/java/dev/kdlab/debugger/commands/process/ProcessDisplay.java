package dev.kdlab.debugger.commands.process;

import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.Ticks;
import dev.kdlab.debugger.stack.StackTraces;
import dev.kdlab.debugger.views.Eprocess;
import dev.kdlab.debugger.views.SharedUserData;
import dev.kdlab.memory.MemoryAccessException;

import java.io.PrintStream;

/**
 * One process as {@code !process} prints it for its flags (transcripts 1.1-1.7, format rules 2 and
 * 3): the summary block; with 0x1 the detail block (VadRoot to CommitCharge, values from column
 * 38); with 0x2 each thread's line and wait objects; with 0x4 as well the whole thread block and its
 * stack (0x4 alone: one line per thread); 0x8 stacks without arguments; 0x10 user frames read in
 * the process's own context. Thread blocks are indented 8 blanks.
 */
final class ProcessDisplay {
    private static final int DETAILS = 0x1;
    /**
     * MMSUPPORT_FLAGS.MemoryPriority of the foreground process (MEMORY_PRIORITY_FOREGROUND); the
     * extension prints FOREGROUND for it alone, so the normal page priority 5 most processes carry
     * shows BACKGROUND, as every transcript's !process 0 1 does.
     */
    private static final long MEMORY_PRIORITY_FOREGROUND = 2;
    private static final String THREAD_INDENT = "        ";

    private final Session session;
    private final PrintStream out;
    private final StackTraces traces;

    ProcessDisplay(Session session, PrintStream out) {
        this.session = session;
        this.out = out;
        this.traces = new StackTraces(session);
    }

    void print(long eprocess, int flags) throws MemoryAccessException {
        ProcessCommand.printSummaryLines(session, eprocess, out);
        if ((flags & DETAILS) != 0) {
            printDetails(eprocess);
        }
        out.println();
        boolean waits = (flags & ThreadDisplay.WAIT_STATES) != 0;
        boolean stacks = (flags & ThreadDisplay.STACK) != 0;
        if (!waits && !stacks) {
            return;
        }
        ThreadDisplay threads = new ThreadDisplay(session, traces, out, THREAD_INDENT);
        int threadFlags = (waits ? ThreadDisplay.WAIT_STATES : 0) | (flags & ~DETAILS);
        for (long ethread : Eprocess.at(session, eprocess).threads()) {
            threads.print(ethread, threadFlags, waits && stacks);
            if (waits) {
                out.println();
            }
        }
        if (!waits) {
            out.println();
        }
    }

    private void printDetails(long eprocess) throws MemoryAccessException {
        Eprocess process = Eprocess.at(session, eprocess);
        Eprocess.Counters c = process.counters();
        out.println(String.format("    VadRoot %s Vads %d Clone 0 Private %d. Modified %d. Locked %d.",
                Hex.plain(c.vadRoot()), c.vadCount(), c.privatePages(), c.modifiedPages(), c.lockedPages()));
        out.println("    DeviceMap " + Hex.plain(process.deviceMap()));
        detail("Token", Hex.plain(process.token()));
        long now = SharedUserData.of(session).systemTime();
        long created = process.createTime();
        detail("ElapsedTime", created == 0 || now < created ? "<Invalid>" : Ticks.clock(now - created));
        detail("UserTime", Ticks.runTime(c.userTime()));
        detail("KernelTime", Ticks.runTime(c.kernelTime()));
        detail("QuotaPoolUsage[PagedPool]", Long.toString(c.pagedPoolQuota()));
        detail("QuotaPoolUsage[NonPagedPool]", Long.toString(c.nonPagedPoolQuota()));
        long size = c.workingSetSize();
        long min = c.minimumWorkingSetSize();
        long max = c.maximumWorkingSetSize();
        out.println(String.format("    Working Set Sizes (now,min,max)  (%d, %d, %d) (%dKB, %dKB, %dKB)", size, min, max,
                size * 4, min * 4, max * 4));
        detail("PeakWorkingSetSize", Long.toString(c.peakWorkingSetSize()));
        detail("VirtualSize", (c.virtualSize() >>> 20) + " Mb");
        detail("PeakVirtualSize", (c.peakVirtualSize() >>> 20) + " Mb");
        detail("PageFaultCount", Long.toString(c.pageFaultCount()));
        detail("MemoryPriority", c.memoryPriority() == MEMORY_PRIORITY_FOREGROUND ? "FOREGROUND" : "BACKGROUND");
        detail("BasePriority", Long.toString(c.basePriority()));
        detail("CommitCharge", Long.toString(c.commitCharge()));
    }

    /** A detail line: 4 blanks, the label in 34 columns, the value from column 38. */
    private void detail(String label, String value) {
        out.println(String.format("    %-34s%s", label, value));
    }
}
