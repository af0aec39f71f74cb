package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.Columns;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.StructReader;
import dev.kdlab.debugger.Ticks;
import dev.kdlab.debugger.stack.StackPrinter;
import dev.kdlab.debugger.stack.StackTraces;
import dev.kdlab.debugger.stack.ThreadContexts;
import dev.kdlab.debugger.symbols.LoadedModule;
import dev.kdlab.debugger.symbols.ModuleList;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.types.EnumType;
import dev.kdlab.types.TypeCatalog;

import java.io.PrintStream;
import java.util.Optional;

/**
 * The thread block of kdexts' {@code !thread}, also printed by {@code !process} with thread flags
 * (transcripts 1.6, 3.3): the THREAD line with state and wait objects, the ownership, times,
 * start address, stack bounds and priorities, then the stack. Inside {@code !process} every line is
 * indented 8 blanks more, which is the {@code indent} given here.
 */
final class ThreadDisplay {
    /** kdexts' flag bits for a thread (docs for !thread and !process). */
    static final int WAIT_STATES = 0x2;
    static final int STACK = 0x4;
    static final int RETURN_ADDRESSES_ONLY = 0x8;
    static final int PROCESS_CONTEXT = 0x10;

    private static final String[] STATES = {"INITIALIZED", "READY", "RUNNING", "STANDBY", "TERMINATED", "WAIT",
            "TRANSITION", "DEFERREDREADY", "GATEWAITOBSOLETE", "WAITINGFORPROCESSINSWAP"};
    private static final EnumType WAIT_REASONS = (EnumType) TypeCatalog.nt().get("_KWAIT_REASON");

    private final Session session;
    private final StackTraces traces;
    private final PrintStream out;
    private final String indent;

    ThreadDisplay(Session session, StackTraces traces, PrintStream out, String indent) {
        this.session = session;
        this.traces = traces;
        this.out = out;
        this.indent = indent;
    }

    /** {@code !thread}'s block: the THREAD line always, waits and details with 0x2, the stack with 0x4 as well. */
    void print(long ethread, int flags) throws MemoryAccessException {
        print(ethread, flags, (flags & WAIT_STATES) != 0);
    }

    /**
     * The block with the details (impersonation to priorities) only when asked: {@code !process}
     * with 0x2 alone lists each thread's line and wait objects without them.
     */
    void print(long ethread, int flags, boolean details) throws MemoryAccessException {
        StructReader thread = session.kernelStruct("_ETHREAD", ethread);
        out.println(indent + threadLine(ethread, thread));
        if ((flags & WAIT_STATES) == 0) {
            return;
        }
        printWaitObjects(thread);
        if (!details) {
            return;
        }
        printDetails(ethread, thread, flags);
        if ((flags & STACK) != 0) {
            if (thread.get("Tcb.KernelStackResident") == 0) {
                out.println(indent + "Kernel stack not resident.");
            }
            long process = thread.get("Tcb.Process");
            long userContext = (flags & PROCESS_CONTEXT) != 0 ? process : session.implicitProcess();
            StackTraces.Trace trace = traces.of(ethread, userContext, StackTraces.DEFAULT_FRAMES);
            ((flags & RETURN_ADDRESSES_ONLY) != 0 ? StackPrinter.THREAD_NO_ARGUMENTS : StackPrinter.THREAD)
                    .print(trace, out, indent);
        }
    }

    private String threadLine(long ethread, StructReader thread) throws MemoryAccessException {
        return "THREAD " + Hex.plain(ethread) + "  Cid " + Hex.padded(thread.get("Cid.UniqueProcess"), 4) + "."
                + Hex.padded(thread.get("Cid.UniqueThread"), 4) + "  Teb: " + Hex.plain(thread.get("Tcb.Teb"))
                + " Win32Thread: " + Hex.plain(thread.get("Tcb.Win32Thread")) + " " + state(ethread, thread);
    }

    private String state(long ethread, StructReader thread) throws MemoryAccessException {
        int state = (int) thread.get("Tcb.State");
        int cpu = ThreadContexts.runningOn(session, ethread);
        if (state == 5) {
            return "WAIT: (" + WAIT_REASONS.nameOf(thread.get("Tcb.WaitReason")).orElse("Unknown") + ") "
                    + (thread.get("Tcb.WaitMode") == 0 ? "KernelMode" : "UserMode") + " "
                    + (thread.get("Tcb.Alertable") == 0 ? "Non-Alertable" : "Alertable");
        }
        if (state == ThreadContexts.RUNNING || state == 1) {
            return STATES[state] + " on processor " + (cpu >= 0 ? cpu : thread.get("Tcb.NextProcessor"));
        }
        return state < STATES.length ? STATES[state] : "Unknown";
    }

    private void printWaitObjects(StructReader thread) throws MemoryAccessException {
        if (thread.get("Tcb.State") != 5) {
            return;
        }
        long blocks = thread.get("Tcb.WaitBlockList");
        long count = thread.get("Tcb.WaitBlockCount");
        for (int i = 0; i < count && blocks != 0; i++) {
            long object = session.kernelStruct("_KWAIT_BLOCK", blocks + 0x30L * i).get("Object");
            out.println(indent + "    " + Hex.plain(object) + "  " + objectText(object));
        }
    }

    /** How kdexts names a dispatcher object by its header's Type. */
    private String objectText(long object) throws MemoryAccessException {
        StructReader header = session.kernelStruct("_DISPATCHER_HEADER", object);
        switch ((int) header.get("Type")) {
            case 0:
                return "NotificationEvent";
            case 1:
                return "SynchronizationEvent";
            case 2:
                return "Mutant - owning thread " + Hex.plain(session.kernelStruct("_KMUTANT", object).get("OwnerThread"));
            case 3:
                return "ProcessObject";
            case 4:
                return "QueueObject";
            case 5:
                return "Semaphore Limit 0x" + Long.toHexString(session.kernelStruct("_KSEMAPHORE", object).get("Limit"));
            case 6:
                return "ThreadObject";
            case 8:
                return "NotificationTimer";
            case 9:
                return "SynchronizationTimer";
            case 0x15:
                return "PriQueueObject";
            default:
                return "Unknown";
        }
    }

    private void printDetails(long ethread, StructReader thread, int flags) throws MemoryAccessException {
        long process = thread.get("Tcb.Process");
        long attached = thread.get("Tcb.ApcState.Process");
        StructReader owner = session.kernelStruct("_EPROCESS", process);
        long tick = session.kernel().readLong(SharedData.TICK_COUNT);
        long waitTime = thread.get("Tcb.WaitTime");
        long ticks = Math.max(0, tick - waitTime);
        print("Not impersonating");
        print(label("DeviceMap") + Hex.plain(owner.get("DeviceMap")));
        print(label("Owning Process") + image(Hex.plain(process), owner.ansi("ImageFileName", 15)));
        if (attached == process || attached == 0) {
            print(label("Attached Process") + image("N/A", "N/A"));
        } else {
            print(label("Attached Process") + image(Hex.plain(attached),
                    session.kernelStruct("_EPROCESS", attached).ansi("ImageFileName", 15)));
        }
        print(label("Wait Start TickCount") + Columns.pad(waitTime, 15)
                + (ticks == 0 ? "Ticks: 0" : "Ticks: " + ticks + " (" + Ticks.span(ticks) + ")"));
        print(label("Context Switch Count") + Columns.pad(thread.get("Tcb.ContextSwitches"), 15) + "IdealProcessor: "
                + Columns.pad(thread.get("Tcb.IdealProcessor"), 14));
        print(label("UserTime") + Ticks.runTime(thread.get("Tcb.UserTime")));
        print(label("KernelTime") + Ticks.runTime(thread.get("Tcb.KernelTime")));
        long userContext = (flags & PROCESS_CONTEXT) != 0 ? process : session.implicitProcess();
        print("Win32 Start Address " + startAddress(thread.get("Win32StartAddress"),
                process == userContext ? traces.modulesOf(process) : session.kernelModules()));
        print("Stack Init " + Hex.plain(thread.get("Tcb.InitialStack")) + " Current "
                + Hex.plain(thread.get("Tcb.KernelStack")));
        print("Base " + Hex.plain(thread.get("Tcb.StackBase")) + " Limit " + Hex.plain(thread.get("Tcb.StackLimit"))
                + " Call " + Hex.plain(0));
        print("Priority " + thread.get("Tcb.Priority") + "  BasePriority " + thread.get("Tcb.BasePriority")
                + "  IoPriority " + thread.get("ThreadIoPriority") + "  PagePriority " + thread.get("ThreadPagePriority"));
    }

    /** {@code nt!KiIdleLoop (0xfffff8071e418500)} with a symbol, {@code 0x00007ff793208f50} without. */
    private static String startAddress(long address, ModuleList modules) {
        Optional<LoadedModule.Symbol> symbol = modules.find(address).flatMap(m -> m.nearestAtOrBelow(address))
                .filter(s -> s.address() == address);
        return symbol.map(s -> s.qualifiedName() + " (0x" + Hex.plain(address) + ")").orElse("0x" + Hex.plain(address));
    }

    /** A label in the 26-column field the values follow. */
    private static String label(String text) {
        return Columns.pad(text, 26);
    }

    /** An address (or N/A) then its image name: {@code ffffc509bf28b080       Image:         cmd.exe}. */
    private static String image(String what, String name) {
        return Columns.pad(what, what.length() == 16 ? 23 : 15) + Columns.pad("Image:", 15) + name;
    }

    private void print(String line) {
        out.println(indent + line);
    }
}
