package dev.kdlab.debugger.dx;

import java.util.Locale;

/**
 * How dx shows numbers and structures: by default unsigned numbers in hex and signed ones in decimal
 * (transcripts 2.10: {@code 0xd000 [Type: unsigned long]}, {@code 259 [Type: long]}); the format
 * specifiers {@code ,x} and {@code ,d} (and {@code ToDisplayString("x")}) put every number in one radix;
 * {@code -n} shows native structures without their visualizers ({@code _UNICODE_STRING} as its members).
 */
public record Format(Radix radix, boolean nativeOnly) {
    public enum Radix { DEFAULT, HEX, DECIMAL, OCTAL, BINARY }

    public static final Format DEFAULT = new Format(Radix.DEFAULT, false);

    /** The format a specifier names ({@code x}, {@code d}, {@code o}, {@code b}); null for one dx does not have. */
    public static Radix radixOf(String specifier) {
        return switch (specifier.toLowerCase(Locale.ROOT)) {
            case "x", "h" -> Radix.HEX;
            case "d", "i" -> Radix.DECIMAL;
            case "o" -> Radix.OCTAL;
            case "b" -> Radix.BINARY;
            default -> null;
        };
    }

    public Format withRadix(Radix r) {
        return new Format(r, nativeOnly);
    }

    /** A number as this format writes it: {@code 0x1a44}, {@code -1}, {@code 0n}-less decimal, {@code 0o17}, {@code 0y101}. */
    public String number(long value, boolean signed, int size) {
        Radix r = radix == Radix.DEFAULT ? (signed ? Radix.DECIMAL : Radix.HEX) : radix;
        if (r != Radix.DECIMAL && size > 0 && size < 8) {
            value &= (1L << (8 * size)) - 1;   // -1 as a long is 0xffffffff in hex
        }
        return switch (r) {
            case DECIMAL -> signed ? Long.toString(value) : Long.toUnsignedString(value);
            case OCTAL -> "0" + Long.toOctalString(value);
            case BINARY -> "0y" + Long.toBinaryString(value);
            default -> "0x" + Long.toHexString(value);
        };
    }
}
