package dev.kdlab.debugger.dx.model;

import dev.kdlab.debugger.dx.ModelCollection;
import dev.kdlab.debugger.dx.ModelError;
import dev.kdlab.debugger.dx.ModelObject;
import dev.kdlab.debugger.dx.ModelValue;
import dev.kdlab.debugger.dx.NativeValue;
import dev.kdlab.debugger.dx.NumberValue;
import dev.kdlab.debugger.dx.StringValue;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.stack.Frame;
import dev.kdlab.debugger.stack.RegisterContext;
import dev.kdlab.debugger.stack.StackTraces;
import dev.kdlab.debugger.stack.ThreadContexts;
import dev.kdlab.debugger.symbols.ModuleList;
import dev.kdlab.debugger.views.Ethread;
import dev.kdlab.debugger.views.ListWalk;
import dev.kdlab.debugger.views.ProcessorBlock;
import dev.kdlab.debugger.views.ProcessorBlocks;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.pe.Register;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A process's threads as the data model shows them in kernel mode: its ThreadListHead in list order, each keyed
 * by its thread id and shown where it is ({@code nt!KiSwapContext+0x76 (fffff807`65c0f126) [Switch To]}: the
 * instruction its context resumes at). A thread has its KernelObject (the {@code _ETHREAD}), Id, Stack (Frames,
 * unwound as {@code k} unwinds them), Name (its description), Registers (User: its context's registers; Kernel: its processor's
 * special registers) and Environment
 * (EnvironmentBlock: the TEB, in its process's address space; a system thread's is at 0, unreadable, as the
 * docs' example shows).
 */
final class ThreadModel {
    static final String HELP = "The process's threads, keyed by thread id";

    /** The registers dx lists under User, in its order. */
    private static final List<Register> GENERAL = List.of(Register.RAX, Register.RBX, Register.RCX, Register.RDX,
            Register.RSI, Register.RDI);
    private static final List<Register> NUMBERED = List.of(Register.R8, Register.R9, Register.R10, Register.R11,
            Register.R12, Register.R13, Register.R14, Register.R15);
    private static final String[] SEGMENTS = {"cs", "ss", "ds", "es", "fs", "gs"};
    /**
     * The registers dx lists under Kernel, in dbgeng's x64 kernel-register order, each with the _KSPECIAL_REGISTERS
     * field it is saved in (layouts-19041/_KSPECIAL_REGISTERS.txt); cr3 is apart: it is what {@code r cr3} shows.
     */
    private static final String[][] KERNEL = {{"cr0", "Cr0"}, {"cr2", "Cr2"}, {"cr3", null}, {"cr4", "Cr4"},
            {"cr8", "Cr8"}, {"gdtr", "Gdtr.Base"}, {"gdtl", "Gdtr.Limit"}, {"idtr", "Idtr.Base"},
            {"idtl", "Idtr.Limit"}, {"tr", "Tr"}, {"ldtr", "Ldtr"}, {"kmxcsr", "MxCsr"}, {"kdr0", "KernelDr0"},
            {"kdr1", "KernelDr1"}, {"kdr2", "KernelDr2"}, {"kdr3", "KernelDr3"}, {"kdr6", "KernelDr6"},
            {"kdr7", "KernelDr7"}, {"xcr0", "Xcr0"}};

    private final DxContext context;
    private final Session session;

    ThreadModel(DxContext context) {
        this.context = context;
        this.session = context.session();
    }

    ModelCollection of(long eprocess) {
        long head = session.kernelStruct("_EPROCESS", eprocess).addressOf("ThreadListHead");
        long linkOffset = session.type("_ETHREAD").offsetOf("ThreadListEntry");
        return new ModelCollection(() -> ModelCollection.madeFrom(ListWalk.fromHead(session.kernel(), head).iterator(),
                link -> {
                    long ethread = link - linkOffset;
                    try {
                        return new ModelCollection.Element(NumberValue.unsigned(Ethread.at(session, ethread).threadId()),
                                thread(ethread));
                    } catch (MemoryAccessException e) {
                        return null;   // a thread whose id cannot be read is not shown
                    }
                }), context.poll(), HELP);
    }

    ModelObject thread(long ethread) {
        Ethread thread = Ethread.at(session, ethread);
        return ModelObject.switchable(() -> location(ethread), "A thread of the process")
                .add("KernelObject", "The thread's _ETHREAD",
                        () -> NativeValue.at(session.type("_ETHREAD"), session.kernel(), ethread))
                .add("Id", "The thread's id", () -> NumberValue.unsigned(thread.threadId()))
                .add("Name", "The thread's description (SetThreadDescription), empty when it has none",
                        () -> new StringValue(thread.name()))
                .add("Stack", "The thread's call stack", () -> stack(ethread))
                .add("Registers", "The thread's registers", () -> registers(ethread))
                .add("Environment", "The thread's environment: its TEB", () -> ModelObject.of(null, null)
                        .add("EnvironmentBlock", "The thread's TEB", () -> NativeValue.at(session.type("_TEB"),
                                ProcessModel.memoryOf(session, thread.process()), thread.teb())));
    }

    /** Where the thread is: the symbol of the instruction its context resumes at, and the address. */
    private String location(long ethread) {
        long rip = ThreadContexts.of(session, ethread).rip();
        Optional<String> symbol = session.kernelModules().symbolic(rip);
        if (symbol.isEmpty()) {
            symbol = session.contextModules().symbolic(rip);
        }
        return symbol.map(s -> s + " (" + Hex.backtick(rip) + ")").orElse(ModuleList.bare(rip));
    }

    /** The thread's stack: its frames, unwound when first iterated. */
    ModelObject stack(long ethread) {
        return ModelObject.of(null, "The thread's call stack")
                .add("Frames", "The frames of the stack, innermost first", () -> frames(ethread));
    }

    private ModelCollection frames(long ethread) {
        return ModelCollection.indexed(() -> {
            StackTraces.Trace trace = new StackTraces(session).of(ethread, session.implicitProcess(),
                    StackTraces.DEFAULT_FRAMES);
            List<ModelValue> frames = new ArrayList<>();
            for (int i = 0; i < trace.frames().size(); i++) {
                frames.add(frame(trace.frames().get(i), i, trace.modules()));
            }
            return frames.iterator();
        }, context.poll(), "The frames of the stack, innermost first");
    }

    /** A frame as dx shows it: {@code nt!KiSwapContext + 0x76 [Switch To]}. */
    private static ModelObject frame(Frame frame, int number, ModuleList modules) {
        String where = modules.symbolic(frame.instruction()).map(s -> s.replace("+0x", " + 0x"))
                .orElse("0x" + Long.toHexString(frame.instruction()));
        ModelObject attributes = ModelObject.of(null, null)
                .add("InstructionOffset", null, NumberValue.unsigned(frame.instruction()))
                .add("ReturnOffset", null, NumberValue.unsigned(frame.returnAddress()))
                .add("StackOffset", null, NumberValue.unsigned(frame.childSp()))
                .add("FrameNumber", null, NumberValue.unsigned(number));
        return ModelObject.switchable(() -> where, "A frame of the stack")
                .add("Attributes", "The frame's addresses and number", attributes);
    }

    private ModelObject registers(long ethread) {
        RegisterContext registers = ThreadContexts.of(session, ethread);
        ModelObject user = ModelObject.of(null, "The thread's user-visible registers");
        for (Register r : GENERAL) {
            user.add(r.displayName(), null, NumberValue.unsigned(registers.get(r)));
        }
        user.add("rip", null, NumberValue.unsigned(registers.rip()))
                .add("rsp", null, NumberValue.unsigned(registers.rsp()))
                .add("rbp", null, NumberValue.unsigned(registers.get(Register.RBP)));
        for (Register r : NUMBERED) {
            user.add(r.displayName(), null, NumberValue.unsigned(registers.get(r)));
        }
        user.add("efl", null, NumberValue.unsigned(registers.eflags()));
        int[] segments = registers.segments();
        for (int i = 0; i < SEGMENTS.length; i++) {
            user.add(SEGMENTS[i], null, NumberValue.unsigned(segments[i] & 0xffff));
        }
        return ModelObject.of(null, "The thread's registers")
                .add("User", "The thread's user-visible registers", user)
                .add("Kernel", "The processor's kernel registers", () -> kernelRegisters(ethread));
    }

    /**
     * The kernel registers: processor state, not the thread's, so they are those its processor saved
     * (KPRCB.ProcessorState.SpecialRegisters) when it runs, else the current processor's; cr3 is the implicit
     * process's directory base, as {@code r cr3} has it.
     */
    private ModelObject kernelRegisters(long ethread) {
        int cpu = ThreadContexts.runningOn(session, ethread);
        ProcessorBlock prcb = ProcessorBlocks.find(session, cpu >= 0 ? cpu : ProcessorBlocks.CURRENT)
                .orElseThrow(() -> new ModelError("Unable to find the processor's control block"));
        ModelObject kernel = ModelObject.of(null, "The processor's kernel registers");
        for (String[] register : KERNEL) {
            long value = register[1] == null ? session.register(register[0]).orElseThrow()
                    : prcb.specialRegister(register[1]);
            kernel.add(register[0], null, NumberValue.unsigned(value));
        }
        return kernel;
    }
}
