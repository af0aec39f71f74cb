package dev.kdlab.lang;

/**
 * The type of a value of kdlab's C++ expressions, named as {@code ??} names it: {@code int}, {@code long},
 * {@code unsigned int64}, {@code bool}, {@code struct _EPROCESS *}. Sizes are Windows x64's (LLP64: long is 4 bytes).
 *
 * @param name        the name ?? prints before the value
 * @param size        bytes
 * @param signed      for integers
 * @param rank        C's conversion rank among integers: int 1, long 2, int64 3 (bool 0, pointers 4)
 * @param pointee     for a pointer, the struct it points to; null otherwise
 * @param pointeeSize for a pointer, the size pointer arithmetic steps by
 */
public record CppType(String name, int size, boolean signed, int rank, String pointee, long pointeeSize) {
    public static final CppType BOOL = new CppType("bool", 1, false, 0, null, 0);
    public static final CppType INT = new CppType("int", 4, true, 1, null, 0);
    public static final CppType UNSIGNED_INT = new CppType("unsigned int", 4, false, 1, null, 0);
    public static final CppType LONG = new CppType("long", 4, true, 2, null, 0);
    public static final CppType UNSIGNED_LONG = new CppType("unsigned long", 4, false, 2, null, 0);
    public static final CppType INT64 = new CppType("int64", 8, true, 3, null, 0);
    public static final CppType UNSIGNED_INT64 = new CppType("unsigned int64", 8, false, 3, null, 0);

    private static final int POINTER_RANK = 4;

    /** {@code struct _EPROCESS *}: what {@code @$proc} is in a C++ expression. */
    public static CppType pointerTo(String struct, long structSize) {
        return new CppType("struct " + struct + " *", 8, false, POINTER_RANK, struct, structSize);
    }

    public boolean isPointer() {
        return pointee != null;
    }

    public boolean isBool() {
        return rank == 0;
    }

    /** The integer promotions: bool becomes int, every other integer stays. */
    CppType promoted() {
        return isBool() ? INT : this;
    }

    /** C's usual arithmetic conversions for two integers: the type both are converted to. */
    static CppType common(CppType a, CppType b) {
        CppType x = a.promoted();
        CppType y = b.promoted();
        if (x.equals(y)) {
            return x;
        }
        if (x.signed == y.signed) {
            return x.rank >= y.rank ? x : y;
        }
        CppType unsigned = x.signed ? y : x;
        CppType signed = x.signed ? x : y;
        if (unsigned.rank >= signed.rank) {
            return unsigned;
        }
        if (signed.size > unsigned.size) {
            return signed;
        }
        return signed.rank == LONG.rank ? UNSIGNED_LONG : UNSIGNED_INT64;
    }

    /** The value as this type holds it: cut to its size, sign-extended when signed. */
    long normalize(long value) {
        if (isBool()) {
            return value != 0 ? 1 : 0;
        }
        if (size >= 8) {
            return value;
        }
        return signed ? (int) value : value & 0xffff_ffffL;
    }
}
