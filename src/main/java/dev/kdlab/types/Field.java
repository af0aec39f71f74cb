package dev.kdlab.types;

/**
 * One member of a struct or union. {@code offset} is relative to the containing struct (for a member of an anonymous
 * {@code <unnamed-tag>}, relative to that member, as {@code dt -r} shows it).
 *
 * <p>For a bitfield the layout files give only the byte offset, the bit position and the width
 * ({@code Pos 12, 3 Bits}); {@code type} is then the unsigned storage unit the importer inferred (the type of a
 * non-bitfield member at the same offset, else the smallest unsigned integer that holds every bitfield at that
 * offset). Reading that unit and shifting by {@code bitPosition} gives the value. {@code bitLength} is 0 for
 * ordinary members.
 */
public record Field(String name, long offset, Type type, int bitPosition, int bitLength) {

    public Field {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(type, "type");
    }

    /** An ordinary (non-bitfield) member. */
    public Field(String name, long offset, Type type) {
        this(name, offset, type, 0, 0);
    }

    public boolean isBitfield() {
        return bitLength > 0;
    }

    /** True for a member whose type is an anonymous struct or union ({@code MitigationFlagsValues : <unnamed-tag>}). */
    public boolean isAnonymousMember() {
        return type instanceof StructType s && s.isAnonymous();
    }

    /** The bitfield's value mask after shifting right by {@code bitPosition}; -1 (all ones) for ordinary members. */
    public long bitMask() {
        return bitLength <= 0 || bitLength >= 64 ? -1L : (1L << bitLength) - 1;
    }

    /**
     * How many bytes to read or write to reach every bit of this bitfield: the smallest of 1, 2, 4, 8 that covers
     * {@code bitPosition + bitLength} bits. Enough to get and set the value whatever the declared storage type.
     */
    public int bitfieldUnitBytes() {
        int bits = bitPosition + bitLength;
        return bits <= 8 ? 1 : bits <= 16 ? 2 : bits <= 32 ? 4 : 8;
    }
}
