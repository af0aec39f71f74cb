package dev.kdlab.disasm;

/** Register names by number (0-15) and size, as WinDbg prints them (lower case, Intel names). */
final class Registers {
    private static final String[] QWORD = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
    private static final String[] DWORD = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
            "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"};
    private static final String[] WORD = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
            "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w"};
    /** With any REX prefix, byte registers 4-7 are the low bytes of rsp, rbp, rsi, rdi. */
    private static final String[] BYTE_REX = {"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
            "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"};
    /** Without REX, byte registers 4-7 are the high bytes of ax, cx, dx, bx. */
    private static final String[] BYTE_LEGACY = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};
    private static final String[] SEGMENT = {"es", "cs", "ss", "ds", "fs", "gs"};

    private Registers() {
    }

    /** A general register of {@code size} bytes (1, 2, 4, 8); {@code rex} says whether a REX prefix was present. */
    static String general(int number, int size, boolean rex) {
        return switch (size) {
            case 1 -> rex ? BYTE_REX[number] : number < 8 ? BYTE_LEGACY[number] : BYTE_REX[number];
            case 2 -> WORD[number];
            case 4 -> DWORD[number];
            default -> QWORD[number];
        };
    }

    static String xmm(int number) {
        return "xmm" + number;
    }

    static String mmx(int number) {
        return "mm" + (number & 7);
    }

    static String control(int number) {
        return "cr" + number;
    }

    static String debug(int number) {
        return "dr" + number;
    }

    /** es, cs, ss, ds, fs, gs; null for the reserved encodings 6 and 7. */
    static String segment(int number) {
        return number < SEGMENT.length ? SEGMENT[number] : null;
    }
}
