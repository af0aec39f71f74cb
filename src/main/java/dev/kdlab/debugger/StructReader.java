package dev.kdlab.debugger;

import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.types.Field;
import dev.kdlab.types.FieldPath;
import dev.kdlab.types.StructType;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads fields of one structure instance by name, through the given address space and the type
 * catalog: the only way commands learn a value.
 */
public final class StructReader {
    /** Dotted paths resolve once per type: commands read the same fields of many structures. */
    private static final Map<String, FieldPath> PATHS = new ConcurrentHashMap<>();

    private final VirtualMemory memory;
    private final StructType type;
    private final long address;

    /** The type comes from the target's catalog ({@link Session#struct}), never from a global one. */
    public StructReader(VirtualMemory memory, StructType type, long address) {
        this.memory = memory;
        this.type = type;
        this.address = address;
    }

    public long address() {
        return address;
    }

    public long addressOf(String path) {
        return address + path(path).offset();
    }

    /** An integer, pointer or bitfield, zero-extended. */
    public long get(String path) throws MemoryAccessException {
        FieldPath field = path(path);
        Field f = field.field();
        if (f.isBitfield()) {
            return memory.readUnsigned(address + field.offset(), f.bitfieldUnitBytes()) >>> f.bitPosition() & f.bitMask();
        }
        return memory.readUnsigned(address + field.offset(), (int) f.type().size());
    }

    /**
     * A top-level field, or zero when this build's layout has no field of that name: how extensions
     * written against other layouts read (!pcr's x86 names, !cpuinfo's ArchitectureClass).
     */
    public long getOrZero(String fieldName) throws MemoryAccessException {
        return type.field(fieldName).isPresent() ? get(fieldName) : 0;
    }

    private FieldPath path(String path) {
        FieldPath field = PATHS.get(type.name() + '\0' + path);
        if (field == null) {
            field = type.path(path);
            PATHS.put(type.name() + '\0' + path, field);
        }
        return field;
    }

    /** A NUL-terminated ANSI name in a fixed array (ImageFileName). */
    public String ansi(String path, int capacity) throws MemoryAccessException {
        byte[] bytes = memory.read(addressOf(path), capacity);
        int length = 0;
        while (length < capacity && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    /** The text a UNICODE_STRING field describes, read from its buffer. */
    public String unicodeString(String path) throws MemoryAccessException {
        int length = (int) get(path + ".Length");
        long buffer = get(path + ".Buffer");
        if (length == 0) {
            return "";
        }
        return new String(memory.read(buffer, length), StandardCharsets.UTF_16LE);
    }
}
