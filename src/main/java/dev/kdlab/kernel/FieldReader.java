package dev.kdlab.kernel;

import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

/**
 * The kernel reading one of its own fields back by name (a process's DirectoryTableBase, a TEB's
 * StackLimit), with the catalog offsets {@link StructWriter} writes with. A miss is a bug in the
 * emulator, as a kernel write to unmapped memory is.
 */
public final class FieldReader {
    private FieldReader() {
    }

    public static long read(VirtualMemory memory, String type, long address, String path) {
        StructImage.Slot at = StructImage.slot(type, path);   // resolved once per type and path, shared with StructImage
        try {
            return at.extract(memory.readUnsigned(address + at.offset(), at.size()));
        } catch (MemoryAccessException e) {
            throw new IllegalStateException(String.format("kernel read %s.%s at unmapped %016x", type, path,
                    e.address()), e);
        }
    }
}
