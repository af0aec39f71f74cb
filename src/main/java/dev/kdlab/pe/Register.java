package dev.kdlab.pe;

import java.util.Locale;

/** The x64 general-purpose registers in the numbering of the UNWIND_CODE OpInfo field (0 = RAX ... 15 = R15). */
public enum Register {
    RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15;

    /** The number UNWIND_CODE and UNWIND_INFO.FrameRegister use. */
    public int number() {
        return ordinal();
    }

    public static Register of(int number) {
        return values()[number];
    }

    /** The name WinDbg prints: {@code rax}, {@code r8}. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** RBX, RBP, RSI, RDI and R12-R15: the registers a callee must preserve. */
    public boolean isNonVolatile() {
        return this == RBX || this == RBP || this == RSI || this == RDI || ordinal() >= R12.ordinal();
    }
}
