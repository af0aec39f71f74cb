package dev.kdlab.types;

/** A 64-bit pointer ({@code Ptr64 X}). The target may be a struct, a base type ({@code Void}), a function or another pointer. */
public record PointerType(Type target) implements Type {

    public PointerType {
        java.util.Objects.requireNonNull(target, "target");
    }

    @Override
    public String name() {
        return typeText();
    }

    @Override
    public long size() {
        return 8;
    }

    /** {@code "Ptr64 " + target}; for a function target this gives dt's {@code Ptr64     long }. */
    @Override
    public String typeText() {
        return "Ptr64 " + target.typeText();
    }

    @Override
    public String toString() {
        return typeText();
    }
}
