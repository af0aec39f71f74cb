package dev.kdlab.pe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * UNWIND_INFO (version 1): prolog size, frame register and offset, and the unwind codes in the
 * order an unwinder applies them (the reverse of the prolog), each with the prolog offset just
 * past its instruction.
 *
 * <p>Layout: byte 0 Version:3 | Flags:5, byte 1 SizeOfProlog, byte 2 CountOfCodes (16-bit slots),
 * byte 3 FrameRegister:4 | FrameOffset:4 (scaled by 16), then the slots, padded to an even count.
 */
public record UnwindInfo(int prologSize, Register frameRegister, int frameOffset, List<Operation> operations) {
    public static final int HEADER = 4;
    private static final int VERSION = 1;

    /** One unwind code and where in the prolog its instruction ends. */
    public record Operation(int codeOffset, UnwindCode code) {
    }

    public UnwindInfo {
        operations = List.copyOf(operations);
    }

    /** The unwind info of a prolog given in execution order. */
    public static UnwindInfo ofProlog(List<UnwindCode> prolog) {
        List<Operation> operations = new ArrayList<>();
        Register frameRegister = null;
        int frameOffset = 0;
        int offset = 0;
        for (UnwindCode code : prolog) {
            offset += code.instructionLength();
            operations.add(new Operation(offset, code));
            if (code instanceof UnwindCode.SetFrame frame) {
                frameRegister = frame.register();
                frameOffset = frame.offset();
            }
        }
        Collections.reverse(operations);
        return new UnwindInfo(offset, frameRegister, frameOffset, operations);
    }

    /** Total bytes of an UNWIND_INFO whose header says {@code countOfCodes} slots. */
    public static int length(int countOfCodes) {
        return HEADER + 2 * (countOfCodes + (countOfCodes & 1));
    }

    public byte[] encode() {
        List<Integer> slots = new ArrayList<>();
        for (Operation operation : operations) {
            appendSlots(slots, operation);
        }
        byte[] bytes = new byte[length(slots.size())];
        bytes[0] = (byte) VERSION;
        bytes[1] = (byte) prologSize;
        bytes[2] = (byte) slots.size();
        bytes[3] = (byte) (frameRegister == null ? 0 : frameRegister.number() | (frameOffset / 16) << 4);
        for (int i = 0; i < slots.size(); i++) {
            bytes[HEADER + 2 * i] = (byte) (int) slots.get(i);
            bytes[HEADER + 2 * i + 1] = (byte) (slots.get(i) >>> 8);
        }
        return bytes;
    }

    private static void appendSlots(List<Integer> slots, Operation operation) {
        int at = operation.codeOffset();
        UnwindCode code = operation.code();
        if (code instanceof UnwindCode.Push push) {
            slots.add(slot(at, UnwindCode.UWOP_PUSH_NONVOL, push.register().number()));
        } else if (code instanceof UnwindCode.Alloc alloc && alloc.size() <= 128) {
            slots.add(slot(at, UnwindCode.UWOP_ALLOC_SMALL, alloc.size() / 8 - 1));
        } else if (code instanceof UnwindCode.Alloc alloc && alloc.size() / 8 <= 0xffff) {
            slots.add(slot(at, UnwindCode.UWOP_ALLOC_LARGE, 0));
            slots.add(alloc.size() / 8);
        } else if (code instanceof UnwindCode.Alloc alloc) {
            slots.add(slot(at, UnwindCode.UWOP_ALLOC_LARGE, 1));
            slots.add(alloc.size() & 0xffff);
            slots.add(alloc.size() >>> 16);
        } else if (code instanceof UnwindCode.Save save && save.offset() / 8 <= 0xffff) {
            slots.add(slot(at, UnwindCode.UWOP_SAVE_NONVOL, save.register().number()));
            slots.add(save.offset() / 8);
        } else if (code instanceof UnwindCode.Save save) {
            slots.add(slot(at, UnwindCode.UWOP_SAVE_NONVOL_FAR, save.register().number()));
            slots.add(save.offset() & 0xffff);
            slots.add(save.offset() >>> 16);
        } else if (code instanceof UnwindCode.SaveXmm128 xmm) {
            slots.add(slot(at, UnwindCode.UWOP_SAVE_XMM128, xmm.xmmRegister()));
            slots.add(xmm.offset() / 16);
        } else if (code instanceof UnwindCode.SetFrame) {
            slots.add(slot(at, UnwindCode.UWOP_SET_FPREG, 0));
        } else if (code instanceof UnwindCode.MachineFrame frame) {
            slots.add(slot(at, UnwindCode.UWOP_PUSH_MACHFRAME, frame.errorCode() ? 1 : 0));
        }
    }

    private static int slot(int codeOffset, int op, int info) {
        return codeOffset | (op | info << 4) << 8;
    }

    /** Decodes the UNWIND_INFO at {@code offset} of {@code bytes} (which must hold all of it). */
    public static UnwindInfo decode(byte[] bytes, int offset) {
        int count = bytes[offset + 2] & 0xff;
        int frame = bytes[offset + 3] & 0xff;
        Register frameRegister = (frame & 0xf) == 0 ? null : Register.of(frame & 0xf);
        List<Operation> operations = new ArrayList<>();
        int i = 0;
        while (i < count) {
            int at = offset + HEADER + 2 * i;
            int codeOffset = bytes[at] & 0xff;
            int op = bytes[at + 1] & 0xf;
            int info = (bytes[at + 1] & 0xff) >>> 4;
            int used = slotsOf(op, info);
            operations.add(new Operation(codeOffset, code(op, info, bytes, at, frameRegister, (frame >>> 4) * 16)));
            i += used;
        }
        return new UnwindInfo(bytes[offset + 1] & 0xff, frameRegister, (frame >>> 4) * 16, operations);
    }

    private static int slotsOf(int op, int info) {
        switch (op) {
            case UnwindCode.UWOP_ALLOC_LARGE:
                return info == 0 ? 2 : 3;
            case UnwindCode.UWOP_SAVE_NONVOL:
            case UnwindCode.UWOP_SAVE_XMM128:
                return 2;
            case UnwindCode.UWOP_SAVE_NONVOL_FAR:
            case UnwindCode.UWOP_SAVE_XMM128_FAR:
                return 3;
            default:
                return 1;
        }
    }

    private static UnwindCode code(int op, int info, byte[] b, int at, Register frameRegister, int frameOffset) {
        switch (op) {
            case UnwindCode.UWOP_PUSH_NONVOL:
                return new UnwindCode.Push(Register.of(info));
            case UnwindCode.UWOP_ALLOC_SMALL:
                return new UnwindCode.Alloc(8 * info + 8);
            case UnwindCode.UWOP_ALLOC_LARGE:
                return new UnwindCode.Alloc(info == 0 ? 8 * u16(b, at + 2) : u16(b, at + 2) | u16(b, at + 4) << 16);
            case UnwindCode.UWOP_SET_FPREG:
                return new UnwindCode.SetFrame(frameRegister == null ? Register.RBP : frameRegister, frameOffset);
            case UnwindCode.UWOP_SAVE_NONVOL:
                return new UnwindCode.Save(Register.of(info), 8 * u16(b, at + 2));
            case UnwindCode.UWOP_SAVE_NONVOL_FAR:
                return new UnwindCode.Save(Register.of(info), u16(b, at + 2) | u16(b, at + 4) << 16);
            case UnwindCode.UWOP_SAVE_XMM128:
                return new UnwindCode.SaveXmm128(info, 16 * u16(b, at + 2));
            case UnwindCode.UWOP_SAVE_XMM128_FAR:
                return new UnwindCode.SaveXmm128(info, u16(b, at + 2) | u16(b, at + 4) << 16);
            case UnwindCode.UWOP_PUSH_MACHFRAME:
                return new UnwindCode.MachineFrame(info == 1);
            default:
                throw new IllegalArgumentException("unknown unwind operation " + op);
        }
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }
}
