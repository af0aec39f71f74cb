package dev.kdlab.kernel;

import dev.kdlab.memory.LittleEndian;
import dev.kdlab.types.Field;
import dev.kdlab.types.FieldPath;
import dev.kdlab.types.StructType;
import dev.kdlab.types.TypeCatalog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Packs field values into a structure image held in Java (a 64-bit PTE value, or a staging buffer
 * of PFN entries) by the catalog's names, offsets and bit positions: the same layouts {@code dt}
 * prints, for structures the kernel builds in bulk rather than one {@link StructWriter} put at a time.
 */
final class FieldPacker {
    private final StructType type;
    /** Resolved paths: the packer runs once per PFN entry, thousands of times a boot. */
    private final Map<String, FieldPath> paths = new ConcurrentHashMap<>();

    FieldPacker(String typeName) {
        this.type = TypeCatalog.nt().struct(typeName);
    }

    long size() {
        return type.size();
    }

    /** {@code raw} with the (bit)field at {@code path} set to {@code value}; for structures of at most 8 bytes. */
    long with(long raw, String path, long value) {
        FieldPath at = paths.computeIfAbsent(path, type::path);
        Field f = at.field();
        int shift = (int) (8 * at.offset()) + f.bitPosition();
        long mask = (f.isBitfield() ? f.bitMask() : sizeMask(f)) << shift;
        return raw & ~mask | (value << shift) & mask;
    }

    /** Writes a (bit)field into {@code buffer}, where the structure starts at {@code start}. */
    void put(byte[] buffer, int start, String path, long value) {
        FieldPath at = paths.computeIfAbsent(path, type::path);
        Field f = at.field();
        int offset = start + (int) at.offset();
        if (!f.isBitfield()) {
            LittleEndian.put(buffer, offset, (int) f.type().size(), value);
            return;
        }
        int unit = f.bitfieldUnitBytes();
        long mask = f.bitMask() << f.bitPosition();
        long old = LittleEndian.get(buffer, offset, unit);
        LittleEndian.put(buffer, offset, unit, old & ~mask | (value << f.bitPosition()) & mask);
    }

    private static long sizeMask(Field f) {
        long size = f.type().size();
        return size >= 8 ? -1L : (1L << (8 * size)) - 1;
    }
}
