package dev.kdlab.debugger;

import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.struct.StructView;
import dev.kdlab.types.TypeCatalog;

/**
 * Reads fields of one structure instance by name, through the given address space and the type
 * catalog: the only way commands learn a value. A read-only face of {@link StructView}, the one
 * field-access layer the kernel writes with too.
 */
public final class StructReader {
    private final StructView view;

    public StructReader(VirtualMemory memory, String typeName, long address) {
        this.view = new StructView(memory, TypeCatalog.nt().struct(typeName), address);
    }

    public long address() {
        return view.address();
    }

    public long addressOf(String path) {
        return view.addressOf(path);
    }

    /** An integer, pointer or bitfield, zero-extended. */
    public long get(String path) throws MemoryAccessException {
        return view.get(path);
    }

    /**
     * A top-level field, or zero when this build's layout has no field of that name: how extensions
     * written against other layouts read (!pcr's x86 names, !cpuinfo's ArchitectureClass).
     */
    public long getOrZero(String fieldName) throws MemoryAccessException {
        return view.getOrZero(fieldName);
    }

    /** A NUL-terminated ANSI name in a fixed array (ImageFileName). */
    public String ansi(String path, int capacity) throws MemoryAccessException {
        return view.ansi(path, capacity);
    }

    /** The text a UNICODE_STRING field describes, read from its buffer. */
    public String unicodeString(String path) throws MemoryAccessException {
        return view.unicodeString(path);
    }
}
