package dev.kdlab.struct;

/**
 * One field written through the field-access layer while a {@link FieldWrites} recorder listened:
 * the structure's type, the field's dotted path, where it lives, and its value before and after.
 * Integers, pointers and bitfields carry numbers ({@code size} is the bytes of the field, or of the
 * unit a bitfield sits in, with {@code mask} and {@code bitPosition} saying which bits); arrays and
 * embedded structures written as raw bytes carry the bytes instead.
 */
public record FieldWrite(String type, String field, long address, int size, int bitPosition, long mask,
                         long oldValue, long newValue, byte[] oldBytes, byte[] newBytes) {

    public boolean isBytes() {
        return newBytes != null;
    }

    public boolean isBitfield() {
        return !isBytes() && (bitPosition != 0 || mask != fullMask(size));
    }

    static long fullMask(int size) {
        return size >= 8 ? -1L : (1L << (8 * size)) - 1;
    }
}
