package dev.kdlab.debugger.objects;

import dev.kdlab.struct.StructView;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.types.FieldSlot;
import dev.kdlab.types.StructType;

/**
 * One object as its {@code _OBJECT_HEADER} describes it: type, counts, InfoMask and, through the
 * optional headers, its name and directory. Read at once from the header's bytes.
 */
public final class KernelObject {
    public static final int NAME_INFO = 0x02;

    private final long body;
    private final int typeIndex;
    private final String typeName;
    private final long typeObject;
    private final long pointerCount;
    private final long handleCount;
    private final int infoMask;
    private final int flags;
    private final long securityDescriptor;

    private final int bodyOffset;

    private KernelObject(ObjectTypes types, long body, int typeIndex, String typeName, byte[] header) {
        StructType layout = types.header();
        this.body = body;
        this.bodyOffset = types.bodyOffset();
        this.typeIndex = typeIndex;
        this.typeName = typeName;
        this.typeObject = types.typeObject(typeIndex);
        this.pointerCount = field(header, layout, "PointerCount");
        this.handleCount = field(header, layout, "HandleCount");
        this.infoMask = (int) field(header, layout, "InfoMask");
        this.flags = (int) field(header, layout, "Flags");
        this.securityDescriptor = field(header, layout, "SecurityDescriptor");
    }

    /** A field of the header's bytes, placed by the catalog. */
    private static long field(byte[] header, StructType layout, String name) {
        FieldSlot slot = layout.slot(name);
        return slot.extract(LittleEndian.get(header, slot.offset(), slot.size()));
    }

    /**
     * The object whose body is at {@code body}, or null when no object header there decodes to a
     * known type (not an object, or unreadable).
     */
    public static KernelObject at(ObjectTypes types, long body) {
        int bodyOffset = types.bodyOffset();
        long header = body - bodyOffset;
        byte[] bytes;
        try {
            bytes = types.session().kernel().read(header, bodyOffset);
        } catch (MemoryAccessException e) {
            return null;
        }
        int index = types.decode(header, (int) field(bytes, types.header(), "TypeIndex"));
        String name = types.name(index);
        if (name == null) {
            return null;
        }
        return new KernelObject(types, body, index, name, bytes);
    }

    public long body() {
        return body;
    }

    public long header() {
        return body - bodyOffset;
    }

    public int typeIndex() {
        return typeIndex;
    }

    public String typeName() {
        return typeName;
    }

    public long typeObject() {
        return typeObject;
    }

    public long pointerCount() {
        return pointerCount;
    }

    public long handleCount() {
        return handleCount;
    }

    public int infoMask() {
        return infoMask;
    }

    public int flags() {
        return flags;
    }

    /** The header's SecurityDescriptor without its fast-reference bits. */
    public long securityDescriptor() {
        return securityDescriptor & ~0xfL;
    }

    /** The name header's directory and name, or null for an object without one. */
    public NameInfo nameInfo(ObjectTypes types) {
        if ((infoMask & NAME_INFO) == 0) {
            return null;
        }
        long address = header() - types.optionalHeaderOffset(infoMask, NAME_INFO);
        try {
            StructView info = types.struct("_OBJECT_HEADER_NAME_INFO", address);
            return new NameInfo(address, info.get("Directory"), info.unicodeString("Name"));
        } catch (MemoryAccessException e) {
            return null;
        }
    }

    /** An object's name header: where it is, the directory it names, the object's name in it. */
    public record NameInfo(long address, long directory, String name) {
    }
}
