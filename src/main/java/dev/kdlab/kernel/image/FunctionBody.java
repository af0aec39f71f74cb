package dev.kdlab.kernel.image;

import dev.kdlab.kernel.image.Assembler.Condition;
import dev.kdlab.pe.Register;
import dev.kdlab.pe.UnwindCode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import static dev.kdlab.pe.Register.R8;
import static dev.kdlab.pe.Register.R9;
import static dev.kdlab.pe.Register.RAX;
import static dev.kdlab.pe.Register.RCX;
import static dev.kdlab.pe.Register.RDX;

/**
 * The machine code of one emulated function, laid out as MSVC lays out a function: the prolog its
 * UNWIND_INFO describes, instruction for instruction; the calls its plan fixes, each ending exactly
 * at its return offset (so a return address on a stack follows its call); the routines it calls on
 * its way; pieces fixed at offsets; and between them the loads, stores, tests and early exits of
 * ordinary compiled code; at the end the epilog that undoes the prolog and {@code ret}. The filler
 * is drawn from a random source seeded by the function's name, so an image's code is the same in
 * every boot, as a file's is.
 */
final class FunctionBody {
    private static final Register[] VOLATILE = {RAX, RCX, RDX, R8, R9};
    private static final int[] IMMEDIATES = {0x20, 0x40, 0x103, 0x1000, 0x1f0003, 0x636f7250, 0xc0000001, 0xc000000d,
            0xc0000022, 0xc0000034};

    /** How the body reaches the rest of its image. */
    interface Linkage {
        /** The RVA of a function, label or data symbol of the image. */
        long symbol(String name);

        /** The RVA of the import slot through which the image calls {@code module!symbol}. */
        long importSlot(String module, String symbol);

        /** Kernel code dispatches indirect calls through nt!guard_dispatch_icall, user code through a pointer. */
        boolean kernelMode();

        /** Routines ordinary code calls on its way (locks, pool, references), by RVA. */
        List<Long> helpers();
    }

    /** One thing at a fixed place: a call, a piece, or a boundary a label needs (length 0). */
    private record Segment(int start, int length, Consumer<Assembler> emitter, boolean call, String what) {
        int end() {
            return start + length;
        }
    }

    private final CodeFunction function;
    private final FunctionPlan plan;
    private final Linkage linkage;
    private final SplittableRandom random;
    private final Assembler asm;
    private final List<Register> homes = new ArrayList<>();
    private final List<Long> globals = new ArrayList<>();
    private int frameBytes;
    private int epilogStart;
    private boolean afterCall;
    /** The last ordinary instruction, so the same one does not follow itself. */
    private byte[] previous = new byte[0];

    private FunctionBody(CodeFunction function, FunctionPlan plan, Linkage linkage) {
        this.function = function;
        this.plan = plan;
        this.linkage = linkage;
        this.random = new SplittableRandom(function.name().hashCode() * 0x9e3779b97f4a7c15L);
        this.asm = new Assembler(function.rva(), function.size());
        for (String global : plan.globals) {
            globals.add(linkage.symbol(global));
        }
    }

    /** The function's bytes, {@code function.size()} of them. */
    static byte[] generate(CodeFunction function, FunctionPlan plan, Linkage linkage) {
        try {
            return new FunctionBody(function, plan, linkage).layOut();
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalStateException(function.name() + ": its code does not fit in " + function.size()
                    + " bytes", e);
        }
    }

    private byte[] layOut() {
        int prologEnd = prolog();
        byte[] epilog = epilog();
        List<Segment> segments = fixedSegments();
        // a leaf given as instructions (a breakpoint, a dispatch jump) ends with them: int 3 pads the rest
        boolean givenLeaf = function.isLeaf() && plan.calls.isEmpty() && plan.callees.isEmpty() && !segments.isEmpty();
        epilogStart = givenLeaf ? function.size() : function.size() - epilog.length;
        placeCallees(segments, prologEnd);
        int position = prologEnd;
        afterCall = false;
        for (Segment segment : segments) {
            if (segment.start() < position) {
                throw new IllegalStateException(function.name() + ": " + segment.what() + " at +0x"
                        + Integer.toHexString(segment.start()) + " overlaps what comes before it");
            }
            fill(segment.start());
            asm.seek(segment.start());
            segment.emitter().accept(asm);
            if (asm.position() != segment.end()) {
                throw new IllegalStateException(function.name() + ": " + segment.what() + " is not "
                        + segment.length() + " bytes");
            }
            afterCall = segment.call();
            position = segment.end();
        }
        if (position > epilogStart) {
            throw new IllegalStateException(function.name() + ": its body runs into its epilog");
        }
        if (givenLeaf) {
            if (!endsFlow(position)) {
                asm.ret();
            }
            asm.padTo(function.size());
        } else {
            fill(epilogStart);
            asm.raw(epilog);
        }
        return asm.bytes();
    }

    /** Whether the bytes before {@code end} leave the function: {@code ret} or {@code jmp rax}. */
    private boolean endsFlow(int end) {
        byte[] bytes = asm.bytes();
        return end >= 1 && (bytes[end - 1] & 0xff) == 0xc3
                || end >= 2 && (bytes[end - 2] & 0xff) == 0xff && (bytes[end - 1] & 0xff) == 0xe0;
    }

    // ---- prolog and epilog

    /** The prolog's instructions in order; their lengths are the unwind codes' nominal ones. */
    private int prolog() {
        int expected = 0;
        for (UnwindCode code : function.prolog()) {
            expected += code.instructionLength();
            if (code instanceof UnwindCode.Push push) {
                asm.push(push.register());
                homes.add(push.register());
            } else if (code instanceof UnwindCode.Alloc alloc) {
                asm.subRsp(alloc.size());
                frameBytes = alloc.size();
            } else if (code instanceof UnwindCode.Save save) {
                asm.storeToStack(save.register(), save.offset());
                homes.add(save.register());
            } else if (code instanceof UnwindCode.SetFrame frame) {
                asm.leaFromStack(frame.register(), frame.offset());
            }
            if (asm.position() != expected) {
                throw new IllegalStateException(function.name() + ": prolog instruction " + code
                        + " does not match its unwind code's length");
            }
        }
        homes.remove(Register.RBP);   // a frame pointer is not a scratch register
        return asm.position();
    }

    /** Restores what the prolog saved, frees the frame, pops in reverse order, returns. */
    private byte[] epilog() {
        Assembler e = new Assembler(function.rva(), 128);
        List<UnwindCode> prolog = function.prolog();
        boolean machineFrame = false;
        for (UnwindCode code : prolog) {
            if (code instanceof UnwindCode.Save save) {
                e.loadFromStack(save.register(), save.offset());
            }
        }
        for (int i = prolog.size() - 1; i >= 0; i--) {
            UnwindCode code = prolog.get(i);
            if (code instanceof UnwindCode.Alloc alloc) {
                e.addRsp(alloc.size());
            } else if (code instanceof UnwindCode.Push push) {
                e.pop(push.register());
            } else if (code instanceof UnwindCode.MachineFrame frame) {
                machineFrame = true;
                if (frame.errorCode()) {
                    e.addRsp(8);
                }
            }
        }
        if (machineFrame) {
            e.iretq();
        } else {
            e.ret();
        }
        byte[] bytes = new byte[e.position()];
        System.arraycopy(e.bytes(), 0, bytes, 0, bytes.length);
        return bytes;
    }

    // ---- fixed segments

    private List<Segment> fixedSegments() {
        List<Segment> segments = new ArrayList<>();
        for (FunctionPlan.Call call : plan.calls) {
            int length = callLength(call.target());
            segments.add(new Segment(call.returnOffset() - length, length, a -> emitCall(a, call.target()), true,
                    "the call returning to +0x" + Integer.toHexString(call.returnOffset())));
        }
        for (FunctionPlan.Piece piece : plan.pieces) {
            Assembler scratch = new Assembler(function.rva(), function.size() + 64);
            scratch.seek(piece.offset());
            piece.code().accept(scratch);
            segments.add(new Segment(piece.offset(), scratch.position() - piece.offset(), piece.code(), false,
                    "the instruction at +0x" + Integer.toHexString(piece.offset())));
        }
        for (int boundary : plan.boundaries) {
            segments.add(new Segment(boundary, 0, a -> { }, false, "the label at +0x" + Integer.toHexString(boundary)));
        }
        segments.sort(Comparator.comparingInt(Segment::start).thenComparingInt(Segment::length));
        return segments;
    }

    /** Where the routines the function calls on its way go: spread over the body, in the gaps the fixed ones leave. */
    private void placeCallees(List<Segment> segments, int prologEnd) {
        int count = plan.callees.size();
        for (int i = 0; i < count; i++) {
            CallTarget target = plan.callees.get(i);
            int length = callLength(target);
            int wanted = prologEnd + (int) ((long) (epilogStart - prologEnd) * (i + 1) / (count + 1)) - length;
            int start = freeSpot(segments, prologEnd, wanted, length + 4);
            if (start < 0) {
                throw new IllegalStateException(function.name() + " has no room to call " + target);
            }
            segments.add(new Segment(start, length, a -> emitCall(a, target), true, "the call of " + target));
            segments.sort(Comparator.comparingInt(Segment::start).thenComparingInt(Segment::length));
        }
    }

    /** The start nearest {@code wanted} of a run of {@code room} free bytes (2 bytes clear of its neighbours). */
    private int freeSpot(List<Segment> segments, int low, int wanted, int room) {
        int best = -1;
        int from = low;
        List<int[]> gaps = new ArrayList<>();
        for (Segment segment : segments) {
            gaps.add(new int[] {from, segment.start()});
            from = Math.max(from, segment.end());
        }
        gaps.add(new int[] {from, epilogStart});
        for (int[] gap : gaps) {
            int first = gap[0] + 2;
            int last = gap[1] - room;
            if (last < first) {
                continue;
            }
            int spot = Math.max(first, Math.min(wanted, last));
            if (best < 0 || Math.abs(spot - wanted) < Math.abs(best - wanted)) {
                best = spot;
            }
        }
        return best;
    }

    // ---- calls

    private int callLength(CallTarget target) {
        if (target instanceof CallTarget.Direct) {
            return 5;
        }
        if (target instanceof CallTarget.Import) {
            return 6;
        }
        if (target instanceof CallTarget.Dispatch) {
            return 4 + (linkage.kernelMode() ? 5 : 6);   // mov rax,qword ptr [rbx+disp8] first
        }
        return ((CallTarget.Through) target).register().number() >= 8 ? 3 : 2;
    }

    private void emitCall(Assembler a, CallTarget target) {
        if (target instanceof CallTarget.Direct direct) {
            a.call(linkage.symbol(direct.symbol()));
        } else if (target instanceof CallTarget.Import imported) {
            a.callThrough(linkage.importSlot(imported.module(), imported.symbol()));
        } else if (target instanceof CallTarget.Dispatch) {
            a.load(RAX, Register.RBX, 8 * (1 + random.nextInt(15)), true);
            if (linkage.kernelMode()) {
                a.call(linkage.symbol(ImageCode.KERNEL_DISPATCH));
            } else {
                a.callThrough(linkage.symbol(ImageCode.USER_DISPATCH_POINTER));
            }
        } else {
            a.callRegister(((CallTarget.Through) target).register());
        }
    }

    // ---- the code between the fixed things

    /** Ordinary code from the current position up to {@code end}, exactly. */
    private void fill(int end) {
        while (asm.position() < end) {
            int remaining = end - asm.position();
            if (remaining == 1) {
                asm.nop(1);
                break;
            }
            if (afterCall) {
                afterCall = false;
                if (resultCheck(end)) {
                    continue;
                }
            }
            if (remaining >= 12 && random.nextInt(18) == 0 && earlyExit(end)) {
                continue;
            }
            if (remaining >= 16 && !function.isLeaf() && !linkage.helpers().isEmpty() && random.nextInt(60) == 0) {
                List<Long> helpers = linkage.helpers();
                asm.move(RCX, home(), true);
                asm.call(helpers.get(random.nextInt(helpers.size())));
                continue;
            }
            ordinary(remaining);
        }
    }

    /** Right after a call: keep its status ({@code mov ebx,eax}) or leave on failure ({@code test eax,eax; js}). */
    private boolean resultCheck(int end) {
        int remaining = end - asm.position();
        if (random.nextBoolean() && !homes.isEmpty()) {
            Register keep = homes.get(random.nextInt(homes.size()));
            int length = keep.number() >= 8 ? 3 : 2;
            if (length == remaining || length <= remaining - 2) {
                asm.move(keep, RAX, false);
                return true;
            }
            return false;
        }
        return testAndLeave(end, RAX, Condition.S);
    }

    /** {@code test reg,reg; je <epilog>}: the early exits compiled code is full of. */
    private boolean earlyExit(int end) {
        Register r = homes.isEmpty() ? RAX : homes.get(random.nextInt(homes.size()));
        return testAndLeave(end, r, random.nextBoolean() ? Condition.E : Condition.NE);
    }

    private boolean testAndLeave(int end, Register r, Condition condition) {
        int remaining = end - asm.position();
        int testLength = r.number() >= 8 ? 3 : 2;
        if (epilogStart >= function.size() || remaining < testLength + 2) {
            return false;
        }
        int start = asm.position();
        asm.seek(start + testLength);
        int jumpLength = asm.jumpLength(epilogStart, true);
        asm.seek(start);
        int total = testLength + jumpLength;
        if (total != remaining && total > remaining - 2) {
            return false;
        }
        asm.test(r, r, false);
        asm.jump(condition, epilogStart);
        return true;
    }

    /** One load, store, move or compare of {@code remaining} bytes, or short enough to leave room after it. */
    private void ordinary(int remaining) {
        for (int attempt = 0; attempt < 12; attempt++) {
            Consumer<Assembler> candidate = candidate();
            byte[] encoded = encode(candidate);
            int length = encoded.length;
            if ((length == remaining || length <= remaining - 2) && !java.util.Arrays.equals(encoded, previous)) {
                candidate.accept(asm);
                previous = encoded;
                return;
            }
        }
        exact(Math.min(remaining, 9), remaining);
    }

    /** An instruction of exactly {@code length} bytes (2 to 9), or nops where {@code remaining} is not reached. */
    private void exact(int length, int remaining) {
        Register home = home();
        switch (length) {
            case 2 -> asm.move(low(VOLATILE), low(VOLATILE), false);
            case 3 -> asm.move(RCX, RDX, true);
            case 4 -> asm.load(RAX, RCX, 8 * (1 + random.nextInt(15)), true);
            case 5 -> asm.loadFromStack(RCX, stackSlot());
            case 6 -> asm.moveImmediate(R8, IMMEDIATES[random.nextInt(IMMEDIATES.length)]);
            case 7 -> asm.loadFar(RAX, base(), 8 * (16 + random.nextInt(48)), true);
            case 8 -> asm.storeToStack(home, 0x80 + 8 * random.nextInt(8));
            case 9 -> asm.loadProcessorField(RAX, linkage.kernelMode() ? 0x188 : 0x30);
            default -> asm.nop(length);
        }
        if (length < remaining && remaining - length == 1) {
            asm.nop(1);
        }
    }

    /** A random ordinary instruction; every choice is drawn here, so measuring it and writing it agree. */
    private Consumer<Assembler> candidate() {
        Register home = home();
        Register base = base();
        Register scratch = VOLATILE[random.nextInt(VOLATILE.length)];
        Register low = low(VOLATILE);
        int disp = 8 * (1 + random.nextInt(15));
        int slot = stackSlot();
        boolean wide = random.nextBoolean();
        int immediate = IMMEDIATES[random.nextInt(IMMEDIATES.length)];
        int small = random.nextInt(3);
        long global = globals.isEmpty() ? 0 : globals.get(random.nextInt(globals.size()));
        boolean rare = random.nextInt(5) == 0;   // a global now and then, not at every other instruction
        return switch (random.nextInt(13)) {
            case 0 -> a -> a.move(scratch == home ? RCX : scratch, home == RCX && scratch == home ? RDX : home, true);
            case 1 -> a -> a.clear(scratch == RAX ? RDX : scratch);
            case 2 -> a -> a.load(scratch, base, disp, wide);
            case 3 -> a -> a.store(scratch, base, disp, true);
            case 4 -> a -> a.lea(scratch, base, disp);
            case 5 -> a -> a.loadFromStack(scratch, slot);
            case 6 -> a -> a.storeToStack32(low, slot);
            case 7 -> a -> a.moveImmediate(scratch == RAX ? RDX : scratch, immediate);
            case 8 -> a -> a.compareImmediate(base, disp, small);
            case 9 -> globals.isEmpty() || !rare ? a -> a.move(RDX, home, true) : a -> a.loadGlobal(scratch, global);
            case 10 -> globals.isEmpty() || !rare ? a -> a.load(scratch, base, disp, true) : a -> a.leaGlobal(RCX, global);
            case 11 -> a -> a.test(home, home, false);
            default -> a -> a.move(base == RAX ? RCX : base, RAX, true);
        };
    }

    /** A register to address memory through: a saved one (r12 would need a SIB byte), else rcx. */
    private Register base() {
        List<Register> bases = new ArrayList<>(homes);
        bases.remove(Register.R12);
        return bases.isEmpty() ? RCX : bases.get(random.nextInt(bases.size()));
    }

    private Register home() {
        return homes.isEmpty() ? RAX : homes.get(random.nextInt(homes.size()));
    }

    private Register low(Register[] registers) {
        Register r;
        do {
            r = registers[random.nextInt(registers.length)];
        } while (r.number() >= 8);
        return r;
    }

    /** A slot of the function's own frame above the callee home area (or a home slot when it has none). */
    private int stackSlot() {
        int top = Math.min(frameBytes - 8, 0x78);
        if (top < 0x20) {
            return 8 * (1 + random.nextInt(4)) + frameBytes;   // the caller's home area
        }
        return 0x20 + 8 * random.nextInt((top - 0x20) / 8 + 1);
    }

    /** The instruction's bytes (its rip-relative displacement as if at the function's start). */
    private byte[] encode(Consumer<Assembler> candidate) {
        Assembler scratch = new Assembler(function.rva(), 16);
        candidate.accept(scratch);
        return java.util.Arrays.copyOf(scratch.bytes(), scratch.position());
    }
}
