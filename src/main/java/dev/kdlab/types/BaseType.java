package dev.kdlab.types;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A primitive type with its {@code dt} name. BOOLEAN shows as {@code UChar} and NTSTATUS as {@code Int4B}, as in dt
 * (reference/layouts-19041/README.md, "Type spelling").
 */
public record BaseType(String name, long size, boolean signed, Kind kind) implements Type {

    public enum Kind { INTEGER, CHAR, WCHAR, FLOAT, VOID }

    public static final BaseType UCHAR = new BaseType("UChar", 1, false, Kind.CHAR);
    public static final BaseType CHAR = new BaseType("Char", 1, true, Kind.CHAR);
    public static final BaseType UINT2B = new BaseType("Uint2B", 2, false, Kind.INTEGER);
    public static final BaseType INT2B = new BaseType("Int2B", 2, true, Kind.INTEGER);
    public static final BaseType UINT4B = new BaseType("Uint4B", 4, false, Kind.INTEGER);
    public static final BaseType INT4B = new BaseType("Int4B", 4, true, Kind.INTEGER);
    public static final BaseType UINT8B = new BaseType("Uint8B", 8, false, Kind.INTEGER);
    public static final BaseType INT8B = new BaseType("Int8B", 8, true, Kind.INTEGER);
    public static final BaseType WCHAR = new BaseType("Wchar", 2, false, Kind.WCHAR);
    public static final BaseType FLOAT = new BaseType("Float", 4, true, Kind.FLOAT);
    public static final BaseType DOUBLE = new BaseType("Double", 8, true, Kind.FLOAT);
    public static final BaseType VOID = new BaseType("Void", 0, false, Kind.VOID);

    /** Every base type, in size order. */
    public static final List<BaseType> ALL =
            List.of(VOID, UCHAR, CHAR, UINT2B, INT2B, WCHAR, UINT4B, INT4B, FLOAT, UINT8B, INT8B, DOUBLE);

    private static final Map<String, BaseType> BY_NAME = new HashMap<>();

    static {
        // a plain loop, not a stream: the catalog loads at start-up and lambdas cost their bootstrap time there
        for (BaseType t : ALL) {
            BY_NAME.put(t.name().toLowerCase(Locale.ROOT), t);
        }
    }

    /** The base type with this dt name, case-insensitive ({@code "uint4b"} finds {@code Uint4B}). */
    public static Optional<BaseType> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The unsigned integer type of 1, 2, 4 or 8 bytes. */
    public static BaseType unsigned(int bytes) {
        return switch (bytes) {
            case 1 -> UCHAR;
            case 2 -> UINT2B;
            case 4 -> UINT4B;
            case 8 -> UINT8B;
            default -> throw new IllegalArgumentException("no unsigned base type of " + bytes + " bytes");
        };
    }

    @Override
    public String typeText() {
        return name;
    }
}
