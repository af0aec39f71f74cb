package dev.kdlab.debugger;

/** The number spellings of WinDbg's output (transcripts, section 9). */
public final class Hex {
    private Hex() {
    }

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    /** Engine style: ffffc509`c5488488. */
    public static String backtick(long value) {
        char[] text = new char[17];
        digits(value >>> 32, text, 0, 8);
        text[8] = '`';
        digits(value, text, 9, 8);
        return new String(text);
    }

    /** Extension style: 16 digits, no backtick (!process, !peb, !teb). */
    public static String plain(long value) {
        char[] text = new char[16];
        digits(value, text, 0, 16);
        return new String(text);
    }

    /** At least {@code digits} hex digits, more when the value needs them (Cid: 0004, DirBase: 001ad000). */
    public static String padded(long value, int digits) {
        int needed = Math.max(digits, (64 - Long.numberOfLeadingZeros(value) + 3) / 4);
        char[] text = new char[needed];
        digits(value, text, 0, needed);
        return new String(text);
    }

    /** The low {@code count} hex digits of the value into text[at..]. */
    private static void digits(long value, char[] text, int at, int count) {
        for (int i = count - 1; i >= 0; i--) {
            text[at + i] = DIGITS[(int) (value & 0xf)];
            value >>>= 4;
        }
    }
}
