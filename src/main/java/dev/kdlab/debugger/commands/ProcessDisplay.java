package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Processes;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.StructReader;
import dev.kdlab.debugger.Ticks;
import dev.kdlab.debugger.stack.StackTraces;
import dev.kdlab.memory.MemoryAccessException;

import java.io.PrintStream;
import java.util.List;

/**
 * One process as {@code !process} prints it for its flags (transcripts 1.1-1.7, format rules 2 and
 * 3): the summary block; with 0x1 the detail block (VadRoot to CommitCharge, values from column
 * 38); with 0x2 each thread's line and wait objects; with 0x4 as well the whole thread block and its
 * stack (0x4 alone: one line per thread); 0x8 stacks without arguments; 0x10 user frames read in
 * the process's own context. Thread blocks are indented 8 blanks.
 */
final class ProcessDisplay {
    private static final int DETAILS = 0x1;
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
        for (long ethread : threads(eprocess)) {
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
        StructReader e = session.kernelStruct("_EPROCESS", eprocess);
        out.println(String.format("    VadRoot %s Vads %d Clone 0 Private %d. Modified %d. Locked %d.",
                Hex.plain(e.get("VadRoot.Root")), e.get("VadCount"), e.get("NumberOfPrivatePages"),
                e.get("ModifiedPageCount"), e.get("NumberOfLockedPages")));
        out.println("    DeviceMap " + Hex.plain(e.get("DeviceMap")));
        detail("Token", Hex.plain(e.get("Token") & ~0xfL));
        long now = session.kernel().readLong(SharedData.SYSTEM_TIME);
        long created = e.get("CreateTime");
        detail("ElapsedTime", created == 0 || now < created ? "<Invalid>" : Ticks.clock(now - created));
        detail("UserTime", Ticks.runTime(e.get("Pcb.UserTime")));
        detail("KernelTime", Ticks.runTime(e.get("Pcb.KernelTime")));
        long quota = e.addressOf("ProcessQuotaUsage");
        detail("QuotaPoolUsage[PagedPool]", Long.toString(session.kernel().readLong(quota)));
        detail("QuotaPoolUsage[NonPagedPool]", Long.toString(session.kernel().readLong(quota + 8)));
        long now2 = e.get("Vm.Instance.WorkingSetLeafSize");
        long min = e.get("Vm.Instance.MinimumWorkingSetSize");
        long max = e.get("Vm.Instance.MaximumWorkingSetSize");
        out.println(String.format("    Working Set Sizes (now,min,max)  (%d, %d, %d) (%dKB, %dKB, %dKB)", now2, min, max,
                now2 * 4, min * 4, max * 4));
        detail("PeakWorkingSetSize", Long.toString(e.get("Vm.Instance.PeakWorkingSetSize")));
        detail("VirtualSize", (e.get("VirtualSize") >>> 20) + " Mb");
        detail("PeakVirtualSize", (e.get("PeakVirtualSize") >>> 20) + " Mb");
        detail("PageFaultCount", Long.toString(e.get("Vm.Instance.PageFaultCount")));
        detail("MemoryPriority", e.get("Vm.Instance.Flags.MemoryPriority") == 0 ? "BACKGROUND" : "FOREGROUND");
        detail("BasePriority", Long.toString(e.get("Pcb.BasePriority")));
        detail("CommitCharge", Long.toString(e.get("CommitCharge")));
    }

    /** A detail line: 4 blanks, the label in 34 columns, the value from column 38. */
    private void detail(String label, String value) {
        out.println(String.format("    %-34s%s", label, value));
    }

    /** The process's threads in EPROCESS.ThreadListHead order. */
    private List<Long> threads(long eprocess) {
        return Processes.threads(session, eprocess);
    }
}
