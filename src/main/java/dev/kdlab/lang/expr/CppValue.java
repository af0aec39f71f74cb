package dev.kdlab.lang.expr;

/**
 * A value of a C++ expression and its type. A scalar's {@code value} is already cut to the type's
 * size. An lvalue also has an {@code address}: where it lives, for {@code &}, and for structs and
 * arrays, which are read member by member rather than as one number.
 */
public record CppValue(CppType type, long value, boolean lvalue, long address) {

    public static CppValue of(CppType type, long value) {
        return new CppValue(type, type.normalize(value), false, 0);
    }

    /** An object in memory (its scalar value, if any, already read). */
    public static CppValue at(CppType type, long address, long value) {
        return new CppValue(type, type.normalize(value), true, address);
    }

    static CppValue bool(boolean b) {
        return new CppValue(CppType.BOOL, b ? 1 : 0, false, 0);
    }

    boolean isTrue() {
        return value != 0;
    }

    /** What MASM sees: a scalar's value, or where a struct or array lives. */
    public long asNumber() {
        return type.isScalar() ? value : address;
    }
}
