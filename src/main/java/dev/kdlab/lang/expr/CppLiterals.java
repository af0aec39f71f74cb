package dev.kdlab.lang.expr;

import dev.kdlab.lang.ExpressionException;
import java.math.BigInteger;
import java.util.Locale;

/**
 * C++ constants as WinDbg's C++ evaluator and dx read them (Microsoft Learn, debuggercmds/c---numbers-and-operators):
 * an integer is decimal unless written 0x (hex) or with a leading 0 (octal), a backtick may split a hex number,
 * and it gets C's type: the first of int, (unsigned int for hex and octal), int64, unsigned int64 that holds it,
 * as its suffixes (u, l, ll, i64) allow. A character is a {@code char}, with C's escapes.
 */
public final class CppLiterals {

    private CppLiterals() {
    }

    /**
     * The integer {@code written} spells, with its C type.
     *
     * @param rest the text from the literal to the end of the expression, which an error quotes
     */
    public static CppValue integer(String written, String rest) throws ExpressionException {
        String text = written.toLowerCase(Locale.ROOT).replace("`", "");
        boolean hex = text.startsWith("0x");
        int end = hex ? 2 : 0;
        while (end < text.length() && Character.digit(text.charAt(end), hex ? 16 : 10) >= 0) {
            end++;
        }
        String digits = text.substring(hex ? 2 : 0, end);
        boolean octal = !hex && digits.length() > 1 && digits.startsWith("0");
        if (digits.isEmpty() || octal && !digits.matches("[0-7]+")) {
            throw ExpressionException.syntaxError(rest);
        }
        BigInteger value = new BigInteger(digits, hex ? 16 : octal ? 8 : 10);
        if (value.bitLength() > 64) {
            throw ExpressionException.overflow(rest);
        }
        return CppValue.of(literalType(value, !hex && !octal, text.substring(end)), value.longValue());
    }

    private static CppType literalType(BigInteger value, boolean decimal, String suffix) {
        boolean unsigned = suffix.contains("u");
        boolean wide = suffix.contains("ll") || suffix.contains("i64");
        boolean fitsInt = value.bitLength() < 32;
        boolean fitsUnsignedInt = value.bitLength() <= 32;
        boolean fitsInt64 = value.bitLength() < 64;
        if (!wide && !unsigned && fitsInt) {
            return suffix.contains("l") ? CppType.LONG : CppType.INT;
        }
        if (!wide && fitsUnsignedInt && (unsigned || !decimal)) {
            return suffix.contains("l") ? CppType.UNSIGNED_LONG : CppType.UNSIGNED_INT;
        }
        return !unsigned && fitsInt64 ? CppType.INT64 : CppType.UNSIGNED_INT64;
    }

    /** The character a {@code 'a'} or {@code '\n'} literal holds. */
    public static char character(String written) {
        return written.charAt(1) == '\\' ? escaped(written.charAt(2)) : written.charAt(1);
    }

    private static char escaped(char c) {
        return switch (c) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case '0' -> '\0';
            default -> c;
        };
    }
}
