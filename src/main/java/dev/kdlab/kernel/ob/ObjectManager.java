package dev.kdlab.kernel.ob;

import dev.kdlab.struct.StructView;
import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ex.Pool;


/**
 * The object manager's allocation side: ObCreateObject lays out pool header, optional headers,
 * {@code _OBJECT_HEADER} and body, and encodes the TypeIndex with ObHeaderCookie and the header
 * address (layouts README, "Object header: TypeIndex encoding").
 */
public final class ObjectManager {
    /**
     * InfoMask bits and the sizes of the optional headers they announce (lower bits sit nearer the
     * header): CREATOR, NAME, HANDLE, QUOTA, PROCESS, AUDIT, EXTENDED and PADDING info (layouts
     * README, "Object header"; Volatility's object-header carving uses the same order).
     */
    public static final int QUOTA_INFO = 0x08;
    public static final int PROCESS_INFO = 0x10;
    private static final int[][] OPTIONAL_HEADERS = {{0x01, 0x20}, {0x02, 0x20}, {0x04, 0x10}, {0x08, 0x20},
            {0x10, 0x10}, {0x20, 0x10}, {0x40, 0x10}, {0x80, 0x04}};
    private static final int OBJECT_HEADER_SIZE = 0x30;

    private final KernelSpace kernel;
    private final Pool nonPaged;
    private final int cookie;
    private final long[] typeObjects = new long[ObjectTypeIndex.FIRST + ObjectTypeIndex.NAMES.size()];

    public ObjectManager(KernelSpace kernel, Pool nonPaged, int cookie) {
        this.kernel = kernel;
        this.nonPaged = nonPaged;
        this.cookie = cookie;
    }

    /** ObCreateObjectType for every type of the table, filling nt!ObTypeIndexTable. */
    public void createObjectTypes(long obTypeIndexTable) {
        for (int index = ObjectTypeIndex.FIRST; index < typeObjects.length; index++) {
            String name = ObjectTypeIndex.name(index);
            long type = create(ObjectTypeIndex.FIRST, "ObjT", 0xd8, 0);
            long nameBuffer = nonPaged.allocate("ObNm", 2L * name.length() + 2);
            kernel.writeWide(nameBuffer, name);
            kernel.struct("_OBJECT_TYPE", type)
                    .emptyList("TypeList")
                    .putUnicodeString("Name", nameBuffer, 2 * name.length(), 2 * name.length() + 2)
                    .put("Index", index)
                    .put("Key", Pool.tagValue(name.length() >= 4 ? name.substring(0, 4) : name));
            typeObjects[index] = type;
            kernel.struct("_OBJECT_HEADER", type - OBJECT_HEADER_SIZE).put("Flags", 0x12);
        }
        for (int index = ObjectTypeIndex.FIRST; index < typeObjects.length; index++) {
            kernel.write64(obTypeIndexTable + 8L * index, typeObjects[index]);
        }
        kernel.write64(obTypeIndexTable + 8, 0xbad0b0b0L);   // slot 1 holds a marker, not a type
    }

    public long typeObject(int index) {
        return typeObjects[index];
    }

    /** ObCreateObject: returns the body address. */
    public long create(int typeIndex, String poolTag, long bodySize, int infoMask) {
        return create(typeIndex, poolTag, bodySize, infoMask, nonPaged);
    }

    /** ObCreateObject for a type whose objects live in another pool (tokens are paged). */
    public long create(int typeIndex, String poolTag, long bodySize, int infoMask, Pool pool) {
        int optional = optionalSize(infoMask);
        long block = pool.allocate(poolTag, optional + OBJECT_HEADER_SIZE + bodySize);
        long header = block + optional;
        int encoded = typeIndex ^ cookie ^ (int) ((header >>> 8) & 0xff);
        kernel.batch("_OBJECT_HEADER", header)
                .put("PointerCount", 1)
                .put("HandleCount", 0)
                .put("TypeIndex", encoded & 0xff)
                .put("InfoMask", infoMask)
                .flush();
        if (typeObjects[typeIndex] != 0) {
            bumpObjectCount(typeObjects[typeIndex]);
        }
        return header + OBJECT_HEADER_SIZE;
    }

    public void setCounts(long body, long pointerCount, long handleCount) {
        kernel.struct("_OBJECT_HEADER", body - OBJECT_HEADER_SIZE)
                .put("PointerCount", pointerCount)
                .put("HandleCount", handleCount);
    }

    /**
     * ObpFreeObject, once the last reference to an object in nonpaged pool is gone: no references,
     * one object fewer of its type, and its pool block freed (the bytes stay until reused).
     */
    public void ObpFreeObject(int typeIndex, long body) {
        long header = body - OBJECT_HEADER_SIZE;
        int infoMask = (int) kernel.read(kernel.struct("_OBJECT_HEADER", header).addressOf("InfoMask"), 1);
        setCounts(body, 0, 0);
        StructView type = kernel.struct("_OBJECT_TYPE", typeObjects[typeIndex]);
        type.put("TotalNumberOfObjects", kernel.read(type.addressOf("TotalNumberOfObjects"), 4) - 1);
        nonPaged.free(header - optionalSize(infoMask));
    }

    private void bumpObjectCount(long typeObject) {
        StructView type = kernel.struct("_OBJECT_TYPE", typeObject);
        type.put("TotalNumberOfObjects", kernel.read(type.addressOf("TotalNumberOfObjects"), 4) + 1);
    }

    /**
     * nt!ObpInfoMaskToOffset: for every InfoMask, how many bytes of optional headers its bits
     * announce; an optional header sits at {@code header - table[InfoMask & ((bit << 1) - 1)]}.
     */
    public static byte[] infoMaskToOffset() {
        byte[] table = new byte[256];
        for (int mask = 0; mask < table.length; mask++) {
            table[mask] = (byte) optionalSize(mask);
        }
        return table;
    }

    private static int optionalSize(int infoMask) {
        int size = 0;
        for (int[] header : OPTIONAL_HEADERS) {
            if ((infoMask & header[0]) != 0) {
                size += header[1];
            }
        }
        return size;
    }
}
