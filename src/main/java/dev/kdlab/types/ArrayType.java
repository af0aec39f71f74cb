package dev.kdlab.types;

/** A fixed-size array, {@code [15] UChar}; {@code [4] [2] Uint8B} is an array of 4 arrays of 2. */
public record ArrayType(Type element, int count) implements Type {

    public ArrayType {
        java.util.Objects.requireNonNull(element, "element");
        if (count < 0) {
            throw new IllegalArgumentException("negative array count " + count);
        }
    }

    @Override
    public String name() {
        return typeText();
    }

    @Override
    public long size() {
        return element.size() * count;
    }

    @Override
    public String typeText() {
        return "[" + count + "] " + element.typeText();
    }

    @Override
    public String toString() {
        return typeText();
    }
}
