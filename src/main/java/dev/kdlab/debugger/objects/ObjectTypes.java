package dev.kdlab.debugger.objects;

import dev.kdlab.debugger.Session;
import dev.kdlab.struct.StructView;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.types.StructType;

/**
 * The object types of the target as the debugger decodes them: nt!ObTypeIndexTable read once, the
 * header cookie (nt!ObHeaderCookie), and each type's name. A header's TypeIndex byte is the index
 * xor the cookie xor the second byte of the header's address (layouts README, "Object header").
 */
public final class ObjectTypes {
    private static final int MAX_TYPES = 0x100;

    private final Session session;
    private final VirtualMemory kernel;
    private final StructType header;
    private final int cookie;
    private final long[] types = new long[MAX_TYPES];
    private final String[] names = new String[MAX_TYPES];
    private final byte[] infoMaskToOffset = new byte[256];

    public ObjectTypes(Session session) {
        this.session = session;
        this.kernel = session.kernel();
        this.header = session.type("_OBJECT_HEADER");
        int cookieByte;
        try {
            cookieByte = kernel.readByte(session.symbolOrZero("ObHeaderCookie"));
        } catch (MemoryAccessException e) {
            cookieByte = 0;
        }
        this.cookie = cookieByte;
        try {
            kernel.read(session.symbolOrZero("ObpInfoMaskToOffset"), infoMaskToOffset, 0, infoMaskToOffset.length);
        } catch (MemoryAccessException e) {
            // without the table no optional header can be found
        }
        long table = session.symbolOrZero("ObTypeIndexTable");
        try {
            byte[] pointers = kernel.read(table, 8 * MAX_TYPES);
            for (int index = 2; index < MAX_TYPES; index++) {
                long type = dev.kdlab.memory.LittleEndian.getLong(pointers, 8 * index);
                if (type == 0) {
                    break;
                }
                types[index] = type;
            }
        } catch (MemoryAccessException e) {
            // no table: every object reads as of no known type
        }
    }

    /** The session these types were read through. */
    public Session session() {
        return session;
    }

    /** A structure of the target's catalog at an address of kernel memory. */
    public StructView struct(String type, long address) {
        return session.kernelStruct(type, address);
    }

    /** _OBJECT_HEADER as the target's catalog lays it out. */
    public StructType header() {
        return header;
    }

    /** How far an object's body is from its header (_OBJECT_HEADER.Body). */
    public int bodyOffset() {
        return (int) header.offsetOf("Body");
    }

    /**
     * How far before the header an optional header starts: nt!ObpInfoMaskToOffset of the InfoMask
     * bits up to and including its own (ObpGetHeaderInfo's reading).
     */
    public int optionalHeaderOffset(int infoMask, int bit) {
        return infoMaskToOffset[infoMask & (bit | (bit - 1)) & 0xff] & 0xff;
    }

    /** The type index a header's stored TypeIndex byte stands for. */
    public int decode(long header, int stored) {
        return (stored ^ cookie ^ (int) ((header >>> 8) & 0xff)) & 0xff;
    }

    /** The _OBJECT_TYPE of an index, or 0 when the table has none there. */
    public long typeObject(int index) {
        return index >= 0 && index < MAX_TYPES ? types[index] : 0;
    }

    /** The name of an index's type ("Process"), or null when there is no readable type there. */
    public String name(int index) {
        long type = typeObject(index);
        if (type == 0) {
            return null;
        }
        if (names[index] == null) {
            try {
                names[index] = struct("_OBJECT_TYPE", type).unicodeString("Name");
            } catch (MemoryAccessException e) {
                return null;
            }
        }
        return names[index];
    }

    /** The index of the type with this name (case-sensitive, as !handle matches it), or -1. */
    public int indexOf(String name) {
        for (int index = 2; index < MAX_TYPES && types[index] != 0; index++) {
            if (name.equals(name(index))) {
                return index;
            }
        }
        return -1;
    }
}
