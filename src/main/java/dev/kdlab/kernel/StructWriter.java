package dev.kdlab.kernel;

import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.types.Field;
import dev.kdlab.types.FieldPath;
import dev.kdlab.types.StructType;
import dev.kdlab.types.TypeCatalog;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes one structure instance field by field, by name, through page tables. The offsets come
 * from the same catalog {@code dt} reads, so the kernel and the debugger cannot disagree.
 *
 * <p>A batch ({@link #batch}) collects the fields in a copy of the structure's bytes and writes
 * the changed span at once on {@link #flush()}: one write for a freshly built TEB or EPROCESS
 * instead of one per field. Nothing else may write the structure between the batch's puts and
 * its flush.
 */
public final class StructWriter {
    /** Types and resolved field paths: the kernel writes the same few thousand fields over and over. */
    private static final Map<String, StructType> TYPES = new ConcurrentHashMap<>();
    private static final Map<StructType, Map<String, FieldPath>> PATHS = new ConcurrentHashMap<>();

    private final VirtualMemory memory;
    private final StructType type;
    private final long address;
    /** A batch's copy of the structure, or null when every put writes through. */
    private final byte[] buffer;
    private int dirtyFrom = Integer.MAX_VALUE;
    private int dirtyTo = -1;

    public StructWriter(VirtualMemory memory, String typeName, long address) {
        this(memory, typeName, address, false);
    }

    private StructWriter(VirtualMemory memory, String typeName, long address, boolean batch) {
        this.memory = memory;
        StructType known = TYPES.get(typeName);
        if (known == null) {
            known = TypeCatalog.nt().struct(typeName);
            TYPES.put(typeName, known);
        }
        this.type = known;
        this.address = address;
        if (batch) {
            buffer = new byte[(int) known.size()];
            memory.readAvailable(address, buffer, 0, buffer.length);
        } else {
            buffer = null;
        }
    }

    /** A writer whose puts wait for {@link #flush()}. */
    public static StructWriter batch(VirtualMemory memory, String typeName, long address) {
        return new StructWriter(memory, typeName, address, true);
    }

    /** Writes what a batch changed, as one write. */
    public void flush() {
        if (buffer != null && dirtyTo >= dirtyFrom) {
            try {
                memory.write(address + dirtyFrom, buffer, dirtyFrom, dirtyTo - dirtyFrom);
            } catch (MemoryAccessException e) {
                throw unmapped(e);
            }
            dirtyFrom = Integer.MAX_VALUE;
            dirtyTo = -1;
        }
    }

    public long address() {
        return address;
    }

    /** The virtual address of a (dotted) field. */
    public long addressOf(String path) {
        return address + path(path).offset();
    }

    private FieldPath path(String path) {
        Map<String, FieldPath> paths = PATHS.get(type);
        if (paths == null) {
            paths = PATHS.computeIfAbsent(type, t -> new ConcurrentHashMap<>());
        }
        FieldPath field = paths.get(path);
        if (field == null) {
            field = type.path(path);
            paths.put(path, field);
        }
        return field;
    }

    /** Writes an integer or pointer field with its declared size, or a bitfield inside its unit. */
    public StructWriter put(String path, long value) {
        FieldPath field = path(path);
        Field f = field.field();
        long at = address + field.offset();
        if (f.isBitfield()) {
            int unit = f.bitfieldUnitBytes();
            long old = read(at, unit);
            long mask = f.bitMask() << f.bitPosition();
            write(at, unit, old & ~mask | (value << f.bitPosition()) & mask);
        } else {
            int size = (int) f.type().size();
            if (size != 1 && size != 2 && size != 4 && size != 8) {
                throw new IllegalArgumentException(path + " is not a scalar of " + type.name());
            }
            write(at, size, value);
        }
        return this;
    }

    public StructWriter putBytes(String path, byte[] bytes) {
        long at = addressOf(path);
        if (buffer != null) {
            System.arraycopy(bytes, 0, buffer, dirty(at, bytes.length), bytes.length);
            return this;
        }
        try {
            memory.write(at, bytes, 0, bytes.length);
        } catch (MemoryAccessException e) {
            throw unmapped(e);
        }
        return this;
    }

    /** Marks a span of the batch's copy as changed; returns its offset in the copy. */
    private int dirty(long at, int size) {
        int offset = (int) (at - address);
        dirtyFrom = Math.min(dirtyFrom, offset);
        dirtyTo = Math.max(dirtyTo, offset + size);
        return offset;
    }

    /** An ANSI name in a fixed char array (ImageFileName), truncated to leave the terminating NUL. */
    public StructWriter putAnsi(String path, String text, int capacity) {
        byte[] bytes = new byte[capacity];
        byte[] chars = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chars, 0, bytes, 0, Math.min(chars.length, capacity - 1));
        return putBytes(path, bytes);
    }

    /** An empty LIST_ENTRY: Flink and Blink point at itself. */
    public StructWriter emptyList(String path) {
        long head = addressOf(path);
        put(path + ".Flink", head);
        return put(path + ".Blink", head);
    }

    /** A UNICODE_STRING describing {@code length} bytes at {@code buffer}. */
    public StructWriter putUnicodeString(String path, long buffer, int lengthBytes, int maximumLengthBytes) {
        put(path + ".Length", lengthBytes);
        put(path + ".MaximumLength", maximumLengthBytes);
        return put(path + ".Buffer", buffer);
    }

    private long read(long at, int size) {
        if (buffer != null) {
            return LittleEndian.get(buffer, (int) (at - address), size);
        }
        try {
            return memory.readUnsigned(at, size);
        } catch (MemoryAccessException e) {
            throw unmapped(e);
        }
    }

    private void write(long at, int size, long value) {
        if (buffer != null) {
            LittleEndian.put(buffer, dirty(at, size), size, value);
            return;
        }
        try {
            memory.writeUnsigned(at, size, value);
        } catch (MemoryAccessException e) {
            throw unmapped(e);
        }
    }

    private IllegalStateException unmapped(MemoryAccessException e) {
        return new IllegalStateException(String.format("kernel wrote %s at unmapped %016x", type.name(), e.address()), e);
    }
}
