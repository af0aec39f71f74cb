package dev.kdlab.debugger.stack;

import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.views.Ethread;
import dev.kdlab.debugger.views.ProcessorBlock;
import dev.kdlab.debugger.views.ProcessorBlocks;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.pe.Register;

import java.util.Optional;

/**
 * Where a thread's registers are, as WinDbg finds them: a thread running on a processor has them
 * in that processor's KPRCB.ProcessorState.ContextFrame; any other thread was switched out by
 * SwapContext, whose frame at KTHREAD.KernelStack holds the return into KiSwapContext (+0x38) and
 * rbp (+0x30), with the stack pointer just above it (+0x40). The switch frame (KSWITCH_FRAME) is
 * not among the public layouts, so its offsets are written here.
 */
public final class ThreadContexts {
    private static final int SWITCH_FRAME_RBP = 0x30;
    private static final int SWITCH_FRAME_RETURN = 0x38;
    private static final int SWITCH_FRAME_SIZE = 0x40;

    private ThreadContexts() {
    }

    /** The processor a thread runs on, or -1 when it is not the current thread of its processor. */
    public static int runningOn(Session session, long ethread) throws MemoryAccessException {
        Ethread thread = Ethread.at(session, ethread);
        if (thread.state() != Ethread.RUNNING) {
            return -1;
        }
        int cpu = thread.nextProcessor();
        Optional<ProcessorBlock> prcb = ProcessorBlocks.find(session, cpu);
        return prcb.isPresent() && prcb.get().currentThread() == ethread ? cpu : -1;
    }

    public static RegisterContext of(Session session, long ethread) throws MemoryAccessException {
        int cpu = runningOn(session, ethread);
        RegisterContext context = new RegisterContext();
        if (cpu >= 0) {
            ProcessorBlock prcb = ProcessorBlocks.find(session, cpu).orElseThrow();
            for (Register r : Register.values()) {
                context.set(r, prcb.register(r));
            }
            return context.setRip(prcb.contextField("Rip"))
                    .setEflags(prcb.contextField("EFlags"))
                    .setSegments((int) prcb.contextField("SegCs"), (int) prcb.contextField("SegSs"),
                            (int) prcb.contextField("SegDs"), (int) prcb.contextField("SegEs"),
                            (int) prcb.contextField("SegFs"), (int) prcb.contextField("SegGs"));
        }
        long kernelStack = Ethread.at(session, ethread).kernelStack();
        return context.setRip(session.kernel().readLong(kernelStack + SWITCH_FRAME_RETURN))
                .set(Register.RSP, kernelStack + SWITCH_FRAME_SIZE)
                .set(Register.RBP, session.kernel().readLong(kernelStack + SWITCH_FRAME_RBP));
    }
}
