package dev.kdlab.debugger.dt;

import dev.kdlab.debugger.Hex;

/** How dt (and ??, which shares its typed-value display) spells numbers: rule 9.6 of the transcripts. */
public final class DtNumbers {
    private DtNumbers() {
    }

    /** {@code 0x} and two backtick-joined halves, as dt prints every non-null pointer. */
    public static String pointer(long p) {
        return "0x" + Hex.backtick(p);
    }

    /** dt's unsigned integers: 0-9 bare, otherwise minimal hex, above 32 bits all 16 digits with a backtick. */
    public static String unsigned(long v) {
        return Long.compareUnsigned(v, 9) <= 0 ? Long.toString(v) : quad(v);
    }

    /** A {@code _LARGE_INTEGER} or a dt -a element: {@code 0x0}, {@code 0x1c}, {@code 0x01d9a0eb`ed2820eb}. */
    public static String quad(long v) {
        return (v >>> 32) == 0 ? "0x" + Long.toHexString(v) : pointer(v);
    }

    /** dt's signed integers: {@code 0n259}, {@code 0n-6291456}. */
    public static String signed(long v) {
        return "0n" + v;
    }
}
