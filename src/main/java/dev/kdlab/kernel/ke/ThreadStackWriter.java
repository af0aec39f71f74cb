package dev.kdlab.kernel.ke;

import dev.kdlab.kernel.NtTypes;
import dev.kdlab.kernel.image.CodeFunction;
import dev.kdlab.kernel.image.CodeMap;
import dev.kdlab.kernel.image.ImageCode;
import dev.kdlab.kernel.image.NtCode;

import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.pe.Register;

import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Writes a thread's stacks from its call chains (innermost first, as WinDbg prints them): the user
 * stack from RtlUserThreadStart down to the ntdll stub that made the system call, then the kernel
 * stack from the KTRAP_FRAME (or from KiStartSystemThread for a system thread) down to the switch
 * frame KTHREAD.KernelStack points at, or to the instruction a running thread is at.
 */
final class ThreadStackWriter {
    /** Bytes of stack the chains may use below their top: one page, as a real idle thread uses. */
    private static final int STACK_SPAN = 0x1000;
    /** SwapContext's frame below KiSwapContext: KernelStack + 0x38 holds the return into KiSwapContext. */
    static final int SWITCH_FRAME_RETURN = 0x38;
    static final int SWITCH_FRAME_RBP = 0x30;
    private static final long USER_EFLAGS = 0x246;

    private final Function<String, long[]> homeArguments;
    private final LongSupplier scratch;
    /** The buffer the stacks are built in, one at a time. */
    private final StackBuilder.Span span;

    /**
     * @param homeArguments the register arguments each callee spilled into its caller's home area, by function name
     * @param scratch       values bodies leave in the registers they saved
     */
    ThreadStackWriter(Function<String, long[]> homeArguments, LongSupplier scratch) {
        this(homeArguments, scratch, span());
    }

    /** A writer building its stacks in {@code span}, which writers used one after another can share. */
    ThreadStackWriter(Function<String, long[]> homeArguments, LongSupplier scratch, StackBuilder.Span span) {
        this.homeArguments = homeArguments;
        this.scratch = scratch;
        this.span = span;
    }

    /** A buffer for building stacks in. */
    static StackBuilder.Span span() {
        return new StackBuilder.Span(STACK_SPAN);
    }

    /** The user registers at the {@code syscall} instruction. */
    record UserState(long rip, long rsp, long[] registers, int systemCall) {
    }

    /** What a kernel stack leaves for the KTHREAD and, for a running thread, the processor's context. */
    record KernelState(long kernelStack, long trapFrame, long rip, long rsp, long[] registers) {
    }

    /**
     * The user stack: RtlUserThreadStart at the top (its return slot holds 0, where unwinding ends)
     * down to the stub, which is a leaf: the thread's rip is just past its {@code syscall}.
     */
    UserState writeUser(VirtualMemory memory, CodeMap code, List<String> chain, long stackBase, long startAddress,
                        long parameter) {
        long entryRsp = stackBase - 0x28;
        StackBuilder stack = new StackBuilder(stackBase, span, entryRsp, scratch);
        stack.put(entryRsp, 0);
        stack.set(Register.RCX, startAddress);
        stack.set(Register.RDX, parameter);
        callDown(stack, code, chain);
        CodeMap.Site stub = code.resolve(chain.get(0));
        String stubName = stub.function().name();
        int number = code.image("ntdll").systemCallNumber(stubName);
        long rip = stub.address() + ImageCode.STUB_RETURN;
        stack.set(Register.R10, stack.register(Register.RCX));   // mov r10, rcx
        stack.set(Register.RAX, number);
        stack.set(Register.RCX, rip);                             // syscall: rcx = return rip, r11 = rflags
        stack.set(Register.R11, USER_EFLAGS);
        stack.writeTo(memory);
        long[] registers = new long[16];
        for (Register r : Register.values()) {
            registers[r.number()] = stack.register(r);
        }
        return new UserState(rip, stack.rsp(), registers, number);
    }

    /**
     * The kernel stack below {@code initialStack}. With a user state the chain's outermost site is in
     * KiSystemCall64 and starts from the trap frame; otherwise the outermost function is the bottom
     * of a system thread (its return slot holds 0). When {@code running}, the innermost entry is the
     * instruction the thread is at; otherwise it is KiSwapContext's call into SwapContext.
     */
    KernelState writeKernel(VirtualMemory memory, CodeMap code, List<String> chain, boolean running,
                            long initialStack, UserState user, int stackArgumentBytes) {
        StackBuilder stack = new StackBuilder(initialStack, span, initialStack, scratch);
        long trapFrame = 0;
        CodeMap.Site outermost = code.resolve(chain.get(chain.size() - 1));
        if (user != null) {
            trapFrame = initialStack - NtCode.TRAP_FRAME_SIZE;
            for (Register r : Register.values()) {
                stack.set(r, user.registers()[r.number()]);
            }
            writeTrapFrame(stack, trapFrame, user);
            stack.enter(outermost.function());
            stack.adjust(stackArgumentBytes);
        } else {
            stack.adjust(8);
            stack.put(stack.rsp(), 0);
            stack.enter(outermost.function());
        }
        callDownFrom(stack, code, chain, chain.size() - 1);
        CodeMap.Site innermost = code.resolve(chain.get(0));
        long kernelStack = 0;
        long rip = innermost.address();
        long rsp = stack.rsp();
        if (!running) {
            stack.push(innermost.address());
            kernelStack = stack.rsp() - SWITCH_FRAME_RETURN;
            stack.put(kernelStack + SWITCH_FRAME_RBP, stack.register(Register.RBP));
            stack.put(kernelStack + SWITCH_FRAME_RBP - 8, 0);   // ApcBypass: nothing pending
        }
        stack.writeTo(memory);
        long[] registers = new long[16];
        for (Register r : Register.values()) {
            registers[r.number()] = stack.register(r);
        }
        registers[Register.RSP.number()] = rsp;
        return new KernelState(kernelStack, trapFrame, rip, rsp, registers);
    }

    /** The machine frame and the fields KiSystemCall64 fills besides the registers its prolog saves. */
    private static void writeTrapFrame(StackBuilder stack, long trap, UserState user) {
        stack.put(trap + field("Rip"), user.rip());
        stack.put(trap + field("SegCs"), 2, 0x33);
        stack.put(trap + field("EFlags"), 4, USER_EFLAGS);
        stack.put(trap + field("Rsp"), user.rsp());
        stack.put(trap + field("SegSs"), 2, 0x2b);
        stack.put(trap + field("ErrorCode"), 0);
        stack.put(trap + field("PreviousMode"), 1, 1);            // UserMode
        stack.put(trap + field("MxCsr"), 4, 0x1f80);
        stack.put(trap + field("Rax"), user.systemCall());
        stack.put(trap + field("Rcx"), user.rip());
        stack.put(trap + field("Rdx"), user.registers()[Register.RDX.number()]);
        stack.put(trap + field("R8"), user.registers()[Register.R8.number()]);
        stack.put(trap + field("R9"), user.registers()[Register.R9.number()]);
        stack.put(trap + field("R10"), user.registers()[Register.R10.number()]);
        stack.put(trap + field("R11"), USER_EFLAGS);
        stack.put(trap + field("SegDs"), 2, 0x2b);
        stack.put(trap + field("SegEs"), 2, 0x2b);
        stack.put(trap + field("SegFs"), 2, 0x53);
        stack.put(trap + field("SegGs"), 2, 0x2b);
    }

    private static int field(String name) {
        return NtTypes.offsetOf("_KTRAP_FRAME", name);
    }

    /** Enters the chain's outermost function, then calls down to the innermost. */
    private void callDown(StackBuilder stack, CodeMap code, List<String> chain) {
        stack.enter(code.resolve(chain.get(chain.size() - 1)).function());
        callDownFrom(stack, code, chain, chain.size() - 1);
    }

    /** From inside the function of {@code chain[from]}, each site calls the next inner function. */
    private void callDownFrom(StackBuilder stack, CodeMap code, List<String> chain, int from) {
        for (int i = from; i >= 1; i--) {
            CodeMap.Site site = code.resolve(chain.get(i));
            CodeFunction callee = code.resolve(chain.get(i - 1)).function();
            stack.call(site.address(), callee, homeArguments.apply(callee.name()));
        }
    }
}
