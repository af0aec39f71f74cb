package dev.kdlab.kernel.image;

import dev.kdlab.pe.Register;

import java.util.Arrays;

/**
 * Encodes the x64 instructions the emulated images' code is made of (Intel SDM vol. 2, chapter 2
 * and the opcode map of appendix A) into one function's bytes, which start at {@code rva} of their
 * image, so rip-relative operands and relative branches can be encoded against other RVAs. The
 * encodings are the ones MSVC emits ({@code mov rcx,rbx} as 48 8B CB, {@code sub rsp,28h} as
 * 48 83 EC 28), so the code disassembles as a Windows binary's does.
 */
final class Assembler {
    private static final int REX_W = 0x48;

    private final long rva;
    private final byte[] bytes;
    private int position;

    Assembler(long rva, int size) {
        this.rva = rva;
        this.bytes = new byte[size];
    }

    int position() {
        return position;
    }

    void seek(int offset) {
        position = offset;
    }

    byte[] bytes() {
        return bytes;
    }

    /** The RVA of the next byte. */
    long here() {
        return rva + position;
    }

    // ---- the prolog and epilog forms the unwind codes describe (UnwindCode's nominal lengths)

    /** {@code push reg}: 50+r, with REX.B for r8-r15. */
    Assembler push(Register r) {
        rexB(r);
        return emit(0x50 + low(r));
    }

    Assembler pop(Register r) {
        rexB(r);
        return emit(0x58 + low(r));
    }

    /** {@code sub rsp,n}: 48 83 EC ib below 128, 48 81 EC id from there. */
    Assembler subRsp(int n) {
        return n < 0x80 ? emit(REX_W, 0x83, 0xec, n) : emit(REX_W, 0x81, 0xec).imm32(n);
    }

    Assembler addRsp(int n) {
        return n < 0x80 ? emit(REX_W, 0x83, 0xc4, n) : emit(REX_W, 0x81, 0xc4).imm32(n);
    }

    /** {@code mov qword ptr [rsp+disp],reg} (89 /r with a SIB byte). */
    Assembler storeToStack(Register source, int displacement) {
        return rspOperand(0x89, source, displacement, true);
    }

    /** {@code mov reg,qword ptr [rsp+disp]}. */
    Assembler loadFromStack(Register target, int displacement) {
        return rspOperand(0x8b, target, displacement, true);
    }

    /** {@code lea reg,[rsp+disp]}: how a prolog establishes its frame register. */
    Assembler leaFromStack(Register target, int displacement) {
        return rspOperand(0x8d, target, displacement, true);
    }

    /** {@code mov dword ptr [rsp+disp],reg32}. */
    Assembler storeToStack32(Register source, int displacement) {
        return rspOperand(0x89, source, displacement, false);
    }

    private Assembler rspOperand(int opcode, Register reg, int displacement, boolean wide) {
        rex(wide, reg, null);
        emit(opcode);
        if (displacement < 0x80) {
            return emit(0x44 | low(reg) << 3, 0x24, displacement);
        }
        return emit(0x84 | low(reg) << 3, 0x24).imm32(displacement);
    }

    Assembler ret() {
        return emit(0xc3);
    }

    Assembler int3() {
        return emit(0xcc);
    }

    /** {@code iretq}: the way back from a trap frame. */
    Assembler iretq() {
        return emit(REX_W, 0xcf);
    }

    // ---- calls and branches

    /** {@code call target} (E8 rel32) to an RVA of the same image. */
    Assembler call(long targetRva) {
        emit(0xe8);
        return rel32(targetRva);
    }

    /** {@code call qword ptr [slot]} (FF 15 rel32): through an import slot or a dispatch pointer. */
    Assembler callThrough(long slotRva) {
        emit(0xff, 0x15);
        return rel32(slotRva);
    }

    /** {@code jmp qword ptr [slot]} (FF 25 rel32): a stub that forwards to an import. */
    Assembler jumpThrough(long slotRva) {
        emit(0xff, 0x25);
        return rel32(slotRva);
    }

    /** {@code call reg} (FF /2). */
    Assembler callRegister(Register r) {
        rexB(r);
        return emit(0xff, 0xd0 + low(r));
    }

    /** {@code jcc} to an offset of this function: rel8 when it reaches, else 0F 8x rel32. */
    Assembler jump(Condition condition, int targetOffset) {
        if (fitsShort(targetOffset)) {
            emit(0x70 + condition.code());
            return emit(targetOffset - (position + 1));
        }
        emit(0x0f, 0x80 + condition.code());
        return imm32(targetOffset - (position + 4));
    }

    /** Bytes a {@code jcc} or {@code jmp} from here to {@code targetOffset} takes. */
    int jumpLength(int targetOffset, boolean conditional) {
        if (fitsShort(targetOffset)) {
            return 2;
        }
        return conditional ? 6 : 5;
    }

    private boolean fitsShort(int targetOffset) {
        int displacement = targetOffset - (position + 2);
        return displacement >= -128 && displacement <= 127;
    }

    /** {@code jmp} to an offset of this function. */
    Assembler jump(int targetOffset) {
        if (fitsShort(targetOffset)) {
            emit(0xeb);
            return emit(targetOffset - (position + 1));
        }
        emit(0xe9);
        return imm32(targetOffset - (position + 4));
    }

    // ---- data movement

    /** {@code mov target,source} (8B /r), 64 or 32 bits. */
    Assembler move(Register target, Register source, boolean wide) {
        rex(wide, target, source);
        return emit(0x8b, 0xc0 | low(target) << 3 | low(source));
    }

    /** {@code xor reg32,reg32}: how compilers clear a register. */
    Assembler clear(Register r) {
        rex(false, r, r);
        return emit(0x33, 0xc0 | low(r) << 3 | low(r));
    }

    /** {@code test a,b} (85 /r). */
    Assembler test(Register a, Register b, boolean wide) {
        rex(wide, b, a);
        return emit(0x85, 0xc0 | low(b) << 3 | low(a));
    }

    /** {@code mov reg,imm32} (B8+r): a status code, a size, a tag. */
    Assembler moveImmediate(Register target, int value) {
        rexB(target);
        emit(0xb8 + low(target));
        return imm32(value);
    }

    /** {@code mov target,qword ptr [base+disp8]} (or dword), base neither rsp nor r12. */
    Assembler load(Register target, Register base, int displacement, boolean wide) {
        return baseOperand(0x8b, target, base, displacement, wide);
    }

    /** {@code mov target,qword ptr [base+disp32]}: a field far into a structure. */
    Assembler loadFar(Register target, Register base, int displacement, boolean wide) {
        if (low(base) == 4) {
            throw new IllegalArgumentException("rsp and r12 take a SIB byte: " + base);
        }
        rex(wide, target, base);
        emit(0x8b, 0x80 | low(target) << 3 | low(base));
        return imm32(displacement);
    }

    /** {@code mov qword ptr [base+disp8],source}. */
    Assembler store(Register source, Register base, int displacement, boolean wide) {
        return baseOperand(0x89, source, base, displacement, wide);
    }

    /** {@code lea target,[base+disp8]}. */
    Assembler lea(Register target, Register base, int displacement) {
        return baseOperand(0x8d, target, base, displacement, true);
    }

    private Assembler baseOperand(int opcode, Register reg, Register base, int displacement, boolean wide) {
        if (low(base) == 4) {
            throw new IllegalArgumentException("rsp and r12 take a SIB byte: " + base);
        }
        rex(wide, reg, base);
        return emit(opcode, 0x40 | low(reg) << 3 | low(base), displacement);
    }

    /** {@code cmp dword ptr [base+disp8],imm8} (83 /7). */
    Assembler compareImmediate(Register base, int displacement, int value) {
        rexB(base);
        return emit(0x83, 0x78 | low(base), displacement, value);
    }

    /** {@code mov target,qword ptr [rip+d32]}: a global of the image. */
    Assembler loadGlobal(Register target, long globalRva) {
        rex(true, target, null);
        emit(0x8b, 0x05 | low(target) << 3);
        return rel32(globalRva);
    }

    /** {@code lea target,[rip+d32]}: the address of a global (a list head, a lock). */
    Assembler leaGlobal(Register target, long globalRva) {
        rex(true, target, null);
        emit(0x8d, 0x05 | low(target) << 3);
        return rel32(globalRva);
    }

    /** {@code test dword ptr [rip+d32],imm32} (F7 05): a flag word of the image. */
    Assembler testGlobal(long globalRva, int mask) {
        emit(0xf7, 0x05);
        int at = position;
        position += 4;
        imm32(mask);
        int saved = position;
        position = at;
        imm32((int) (globalRva - (rva + saved)));
        position = saved;
        return this;
    }

    /** {@code mov rax,qword ptr gs:[disp32]} (65 48 8B 04 25): the processor block's fields. */
    Assembler loadProcessorField(Register target, int displacement) {
        emit(0x65);
        rex(true, target, null);
        emit(0x8b, 0x04 | low(target) << 3, 0x25);
        return imm32(displacement);
    }

    /** Bytes of raw code (a fixed instruction). */
    Assembler raw(byte[] code) {
        System.arraycopy(code, 0, bytes, position, code.length);
        position += code.length;
        return this;
    }

    /** A multi-byte nop of 1 to 9 bytes (SDM vol. 2, NOP: the recommended forms). */
    Assembler nop(int length) {
        return switch (length) {
            case 1 -> emit(0x90);
            case 2 -> emit(0x66, 0x90);
            case 3 -> emit(0x0f, 0x1f, 0x00);
            case 4 -> emit(0x0f, 0x1f, 0x40, 0x00);
            case 5 -> emit(0x0f, 0x1f, 0x44, 0x00, 0x00);
            case 6 -> emit(0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00);
            case 7 -> emit(0x0f, 0x1f, 0x80, 0, 0, 0, 0);
            case 8 -> emit(0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0);
            case 9 -> emit(0x66, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0);
            default -> throw new IllegalArgumentException("no nop of " + length + " bytes");
        };
    }

    /** int 3 from here to {@code end}: the padding between a function's last instruction and the next. */
    void padTo(int end) {
        Arrays.fill(bytes, position, end, (byte) 0xcc);
        position = end;
    }

    // ---- encoding helpers

    private Assembler rel32(long targetRva) {
        return imm32((int) (targetRva - (here() + 4)));
    }

    private Assembler imm32(int value) {
        for (int i = 0; i < 4; i++) {
            bytes[position++] = (byte) (value >>> 8 * i);
        }
        return this;
    }

    private Assembler emit(int... values) {
        for (int value : values) {
            bytes[position++] = (byte) value;
        }
        return this;
    }

    /** REX with W, R from the ModRM reg operand and B from the r/m (or base) operand, when any is needed. */
    private void rex(boolean wide, Register reg, Register rm) {
        int rex = 0x40 | (wide ? 8 : 0) | (reg != null && high(reg) ? 4 : 0) | (rm != null && high(rm) ? 1 : 0);
        if (rex != 0x40) {
            emit(rex);
        }
    }

    private void rexB(Register r) {
        if (high(r)) {
            emit(0x41);
        }
    }

    private static boolean high(Register r) {
        return r.number() >= 8;
    }

    private static int low(Register r) {
        return r.number() & 7;
    }

    /** The condition codes of jcc (SDM appendix B: tttn). */
    enum Condition {
        E(4), NE(5), S(8), NS(9), L(0xc), GE(0xd), BE(6), A(7);

        private final int code;

        Condition(int code) {
            this.code = code;
        }

        int code() {
            return code;
        }
    }
}
