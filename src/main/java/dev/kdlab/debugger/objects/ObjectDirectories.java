package dev.kdlab.debugger.objects;

import dev.kdlab.debugger.Session;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Object directories as the debugger reads them: the 37 hash buckets of an {@code _OBJECT_DIRECTORY},
 * each a chain of {@code _OBJECT_DIRECTORY_ENTRY}s, and lookups of paths from nt!ObpRootDirectoryObject.
 */
public final class ObjectDirectories {
    public static final int HASH_BUCKETS = 37;
    private static final int MAX_ENTRIES = 100_000;

    private final Session session;
    private final VirtualMemory kernel;
    private final ObjectTypes types;
    /** _OBJECT_DIRECTORY_ENTRY's ChainLink and Object, placed by the target's catalog. */
    private final long chainLink;
    private final long objectField;

    public ObjectDirectories(Session session, ObjectTypes types) {
        this.session = session;
        this.kernel = session.kernel();
        this.types = types;
        StructType entry = session.type("_OBJECT_DIRECTORY_ENTRY");
        this.chainLink = entry.offsetOf("ChainLink");
        this.objectField = entry.offsetOf("Object");
    }

    /** One entry of a directory: its bucket and the object it names. */
    public record Entry(int bucket, long object) {
    }

    /** Every entry, bucket by bucket, each chain in its order; stops at an unreadable link. */
    public List<Entry> entries(long directory) {
        List<Entry> entries = new ArrayList<>();
        byte[] buckets;
        try {
            buckets = kernel.read(directory, 8 * HASH_BUCKETS);
        } catch (MemoryAccessException e) {
            return entries;
        }
        for (int bucket = 0; bucket < HASH_BUCKETS; bucket++) {
            try {
                for (long entry = LittleEndian.getLong(buckets, 8 * bucket); entry != 0 && entries.size() < MAX_ENTRIES;
                     entry = kernel.readLong(entry + chainLink)) {
                    entries.add(new Entry(bucket, kernel.readLong(entry + objectField)));
                }
            } catch (MemoryAccessException e) {
                // the chain ends where it can no longer be read
            }
        }
        return entries;
    }

    /** The root directory, nt!ObpRootDirectoryObject. */
    public long root() {
        try {
            return kernel.readLong(session.symbolOrZero("ObpRootDirectoryObject"));
        } catch (MemoryAccessException e) {
            return 0;
        }
    }

    /**
     * The object at a path ({@code \Driver\Null}), found name by name through the directories as
     * ObpLookupObjectName does, without following symbolic links; empty when a name is missing.
     */
    public OptionalLong lookup(String path) {
        long at = root();
        if (at == 0) {
            return OptionalLong.empty();
        }
        for (String name : path.split("\\\\")) {
            if (name.isEmpty()) {
                continue;
            }
            KernelObject directory = KernelObject.at(types, at);
            if (directory == null || !directory.typeName().equals("Directory")) {
                return OptionalLong.empty();
            }
            long found = 0;
            for (Entry entry : entries(at)) {
                KernelObject object = KernelObject.at(types, entry.object());
                KernelObject.NameInfo info = object == null ? null : object.nameInfo(types);
                if (info != null && info.name().equalsIgnoreCase(name)) {
                    found = entry.object();
                    break;
                }
            }
            if (found == 0) {
                return OptionalLong.empty();
            }
            at = found;
        }
        return OptionalLong.of(at);
    }
}
