package dev.kdlab.kernel;

import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.types.Field;
import dev.kdlab.types.FieldPath;
import dev.kdlab.types.StructType;
import dev.kdlab.types.TypeCatalog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A structure read into a buffer, edited field by field by name, and written back in one go: the
 * bulk twin of {@link StructWriter} for routines that touch many fields of many objects (every
 * KTHREAD of a 100,000-thread machine). Field paths resolve through the same catalog, once per
 * type and path.
 */
public final class StructImage {
    /** Where a (bit)field sits; a bitMask of -1 marks a whole scalar. */
    record Slot(int offset, int size, int bitPosition, long bitMask) {
        /** The field's value in a unit read from memory at the structure's address. */
        long extract(long unit) {
            return bitMask == -1 ? unit : unit >>> bitPosition & bitMask;
        }
    }

    /** Per type, per path: two levels so a lookup hashes only the (usually literal, hash-cached) strings. */
    private static final Map<String, Map<String, Slot>> SLOTS = new ConcurrentHashMap<>();
    private static final Map<String, Map<String, Integer>> OFFSETS = new ConcurrentHashMap<>();

    private final VirtualMemory memory;
    private final String type;
    private final long address;
    private final byte[] bytes;

    private StructImage(VirtualMemory memory, String type, long address, byte[] bytes) {
        this.memory = memory;
        this.type = type;
        this.address = address;
        this.bytes = bytes;
    }

    public static StructImage read(VirtualMemory memory, String type, long address) {
        byte[] bytes = new byte[(int) TypeCatalog.nt().struct(type).size()];
        try {
            memory.read(address, bytes, 0, bytes.length);
        } catch (MemoryAccessException e) {
            throw new IllegalStateException(String.format("%s at %016x not mapped", type, address), e);
        }
        return new StructImage(memory, type, address, bytes);
    }

    /** The offset of a dotted field path in the type. */
    public static int offsetOf(String type, String path) {
        return OFFSETS.computeIfAbsent(type, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(path, p -> (int) TypeCatalog.nt().struct(type).offsetOf(p));
    }

    public long addressOf(String path) {
        return address + offsetOf(type, path);
    }

    public StructImage put(String path, long value) {
        Slot s = slot(type, path);
        if (s.bitMask == -1) {
            LittleEndian.put(bytes, s.offset, s.size, value);
        } else {
            long unit = LittleEndian.get(bytes, s.offset, s.size);
            long mask = s.bitMask << s.bitPosition;
            LittleEndian.put(bytes, s.offset, s.size, unit & ~mask | (value << s.bitPosition) & mask);
        }
        return this;
    }

    public long get(String path) {
        Slot s = slot(type, path);
        return s.extract(LittleEndian.get(bytes, s.offset, s.size));
    }

    /** A value at a byte offset inside the structure (an element of an embedded array, say). */
    public StructImage putAt(int offset, int size, long value) {
        LittleEndian.put(bytes, offset, size, value);
        return this;
    }

    /**
     * InsertTailList of the LIST_ENTRY at {@code entryOffset} of this (not yet written) structure:
     * links inside this structure (a list head of its own, such as the thread's timer) change in the
     * buffer, links elsewhere in memory.
     */
    public StructImage insertTail(int entryOffset, long head) {
        long last = readLink(head + 8);
        long entry = address + entryOffset;
        writeLink(entry, head);
        writeLink(entry + 8, last);
        writeLink(last, entry);
        writeLink(head + 8, entry);
        return this;
    }

    private boolean inside(long at) {
        return at >= address && at + 8 <= address + bytes.length;
    }

    private long readLink(long at) {
        try {
            return inside(at) ? LittleEndian.getLong(bytes, (int) (at - address)) : memory.readLong(at);
        } catch (MemoryAccessException e) {
            throw new IllegalStateException(String.format("list at %016x not mapped", at), e);
        }
    }

    private void writeLink(long at, long value) {
        try {
            if (inside(at)) {
                LittleEndian.putLong(bytes, (int) (at - address), value);
            } else {
                memory.writeLong(at, value);
            }
        } catch (MemoryAccessException e) {
            throw new IllegalStateException(String.format("list at %016x not mapped", at), e);
        }
    }

    /** An empty LIST_ENTRY at the field: both links point at itself. */
    public StructImage emptyList(String path) {
        long head = addressOf(path);
        put(path + ".Flink", head);
        return put(path + ".Blink", head);
    }

    public void write() {
        try {
            memory.write(address, bytes, 0, bytes.length);
        } catch (MemoryAccessException e) {
            throw new IllegalStateException(String.format("%s at %016x not mapped", type, address), e);
        }
    }

    static Slot slot(String type, String path) {
        return SLOTS.computeIfAbsent(type, t -> new ConcurrentHashMap<>()).computeIfAbsent(path, key -> {
            StructType struct = TypeCatalog.nt().struct(type);
            FieldPath field = struct.path(path);
            Field f = field.field();
            if (f.isBitfield()) {
                return new Slot((int) field.offset(), f.bitfieldUnitBytes(), f.bitPosition(), f.bitMask());
            }
            int size = (int) f.type().size();
            if (size != 1 && size != 2 && size != 4 && size != 8) {
                throw new IllegalArgumentException(path + " is not a scalar of " + type);
            }
            return new Slot((int) field.offset(), size, 0, -1);
        });
    }
}
