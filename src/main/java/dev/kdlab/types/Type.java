package dev.kdlab.types;

/**
 * A type as WinDbg's {@code dt} knows it: a base type, a pointer, an array, a struct or union, an enum, or a
 * function (only ever seen behind a pointer).
 */
public sealed interface Type permits BaseType, PointerType, ArrayType, StructType, EnumType, FunctionType {

    /** The type's name as {@code dt} spells it: {@code Uint4B}, {@code _EPROCESS}, {@code <unnamed-tag>}; for pointers and arrays the same as {@link #typeText()}. */
    String name();

    /** Size in bytes (0 for {@code Void}, functions and opaque structs). */
    long size();

    /**
     * Exactly how a {@code dt} type-only line spells this type after {@code " : "}: {@code Uint4B}, {@code Ptr64 Void},
     * {@code Ptr64 _PEB}, {@code [15] UChar}, {@code [4] [2] Uint8B}, {@code _KPROCESS}, {@code <unnamed-tag>},
     * {@code Ptr64     unsigned char } (function pointer, with dt's spacing and trailing blank).
     */
    String typeText();
}
