package dev.kdlab.debugger.commands.process;

import dev.kdlab.debugger.Columns;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Session;
import dev.kdlab.struct.StructView;
import dev.kdlab.debugger.Ticks;
import dev.kdlab.debugger.stack.StackPrinter;
import dev.kdlab.debugger.stack.StackTraces;
import dev.kdlab.debugger.stack.ThreadContexts;
import dev.kdlab.debugger.symbols.LoadedModule;
import dev.kdlab.debugger.symbols.ModuleList;
import dev.kdlab.debugger.views.Eprocess;
import dev.kdlab.debugger.views.Ethread;
import dev.kdlab.debugger.views.SharedUserData;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.types.EnumType;

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

    private final Session session;
    private final EnumType waitReasons;
    private final StackTraces traces;
    private final PrintStream out;
    private final String indent;

    ThreadDisplay(Session session, StackTraces traces, PrintStream out, String indent) {
        this.session = session;
        this.waitReasons = (EnumType) session.target().types().get("_KWAIT_REASON");
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
        Ethread thread = Ethread.at(session, ethread);
        out.println(indent + threadLine(thread));
        if ((flags & WAIT_STATES) == 0) {
            return;
        }
        printWaitObjects(thread);
        if (!details) {
            return;
        }
        printDetails(thread, flags);
        if ((flags & STACK) != 0) {
            if (!thread.kernelStackResident()) {
                out.println(indent + "Kernel stack not resident.");
            }
            long process = thread.process();
            long userContext = (flags & PROCESS_CONTEXT) != 0 ? process : session.implicitProcess();
            StackTraces.Trace trace = traces.of(ethread, userContext, StackTraces.DEFAULT_FRAMES);
            ((flags & RETURN_ADDRESSES_ONLY) != 0 ? StackPrinter.THREAD_NO_ARGUMENTS : StackPrinter.THREAD)
                    .print(trace, out, indent);
        }
    }

    private String threadLine(Ethread thread) throws MemoryAccessException {
        return "THREAD " + Hex.plain(thread.address()) + "  Cid " + Hex.padded(thread.processId(), 4) + "."
                + Hex.padded(thread.threadId(), 4) + "  Teb: " + Hex.plain(thread.teb())
                + " Win32Thread: " + Hex.plain(thread.win32Thread()) + " " + state(thread);
    }

    private String state(Ethread thread) throws MemoryAccessException {
        int state = thread.state();
        int cpu = ThreadContexts.runningOn(session, thread.address());
        if (state == Ethread.WAITING) {
            return "WAIT: (" + waitReasons.nameOf(thread.waitReason()).orElse("Unknown") + ") "
                    + (thread.waitsInUserMode() ? "UserMode" : "KernelMode") + " "
                    + (thread.alertable() ? "Alertable" : "Non-Alertable");
        }
        if (state == Ethread.RUNNING || state == Ethread.READY) {
            return STATES[state] + " on processor " + (cpu >= 0 ? cpu : thread.nextProcessor());
        }
        return state < STATES.length ? STATES[state] : "Unknown";
    }

    private void printWaitObjects(Ethread thread) throws MemoryAccessException {
        if (thread.state() != Ethread.WAITING) {
            return;
        }
        for (long object : thread.waitObjects()) {
            out.println(indent + "    " + Hex.plain(object) + "  " + objectText(object));
        }
    }

    /** How kdexts names a dispatcher object by its header's Type. */
    private String objectText(long object) throws MemoryAccessException {
        StructView header = session.kernelStruct("_DISPATCHER_HEADER", object);
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

    private void printDetails(Ethread thread, int flags) throws MemoryAccessException {
        long process = thread.process();
        long attached = thread.currentProcess();
        Eprocess owner = Eprocess.at(session, process);
        long tick = SharedUserData.of(session).tickCount();
        long waitTime = thread.waitTime();
        long ticks = Math.max(0, tick - waitTime);
        print("Not impersonating");
        print(label("DeviceMap") + Hex.plain(owner.deviceMap()));
        print(label("Owning Process") + image(Hex.plain(process), owner.imageFileName()));
        if (attached == process || attached == 0) {
            print(label("Attached Process") + image("N/A", "N/A"));
        } else {
            print(label("Attached Process") + image(Hex.plain(attached), Eprocess.at(session, attached).imageFileName()));
        }
        print(label("Wait Start TickCount") + Columns.pad(waitTime, 15)
                + (ticks == 0 ? "Ticks: 0" : "Ticks: " + ticks + " (" + Ticks.span(ticks) + ")"));
        print(label("Context Switch Count") + Columns.pad(thread.contextSwitches(), 15) + "IdealProcessor: "
                + Columns.pad(thread.idealProcessor(), 14));
        print(label("UserTime") + Ticks.runTime(thread.userTime()));
        print(label("KernelTime") + Ticks.runTime(thread.kernelTime()));
        long userContext = (flags & PROCESS_CONTEXT) != 0 ? process : session.implicitProcess();
        print("Win32 Start Address " + startAddress(thread.win32StartAddress(),
                process == userContext ? traces.modulesOf(process) : session.kernelModules()));
        print("Stack Init " + Hex.plain(thread.initialStack()) + " Current " + Hex.plain(thread.kernelStack()));
        print("Base " + Hex.plain(thread.stackBase()) + " Limit " + Hex.plain(thread.stackLimit())
                + " Call " + Hex.plain(0));
        print("Priority " + thread.priority() + "  BasePriority " + thread.basePriority()
                + "  IoPriority " + thread.ioPriority() + "  PagePriority " + thread.pagePriority());
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
