package dev.kdlab.kernel;

import dev.kdlab.types.Field;
import dev.kdlab.types.FieldPath;
import dev.kdlab.types.StructType;
import dev.kdlab.types.TypeCatalog;

/**
 * Packs field values into a structure image held in Java (a 64-bit PTE value, or the qwords of a
 * PFN entry) by the catalog's names, offsets and bit positions: the same layouts {@code dt}
 * prints, for structures the kernel builds in bulk rather than one {@link StructWriter} put at a time.
 */
public final class FieldPacker {
    private final StructType type;

    public FieldPacker(String typeName) {
        this.type = TypeCatalog.nt().struct(typeName);
    }

    /** One (bit)field resolved once: the packer may fill it hundreds of thousands of times a boot. */
    public static final class Slot {
        private final int offset;
        private final int unit;
        private final int bitPosition;
        private final long mask;

        private Slot(FieldPath at) {
            Field f = at.field();
            this.offset = (int) at.offset();
            this.unit = f.isBitfield() ? f.bitfieldUnitBytes() : (int) f.type().size();
            this.bitPosition = f.bitPosition();
            long width = f.isBitfield() ? f.bitMask() : unit >= 8 ? -1L : (1L << (8 * unit)) - 1;
            this.mask = width << bitPosition;
        }

        /**
         * ORs the field into a structure held as little-endian qwords ({@code qwords[0]} is bytes 0-7 of
         * the structure); the field must not cross a qword boundary, and must be clear before.
         */
        public void orInto(long[] qwords, long value) {
            qwords[offset / 8] |= ((value << bitPosition) & mask) << (8 * (offset % 8));
        }

        /** {@code raw} with the field set; for structures of at most 8 bytes. */
        public long with(long raw, long value) {
            int shift = 8 * offset;
            return raw & ~(mask << shift) | (value << bitPosition << shift) & (mask << shift);
        }
    }

    public Slot slot(String path) {
        return new Slot(type.path(path));
    }
}
