package dev.kdlab.lang;

/** A value of a C++ expression and its type; {@code value} is already cut to the type's size. */
public record CppValue(CppType type, long value) {

    static CppValue of(CppType type, long value) {
        return new CppValue(type, type.normalize(value));
    }

    static CppValue bool(boolean b) {
        return new CppValue(CppType.BOOL, b ? 1 : 0);
    }

    boolean isTrue() {
        return value != 0;
    }
}
