package dev.kdlab.pe;

/**
 * One prolog operation as an UNWIND_CODE describes it. A list of these in prolog order is a
 * function's prolog; {@link UnwindInfo} stores them in reverse, as the format requires.
 */
public sealed interface UnwindCode {
    int UWOP_PUSH_NONVOL = 0;
    int UWOP_ALLOC_LARGE = 1;
    int UWOP_ALLOC_SMALL = 2;
    int UWOP_SET_FPREG = 3;
    int UWOP_SAVE_NONVOL = 4;
    int UWOP_SAVE_NONVOL_FAR = 5;
    int UWOP_SAVE_XMM128 = 8;
    int UWOP_SAVE_XMM128_FAR = 9;
    int UWOP_PUSH_MACHFRAME = 10;

    /** Bytes of the prolog instruction this code stands for (nominal encodings), for CodeOffset. */
    int instructionLength();

    /** {@code push reg}. */
    record Push(Register register) implements UnwindCode {
        @Override
        public int instructionLength() {
            return register.number() >= 8 ? 2 : 1;
        }
    }

    /**
     * {@code sub rsp, size}: ALLOC_SMALL up to 128 bytes, ALLOC_LARGE beyond. The instruction takes an
     * 8-bit immediate below 128 (48 83 EC ib) and a 32-bit one from 128 on (48 81 EC id), since
     * imm8 is sign-extended.
     */
    record Alloc(int size) implements UnwindCode {
        public Alloc {
            if (size <= 0 || size % 8 != 0) {
                throw new IllegalArgumentException("allocation must be a positive multiple of 8: " + size);
            }
        }

        @Override
        public int instructionLength() {
            return size < 128 ? 4 : 7;
        }
    }

    /** {@code mov [rsp+offset], reg} after the allocation. */
    record Save(Register register, int offset) implements UnwindCode {
        public Save {
            if (offset < 0 || offset % 8 != 0) {
                throw new IllegalArgumentException("save offset must be a multiple of 8: " + offset);
            }
        }

        @Override
        public int instructionLength() {
            return offset < 0x80 ? 5 : 8;
        }
    }

    /**
     * {@code lea reg, [rsp+offset]}: the frame register; offset is a multiple of 16 up to 240, an
     * 8-bit displacement below 128 and a 32-bit one from there.
     */
    record SetFrame(Register register, int offset) implements UnwindCode {
        public SetFrame {
            if (offset < 0 || offset > 240 || offset % 16 != 0) {
                throw new IllegalArgumentException("frame offset must be a multiple of 16 up to 240: " + offset);
            }
        }

        @Override
        public int instructionLength() {
            return offset < 0x80 ? 5 : 8;
        }
    }

    /** {@code movaps [rsp+offset], xmmN}: decoded so a real image's codes parse; restores no integer register. */
    record SaveXmm128(int xmmRegister, int offset) implements UnwindCode {
        @Override
        public int instructionLength() {
            return offset < 0x80 ? 5 : 8;
        }
    }

    /**
     * A machine frame (RIP, CS, EFLAGS, RSP, SS) the hardware or a trap handler pushed, with an
     * error code below it when {@code errorCode} is set.
     */
    record MachineFrame(boolean errorCode) implements UnwindCode {
        public static final int SIZE = 0x28;

        @Override
        public int instructionLength() {
            return 0;
        }
    }
}
