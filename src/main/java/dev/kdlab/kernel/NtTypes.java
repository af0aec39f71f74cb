package dev.kdlab.kernel;

import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.struct.StructBuffer;
import dev.kdlab.struct.StructView;
import dev.kdlab.types.StructType;
import dev.kdlab.types.TypeCatalog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel's structures by name: the kernel is ntoskrnl 19041, so it lays out everything it writes
 * with the nt catalog, the same one {@code dt} reads with.
 */
public final class NtTypes {
    /** Exact names as the kernel spells them: the catalog's own lookup folds case on every call. */
    private static final Map<String, StructType> STRUCTS = new ConcurrentHashMap<>();

    private NtTypes() {
    }

    public static StructType struct(String name) {
        StructType known = STRUCTS.get(name);
        if (known == null) {
            known = TypeCatalog.nt().struct(name);
            STRUCTS.put(name, known);
        }
        return known;
    }

    /** The offset of a dotted field path in a structure. */
    public static int offsetOf(String type, String path) {
        return struct(type).slot(path).offset();
    }

    /** A structure at {@code address}, its fields read and written in memory at once. */
    public static StructView view(VirtualMemory memory, String type, long address) {
        return new StructView(memory, struct(type), address);
    }

    /** A structure at {@code address} read into a buffer, to edit and write back with one write. */
    public static StructBuffer buffer(VirtualMemory memory, String type, long address) {
        return StructBuffer.read(memory, struct(type), address);
    }
}
