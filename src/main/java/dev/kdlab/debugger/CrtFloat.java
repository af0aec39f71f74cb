package dev.kdlab.debugger;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Floating-point numbers as the debugger engine prints them, through the Microsoft C runtime's
 * {@code %g}: the shortest of fixed and exponent notation at a precision, trailing zeros dropped,
 * exponents of at least three digits ({@code 4.59149e-041}), and the legacy CRT's spellings of the
 * special values: {@code 1.#INF}, {@code 1.#QNAN}, {@code 1.#SNAN}, {@code -1.#IND} (transcripts
 * 4.1, 5.3 and 5.4: {@code .formats}'s Float and Double lines, {@code df}).
 */
public final class CrtFloat {
    private static final long DOUBLE_EXPONENT = 0x7ff0_0000_0000_0000L;
    private static final long DOUBLE_QUIET = 1L << 51;
    private static final long DOUBLE_MANTISSA = DOUBLE_QUIET - 1 | DOUBLE_QUIET;
    /** The "indefinite" NaN an invalid operation produces: sign set, quiet, no payload. */
    private static final long INDEFINITE = 0xfff8_0000_0000_0000L;

    private CrtFloat() {
    }

    /**
     * A 32-bit float as {@code %g} prints it after the engine widens it to a double, which (as the
     * processor's conversion does) makes a signaling NaN quiet: {@code df} shows ffa00000 as
     * {@code -1.#QNAN} (transcripts 5.4).
     */
    public static String single(int bits, int precision) {
        int exponent = bits >>> 23 & 0xff;
        int mantissa = bits & 0x7f_ffff;
        if (exponent == 0xff && mantissa != 0) {
            long sign = (long) (bits >>> 31) << 63;
            return special(sign | DOUBLE_EXPONENT | DOUBLE_QUIET | (long) mantissa << 29);
        }
        return g(Float.intBitsToFloat(bits), precision);
    }

    /** A 64-bit double, its bits as they are. */
    public static String dbl(long bits, int precision) {
        if ((bits & DOUBLE_EXPONENT) == DOUBLE_EXPONENT && (bits & DOUBLE_MANTISSA) != 0) {
            return special(bits);
        }
        return g(Double.longBitsToDouble(bits), precision);
    }

    private static String special(long nanBits) {
        if (nanBits == INDEFINITE) {
            return "-1.#IND";
        }
        String sign = nanBits < 0 ? "-" : "";
        return sign + ((nanBits & DOUBLE_QUIET) != 0 ? "1.#QNAN" : "1.#SNAN");
    }

    /** C's {@code %.{precision}g} of a finite or infinite value. */
    static String g(double value, int precision) {
        if (Double.isInfinite(value)) {
            return value < 0 ? "-1.#INF" : "1.#INF";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        String sign = rounded.signum() < 0 ? "-" : "";
        if (exponent < -4 || exponent >= precision) {
            String digits = rounded.unscaledValue().abs().toString();
            String fraction = stripZeros(digits.substring(1));
            return sign + digits.charAt(0) + (fraction.isEmpty() ? "" : "." + fraction) + "e"
                    + (exponent < 0 ? "-" : "+") + String.format("%03d", Math.abs(exponent));
        }
        String plain = rounded.abs().toPlainString();
        if (plain.indexOf('.') >= 0) {
            plain = stripZeros(plain);
            if (plain.endsWith(".")) {
                plain = plain.substring(0, plain.length() - 1);
            }
        }
        return sign + plain;
    }

    private static String stripZeros(String digits) {
        int end = digits.length();
        while (end > 0 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return digits.substring(0, end);
    }
}
