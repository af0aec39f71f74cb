package dev.kdlab.debugger.stack;

import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.StructReader;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.pe.Register;

import java.util.Locale;

/**
 * Where a thread's registers are, as WinDbg finds them: a thread running on a processor has them
 * in that processor's KPRCB.ProcessorState.ContextFrame; any other thread was switched out by
 * SwapContext, whose frame at KTHREAD.KernelStack holds the return into KiSwapContext (+0x38) and
 * rbp (+0x30), with the stack pointer just above it (+0x40).
 */
public final class ThreadContexts {
    public static final int RUNNING = 2;
    private static final int SWITCH_FRAME_RBP = 0x30;
    private static final int SWITCH_FRAME_RETURN = 0x38;
    private static final int SWITCH_FRAME_SIZE = 0x40;

    private ThreadContexts() {
    }

    /** The processor a thread runs on, or -1 when it is not the current thread of its processor. */
    public static int runningOn(Session session, long ethread) throws MemoryAccessException {
        StructReader thread = session.kernelStruct("_KTHREAD", ethread);
        if (thread.get("State") != RUNNING) {
            return -1;
        }
        int cpu = (int) thread.get("NextProcessor");
        if (cpu >= session.target().processorCount()) {
            return -1;
        }
        long prcb = prcb(session, cpu);
        return session.kernelStruct("_KPRCB", prcb).get("CurrentThread") == ethread ? cpu : -1;
    }

    public static long prcb(Session session, int cpu) throws MemoryAccessException {
        return session.kernel().readLong(session.symbolOrZero("KiProcessorBlock") + 8L * cpu);
    }

    public static RegisterContext of(Session session, long ethread) throws MemoryAccessException {
        int cpu = runningOn(session, ethread);
        RegisterContext context = new RegisterContext();
        if (cpu >= 0) {
            StructReader prcb = session.kernelStruct("_KPRCB", prcb(session, cpu));
            for (Register r : Register.values()) {
                String name = r.name().charAt(0) + r.name().substring(1).toLowerCase(Locale.ROOT);
                context.set(r, prcb.get("ProcessorState.ContextFrame." + name));
            }
            String frame = "ProcessorState.ContextFrame.";
            return context.setRip(prcb.get(frame + "Rip"))
                    .setEflags(prcb.get(frame + "EFlags"))
                    .setSegments((int) prcb.get(frame + "SegCs"), (int) prcb.get(frame + "SegSs"),
                            (int) prcb.get(frame + "SegDs"), (int) prcb.get(frame + "SegEs"),
                            (int) prcb.get(frame + "SegFs"), (int) prcb.get(frame + "SegGs"));
        }
        long kernelStack = session.kernelStruct("_KTHREAD", ethread).get("KernelStack");
        return context.setRip(session.kernel().readLong(kernelStack + SWITCH_FRAME_RETURN))
                .set(Register.RSP, kernelStack + SWITCH_FRAME_SIZE)
                .set(Register.RBP, session.kernel().readLong(kernelStack + SWITCH_FRAME_RBP));
    }
}
