package dev.kdlab.lang.expr;

import dev.kdlab.types.ArrayType;
import dev.kdlab.types.BaseType;
import dev.kdlab.types.EnumType;
import dev.kdlab.types.FunctionType;
import dev.kdlab.types.PointerType;
import dev.kdlab.types.StructType;
import dev.kdlab.types.Type;

/**
 * The type of a value of kdlab's C++ expressions, named as {@code ??} names it: {@code int},
 * {@code unsigned long}, {@code unsigned int64}, {@code bool}, {@code struct _EPROCESS *},
 * {@code unsigned char [15]}, {@code struct _LIST_ENTRY}. Sizes are Windows x64's (LLP64: long is
 * 4 bytes). Types from the catalog ({@link #of(Type)}) carry their layout, so {@code ->} and
 * {@code .} find members and {@code *} and {@code [ ]} know the element size.
 */
public final class CppType {

    public enum Kind { BOOL, INTEGER, FLOAT, VOID, POINTER, ARRAY, STRUCT, FUNCTION }

    public static final CppType BOOL = integer(Kind.BOOL, "bool", 1, false, 0);
    public static final CppType CHAR = integer(Kind.INTEGER, "char", 1, true, 1);
    public static final CppType UNSIGNED_CHAR = integer(Kind.INTEGER, "unsigned char", 1, false, 1);
    public static final CppType SHORT = integer(Kind.INTEGER, "short", 2, true, 1);
    public static final CppType UNSIGNED_SHORT = integer(Kind.INTEGER, "unsigned short", 2, false, 1);
    public static final CppType WCHAR = integer(Kind.INTEGER, "wchar_t", 2, false, 1);
    public static final CppType INT = integer(Kind.INTEGER, "int", 4, true, 1);
    public static final CppType UNSIGNED_INT = integer(Kind.INTEGER, "unsigned int", 4, false, 1);
    public static final CppType LONG = integer(Kind.INTEGER, "long", 4, true, 2);
    public static final CppType UNSIGNED_LONG = integer(Kind.INTEGER, "unsigned long", 4, false, 2);
    public static final CppType INT64 = integer(Kind.INTEGER, "int64", 8, true, 3);
    public static final CppType UNSIGNED_INT64 = integer(Kind.INTEGER, "unsigned int64", 8, false, 3);
    public static final CppType FLOAT = integer(Kind.FLOAT, "float", 4, true, 4);
    public static final CppType DOUBLE = integer(Kind.FLOAT, "double", 8, true, 4);
    public static final CppType VOID = new CppType(Kind.VOID, "void", 0, false, 0, null, 0, null);

    private final Kind kind;
    private final String name;
    private final long size;
    private final boolean signed;
    private final int rank;
    private final CppType element;
    private final int count;
    private final Type layout;

    private CppType(Kind kind, String name, long size, boolean signed, int rank, CppType element, int count,
                    Type layout) {
        this.kind = kind;
        this.name = name;
        this.size = size;
        this.signed = signed;
        this.rank = rank;
        this.element = element;
        this.count = count;
        this.layout = layout;
    }

    private static CppType integer(Kind kind, String name, long size, boolean signed, int rank) {
        return new CppType(kind, name, size, signed, rank, null, 0, null);
    }

    /** A pointer to {@code target}: {@code struct _EPROCESS *}, {@code void *}. */
    public static CppType pointerTo(CppType target) {
        return new CppType(Kind.POINTER, target.name + " *", 8, false, 5, target, 0, null);
    }

    /** The C++ view of a catalog type. */
    public static CppType of(Type type) {
        if (type instanceof BaseType base) {
            return switch (base.name()) {
                case "UChar" -> UNSIGNED_CHAR;
                case "Char" -> CHAR;
                case "Uint2B" -> UNSIGNED_SHORT;
                case "Int2B" -> SHORT;
                case "Wchar" -> WCHAR;
                case "Uint4B" -> UNSIGNED_LONG;
                case "Int4B" -> LONG;
                case "Uint8B" -> UNSIGNED_INT64;
                case "Int8B" -> INT64;
                case "Float" -> FLOAT;
                case "Double" -> DOUBLE;
                default -> VOID;
            };
        }
        if (type instanceof PointerType pointer) {
            return pointerTo(of(pointer.target()));
        }
        if (type instanceof ArrayType array) {
            CppType element = of(array.element());
            return new CppType(Kind.ARRAY, element.name + " [" + array.count() + "]", array.size(), false, 0, element,
                    array.count(), type);
        }
        if (type instanceof StructType struct) {
            return new CppType(Kind.STRUCT, (struct.isUnion() ? "union " : "struct ") + struct.name(), struct.size(),
                    false, 0, null, 0, type);
        }
        if (type instanceof EnumType e) {
            return new CppType(Kind.INTEGER, e.name(), e.size(), true, 2, null, 0, type);
        }
        if (type instanceof FunctionType) {
            return new CppType(Kind.FUNCTION, "<function>", 0, false, 0, null, 0, type);
        }
        return VOID;
    }

    /** The C spellings of the integer types a cast or sizeof may name ({@code unsigned long}, {@code __int64}). */
    public static CppType named(String words) {
        return switch (words) {
            case "bool" -> BOOL;
            case "char", "signed char" -> CHAR;
            case "unsigned char" -> UNSIGNED_CHAR;
            case "short", "signed short" -> SHORT;
            case "unsigned short" -> UNSIGNED_SHORT;
            case "wchar_t" -> WCHAR;
            case "int", "signed int", "signed" -> INT;
            case "unsigned int", "unsigned" -> UNSIGNED_INT;
            case "long", "signed long" -> LONG;
            case "unsigned long" -> UNSIGNED_LONG;
            case "__int64", "long long", "int64", "signed __int64" -> INT64;
            case "unsigned __int64", "unsigned long long", "unsigned int64" -> UNSIGNED_INT64;
            case "float" -> FLOAT;
            case "double" -> DOUBLE;
            case "void" -> VOID;
            default -> null;
        };
    }

    public Kind kind() {
        return kind;
    }

    /** The name ?? prints before the value. */
    public String name() {
        return name;
    }

    public long size() {
        return size;
    }

    public boolean signed() {
        return signed;
    }

    /** What a pointer points at, or an array's element type; null for other kinds. */
    public CppType element() {
        return element;
    }

    /** An array's element count. */
    public int count() {
        return count;
    }

    /** The catalog type behind a struct, array or enum; null for the C base types and pointers. */
    public Type layout() {
        return layout;
    }

    public boolean isPointer() {
        return kind == Kind.POINTER;
    }

    public boolean isBool() {
        return kind == Kind.BOOL;
    }

    public boolean isInteger() {
        return kind == Kind.INTEGER || kind == Kind.BOOL;
    }

    /** Scalars have one value; structs and arrays live in memory. */
    public boolean isScalar() {
        return kind == Kind.INTEGER || kind == Kind.BOOL || kind == Kind.POINTER || kind == Kind.FLOAT;
    }

    /** The bytes pointer arithmetic steps by: the pointee's size (1 for void *, as the debugger does). */
    long stride() {
        return element == null || element.size == 0 ? 1 : element.size;
    }

    /** The integer promotions: bool, char and short become int; every other integer stays. */
    CppType promoted() {
        return kind == Kind.BOOL || kind == Kind.INTEGER && size < 4 ? INT : this;
    }

    /** C's usual arithmetic conversions for two integers: the type both are converted to. */
    static CppType common(CppType a, CppType b) {
        CppType x = a.promoted();
        CppType y = b.promoted();
        if (x.rank == y.rank && x.signed == y.signed && x.size == y.size) {
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
        if (kind == Kind.BOOL) {
            return value != 0 ? 1 : 0;
        }
        if (size >= 8 || !isScalar()) {
            return value;
        }
        int bits = (int) (8 * size);
        long cut = value & ((1L << bits) - 1);
        return signed && (cut >>> (bits - 1)) != 0 ? cut | (-1L << bits) : cut;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CppType t && t.kind == kind && t.name.equals(name) && t.size == size;
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
