package dev.kdlab.debugger.dx;

/** {@code true} or {@code false}: what comparisons, Any() and All() give. */
public record BoolValue(boolean value) implements ModelValue {
    public static final BoolValue TRUE = new BoolValue(true);
    public static final BoolValue FALSE = new BoolValue(false);

    public static BoolValue of(boolean value) {
        return value ? TRUE : FALSE;
    }

    @Override
    public String summary(Format format) {
        return Boolean.toString(value);
    }

    @Override
    public boolean intrinsic() {
        return true;
    }
}
