package dev.kdlab.debugger;

/** The number spellings of WinDbg's output (transcripts, section 9). */
public final class Hex {
    private Hex() {
    }

    /** Engine style: ffffc509`c5488488. */
    public static String backtick(long value) {
        return String.format("%08x`%08x", value >>> 32, value & 0xffffffffL);
    }

    /** Extension style: 16 digits, no backtick (!process, !peb, !teb). */
    public static String plain(long value) {
        return String.format("%016x", value);
    }

    /** At least {@code digits} hex digits, more when the value needs them (Cid: 0004, DirBase: 001ad000). */
    public static String padded(long value, int digits) {
        return String.format("%0" + digits + "x", value);
    }
}
