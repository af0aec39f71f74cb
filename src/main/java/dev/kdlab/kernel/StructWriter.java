package dev.kdlab.kernel;

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
 */
public final class StructWriter {
    /** Resolved field paths by type and path: the kernel writes the same few thousand fields over and over. */
    private static final Map<StructType, Map<String, FieldPath>> PATHS = new ConcurrentHashMap<>();

    private final VirtualMemory memory;
    private final StructType type;
    private final long address;

    public StructWriter(VirtualMemory memory, String typeName, long address) {
        this.memory = memory;
        this.type = TypeCatalog.nt().struct(typeName);
        this.address = address;
    }

    public long address() {
        return address;
    }

    /** The virtual address of a (dotted) field. */
    public long addressOf(String path) {
        return address + path(path).offset();
    }

    private FieldPath path(String path) {
        return PATHS.computeIfAbsent(type, t -> new ConcurrentHashMap<>()).computeIfAbsent(path, type::path);
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
        try {
            memory.write(addressOf(path), bytes, 0, bytes.length);
        } catch (MemoryAccessException e) {
            throw unmapped(e);
        }
        return this;
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
        try {
            return memory.readUnsigned(at, size);
        } catch (MemoryAccessException e) {
            throw unmapped(e);
        }
    }

    private void write(long at, int size, long value) {
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
