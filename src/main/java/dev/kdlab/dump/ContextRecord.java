package dev.kdlab.dump;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An x64 CONTEXT (winnt.h, 0x4d0 bytes) as a dump keeps the current processor's registers: the
 * layout of crashdump-format.md 8.1. A stop in kernel mode has the kernel's selectors (CS 0x10,
 * SS 0x18, DS/ES/GS 0x2B, FS 0x53; MemProcFS notes WinDbg needs them non-zero) and MxCsr 0x1F80 in
 * both of its places (kdmp-parser compares them).
 */
public final class ContextRecord {
    /** CONTEXT_ALL: AMD64 | CONTROL | INTEGER | SEGMENTS | FLOATING_POINT | DEBUG_REGISTERS. */
    public static final int CONTEXT_ALL = 0x10001f;
    public static final int MX_CSR_DEFAULT = 0x1f80;
    private static final int EFLAGS = 0x44;
    private static final int FLT_SAVE_CONTROL_WORD = 0x100;
    private static final int FLT_SAVE_MX_CSR_MASK = 0x11c;
    private static final int KERNEL_EFLAGS = 0x202;
    /** Cs, Ds, Es, Fs, Gs, Ss of a processor in kernel mode. */
    private static final short[] KERNEL_SELECTORS = {0x10, 0x2b, 0x2b, 0x53, 0x2b, 0x18};

    private ContextRecord() {
    }

    /** A kernel-mode CONTEXT that stopped at {@code rip} with the stack at {@code rsp}; other registers zero. */
    public static byte[] kernelStop(long rip, long rsp) {
        ByteBuffer context = view(new byte[DumpLayout.CONTEXT_SIZE]);
        context.putInt(DumpLayout.CONTEXT_FLAGS, CONTEXT_ALL);
        context.putInt(DumpLayout.CONTEXT_MX_CSR, MX_CSR_DEFAULT);
        for (int i = 0; i < KERNEL_SELECTORS.length; i++) {
            context.putShort(DumpLayout.CONTEXT_SEG_CS + 2 * i, KERNEL_SELECTORS[i]);
        }
        context.putInt(EFLAGS, KERNEL_EFLAGS);
        context.putLong(DumpLayout.CONTEXT_RSP, rsp);
        context.putLong(DumpLayout.CONTEXT_RIP, rip);
        context.putShort(FLT_SAVE_CONTROL_WORD, (short) 0x27f);
        context.putInt(DumpLayout.CONTEXT_FLT_SAVE_MX_CSR, MX_CSR_DEFAULT);
        context.putInt(FLT_SAVE_MX_CSR_MASK, 0xffff);
        return context.array();
    }

    /** The MxCsr the record's header copy says (the one at 0x34). */
    public static int mxCsr(byte[] context) {
        return view(context).getInt(DumpLayout.CONTEXT_MX_CSR);
    }

    /** FltSave.MxCsr, which kdmp-parser requires to equal {@link #mxCsr}. */
    public static int savedMxCsr(byte[] context) {
        return view(context).getInt(DumpLayout.CONTEXT_FLT_SAVE_MX_CSR);
    }

    public static long rip(byte[] context) {
        return view(context).getLong(DumpLayout.CONTEXT_RIP);
    }

    public static long rsp(byte[] context) {
        return view(context).getLong(DumpLayout.CONTEXT_RSP);
    }

    /** The six selectors Cs, Ds, Es, Fs, Gs, Ss. */
    public static int[] selectors(byte[] context) {
        int[] selectors = new int[KERNEL_SELECTORS.length];
        for (int i = 0; i < selectors.length; i++) {
            selectors[i] = Short.toUnsignedInt(view(context).getShort(DumpLayout.CONTEXT_SEG_CS + 2 * i));
        }
        return selectors;
    }

    private static ByteBuffer view(byte[] context) {
        return ByteBuffer.wrap(context).order(ByteOrder.LITTLE_ENDIAN);
    }
}
