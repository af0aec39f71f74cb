package dev.kdlab.debugger.dx;

/**
 * A number the model makes (an Id, a Count(), a literal, a sum): no native type, shown in hex when unsigned
 * and in decimal when signed ({@code Id : 0x1a44}, {@code dx 1+2} gives {@code 3}). {@code size} is its width
 * in bytes, for the C conversions of the operators.
 */
public record NumberValue(long value, boolean signed, int size) implements ModelValue {

    public static NumberValue unsigned(long value) {
        return new NumberValue(value, false, 8);
    }

    public static NumberValue signed(long value) {
        return new NumberValue(value, true, 8);
    }

    @Override
    public String summary(Format format) {
        return format.number(value, signed, size);
    }

    @Override
    public boolean intrinsic() {
        return true;
    }
}
