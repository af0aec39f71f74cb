package dev.kdlab.kernel.ke;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.NtTypes;
import dev.kdlab.kernel.image.CodeMap;
import dev.kdlab.kernel.image.NtCode;
import dev.kdlab.kernel.image.NtImage;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.pe.Register;

import java.util.ArrayList;
import java.util.List;

/**
 * A thread stopped by a debugger in a routine of the kernel's flow, as a kernel debugger finds it: it
 * is the thread running on the processor (KPRCB.CurrentThread, state Running), the processor's
 * ContextFrame holds its registers with rip at the routine's first instruction, and its stacks hold
 * the frames of the calls that led there: the user stack from RtlUserThreadStart down to the ntdll
 * stub of the system call, the kernel stack from KiSystemCall64's trap frame down through each
 * routine's call of the next. So {@code k} unwinds the flow's chain from the bytes. What the stop
 * overwrites is kept and put back when the flow goes on ({@link #restore}).
 */
public final class BreakContext {
    private static final int RUNNING = 2;
    /** KiSystemCall64's copy of a system service's stack arguments, as for the debugger's own call. */
    private static final int STACK_ARGUMENTS = 0x70;
    private static final int STACK_SPAN = 0x1000;
    private static final long[] NO_ARGUMENTS = new long[0];

    private final List<Saved> saved = new ArrayList<>();

    private record Saved(VirtualMemory memory, long address, byte[] bytes) {
    }

    private BreakContext() {
    }

    /**
     * Makes {@code ethread} the thread running on {@code cpu}, stopped at {@code rip}.
     *
     * @param systemCall the ntdll stub its user mode called ({@code ntdll!NtCreateUserProcess})
     * @param kernelChain innermost first, WinDbg's way: the call sites down from the system service,
     *                    ending with {@code KiSystemServiceCopyEnd+0x25}
     * @param atEntry     true when {@code rip} is a routine's first instruction, called from {@code kernelChain[0]}
     */
    public static BreakContext enter(KernelSpace space, NtImage nt, Processors processors, int cpu, long ethread,
                                     KeProcess process, CodeMap userCode, String systemCall,
                                     List<String> kernelChain, long rip, boolean atEntry) {
        BreakContext context = new BreakContext();
        VirtualMemory kernel = space.memory();
        VirtualMemory user = process.user().memory();
        long prcb = processors.prcb(cpu);
        long teb = space.struct("_ETHREAD", ethread).get("Tcb.Teb");
        long initialStack = space.struct("_ETHREAD", ethread).get("Tcb.InitialStack");
        long userStackBase = user.readLong(teb + NtTypes.offsetOf("_TEB", "NtTib.StackBase"));
        context.keep(kernel, ethread - NtTypes.offsetOf("_OBJECT_HEADER", "Body"),
                NtTypes.offsetOf("_OBJECT_HEADER", "Body") + (int) NtTypes.struct("_ETHREAD").size());
        context.keep(kernel, prcb + NtTypes.offsetOf("_KPRCB", "CurrentThread"), 8);
        context.keep(kernel, prcb + NtTypes.offsetOf("_KPRCB", "ProcessorState.ContextFrame"),
                (int) NtTypes.struct("_CONTEXT").size());
        context.keep(kernel, initialStack - STACK_SPAN, STACK_SPAN);
        context.keep(user, userStackBase - STACK_SPAN, STACK_SPAN);

        CodeMap kernelCode = new CodeMap().add("nt", NtCode.image(), nt.base());
        ThreadStackWriter writer = new ThreadStackWriter(name -> NO_ARGUMENTS, () -> 0);
        ThreadStackWriter.UserState userState = writer.writeUser(user, userCode,
                ThreadWaits.userChain(List.of(systemCall), ThreadRole.Origin.MAIN, userCode), userStackBase,
                space.struct("_ETHREAD", ethread).get("Win32StartAddress"), 0);
        ThreadStackWriter.KernelState state = writer.writeKernel(kernel, kernelCode, kernelChain, true, initialStack,
                userState, STACK_ARGUMENTS);
        if (atEntry) {   // the call has pushed its return address; the routine's prolog has not run
            long rsp = state.rsp() - 8;
            kernel.writeLong(rsp, state.rip());
            long[] registers = state.registers().clone();
            registers[Register.RSP.number()] = rsp;
            state = new ThreadStackWriter.KernelState(state.kernelStack(), state.trapFrame(), rip, rsp, registers);
        }
        space.struct("_ETHREAD", ethread)
                .put("Tcb.State", RUNNING)
                .put("Tcb.Running", 1)
                .put("Tcb.NextProcessor", cpu)
                .put("Tcb.TrapFrame", state.trapFrame())
                .put("Tcb.KernelStack", state.rsp() - 0x40);
        space.struct("_KPRCB", prcb).put("CurrentThread", ethread);
        ProcessorContexts.writeContext(space, processors, cpu, state);
        return context;
    }

    /** Puts back every byte the stop wrote. */
    public void restore() {
        for (int i = saved.size() - 1; i >= 0; i--) {
            Saved s = saved.get(i);
            s.memory().write(s.address(), s.bytes(), 0, s.bytes().length);
        }
    }

    private void keep(VirtualMemory memory, long address, int length) {
        byte[] bytes = new byte[length];
        memory.read(address, bytes, 0, length);
        saved.add(new Saved(memory, address, bytes));
    }
}
