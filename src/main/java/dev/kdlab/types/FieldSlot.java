package dev.kdlab.types;

/**
 * Where one field of a structure sits, resolved once from its dotted path: the byte offset, how many
 * bytes to read or write to reach it (the declared size of an ordinary member, the covering unit of a
 * bitfield), and for a bitfield its bit position and width. Everything that reads or writes fields by
 * name (the kernel writing the machine, the debugger reading it) goes through a slot.
 */
public record FieldSlot(int offset, int size, int bitPosition, long mask, boolean bitfield) {

    static FieldSlot of(FieldPath path) {
        Field f = path.field();
        int offset = Math.toIntExact(path.offset());
        if (f.isBitfield()) {
            return new FieldSlot(offset, f.bitfieldUnitBytes(), f.bitPosition(), f.bitMask(), true);
        }
        int size = (int) f.type().size();
        long mask = size >= 8 ? -1L : size <= 0 ? 0 : (1L << (8 * size)) - 1;
        return new FieldSlot(offset, size, 0, mask, false);
    }

    /** True when the field can be read or written as one number: a bitfield or a member of 1, 2, 4 or 8 bytes. */
    public boolean isScalar() {
        return bitfield || size == 1 || size == 2 || size == 4 || size == 8;
    }

    /** The field's value in {@code unit}, the {@link #size} bytes read at {@link #offset}. */
    public long extract(long unit) {
        return unit >>> bitPosition & mask;
    }

    /** {@code unit} with the field set to {@code value} (truncated to the field's width). */
    public long insert(long unit, long value) {
        long inPlace = mask << bitPosition;
        return unit & ~inPlace | (value << bitPosition) & inPlace;
    }

    /**
     * ORs the field into a structure held as little-endian qwords ({@code qwords[0]} is bytes 0-7), for
     * structures built in bulk (PFN entries); the field must not cross a qword and must be clear.
     */
    public void orInto(long[] qwords, long value) {
        qwords[offset / 8] |= ((value << bitPosition) & (mask << bitPosition)) << (8 * (offset % 8));
    }

    /** {@code raw}, a structure of at most 8 bytes held as one number (a PTE), with the field set. */
    public long with(long raw, long value) {
        int shift = 8 * offset;
        long inPlace = mask << bitPosition << shift;
        return raw & ~inPlace | (value << bitPosition << shift) & inPlace;
    }
}
