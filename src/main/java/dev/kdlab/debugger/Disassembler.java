package dev.kdlab.debugger;

import dev.kdlab.pe.Register;

/**
 * Decodes the one instruction {@code r} shows under the registers: a handful of x64 encodings
 * (the ones the emulated images place where threads stop: ret, int 3, nop, hlt, syscall,
 * call rel32, mov/test between registers, and zero bytes), printed as WinDbg prints them:
 * address, bytes in a 16-column field, mnemonic in an 8-column field, operands. Anything else is
 * shown as {@code ???}.
 */
public final class Disassembler {
    private static final String[] REGISTERS_32 = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "r8d",
            "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"};

    private Disassembler() {
    }

    /** The instruction line for {@code bytes} read at {@code address} (at least 8 of them). */
    public static String line(long address, byte[] bytes) {
        Decoded d = decode(address, bytes);
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < d.length; i++) {
            hex.append(String.format("%02x", bytes[i] & 0xff));
        }
        String text = d.operands.isEmpty() ? d.mnemonic : String.format("%-8s%s", d.mnemonic, d.operands);
        return String.format("%s %-16s%s", Hex.backtick(address), hex, text);
    }

    private record Decoded(int length, String mnemonic, String operands) {
    }

    private static Decoded decode(long address, byte[] b) {
        int rex = 0;
        int at = 0;
        if ((b[0] & 0xf0) == 0x40) {
            rex = b[0] & 0xf;
            at = 1;
        }
        int op = b[at] & 0xff;
        switch (op) {
            case 0xc3:
                return new Decoded(at + 1, "ret", "");
            case 0xcc:
                return new Decoded(at + 1, "int", "3");
            case 0x90:
                return new Decoded(at + 1, "nop", "");
            case 0xf4:
                return new Decoded(at + 1, "hlt", "");
            case 0x00:
                return (b[at + 1] & 0xff) == 0 ? new Decoded(at + 2, "add", "byte ptr [rax],al") : unknown();
            case 0x0f:
                return (b[at + 1] & 0xff) == 0x05 ? new Decoded(at + 2, "syscall", "") : unknown();
            case 0xe8: {
                long target = address + at + 5 + (int) littleEndian(b, at + 1);
                return new Decoded(at + 5, "call", Hex.backtick(target));
            }
            case 0x8b:
            case 0x89:
            case 0x85:
                return registerPair(b, at, rex, op);
            default:
                return unknown();
        }
    }

    /** {@code mov r, r} (8b/89) and {@code test r, r} (85) with a register-to-register ModRM. */
    private static Decoded registerPair(byte[] b, int at, int rex, int op) {
        int modrm = b[at + 1] & 0xff;
        if (modrm >>> 6 != 3) {
            return unknown();
        }
        int reg = (modrm >>> 3 & 7) | (rex & 4) << 1;
        int rm = (modrm & 7) | (rex & 1) << 3;
        boolean wide = (rex & 8) != 0;
        String r = name(reg, wide);
        String m = name(rm, wide);
        String operands = op == 0x8b ? r + "," + m : m + "," + r;
        return new Decoded(at + 2, op == 0x85 ? "test" : "mov", operands);
    }

    private static String name(int register, boolean wide) {
        return wide ? Register.of(register).displayName() : REGISTERS_32[register];
    }

    private static Decoded unknown() {
        return new Decoded(1, "???", "");
    }

    private static long littleEndian(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

}
