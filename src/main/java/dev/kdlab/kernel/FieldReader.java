package dev.kdlab.kernel;

import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.types.Field;
import dev.kdlab.types.FieldPath;
import dev.kdlab.types.TypeCatalog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel reading one of its own fields back by name (a process's DirectoryTableBase, a TEB's
 * StackLimit), with the catalog offsets {@link StructWriter} writes with. A miss is a bug in the
 * emulator, as a kernel write to unmapped memory is.
 */
final class FieldReader {
    /** Resolved paths: the memory manager reads the same few fields of thousands of processes. */
    private static final Map<String, FieldPath> PATHS = new ConcurrentHashMap<>();

    private FieldReader() {
    }

    static long read(VirtualMemory memory, String type, long address, String path) {
        FieldPath at = PATHS.computeIfAbsent(type + "." + path, key -> TypeCatalog.nt().struct(type).path(path));
        Field f = at.field();
        try {
            if (f.isBitfield()) {
                return memory.readUnsigned(address + at.offset(), f.bitfieldUnitBytes()) >>> f.bitPosition() & f.bitMask();
            }
            return memory.readUnsigned(address + at.offset(), (int) f.type().size());
        } catch (MemoryAccessException e) {
            throw new IllegalStateException(String.format("kernel read %s.%s at unmapped %016x", type, path,
                    e.address()), e);
        }
    }
}
