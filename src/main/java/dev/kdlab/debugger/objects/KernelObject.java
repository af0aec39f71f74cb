package dev.kdlab.debugger.objects;

import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.StructReader;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

/**
 * One object as its {@code _OBJECT_HEADER} describes it: type, counts, InfoMask and, through the
 * optional headers, its name and directory. Read at once from the header's bytes.
 */
public final class KernelObject {
    public static final int HEADER_SIZE = 0x30;
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

    private KernelObject(long body, int typeIndex, String typeName, long typeObject, byte[] header) {
        this.body = body;
        this.typeIndex = typeIndex;
        this.typeName = typeName;
        this.typeObject = typeObject;
        this.pointerCount = LittleEndian.getLong(header, 0);
        this.handleCount = LittleEndian.getLong(header, 8);
        this.infoMask = header[0x1a] & 0xff;
        this.flags = header[0x1b] & 0xff;
        this.securityDescriptor = LittleEndian.getLong(header, 0x28);
    }

    /**
     * The object whose body is at {@code body}, or null when no object header there decodes to a
     * known type (not an object, or unreadable).
     */
    public static KernelObject at(VirtualMemory kernel, ObjectTypes types, long body) {
        long header = body - HEADER_SIZE;
        byte[] bytes;
        try {
            bytes = kernel.read(header, HEADER_SIZE);
        } catch (MemoryAccessException e) {
            return null;
        }
        int index = types.decode(header, bytes[0x18] & 0xff);
        String name = types.name(index);
        if (name == null) {
            return null;
        }
        return new KernelObject(body, index, name, types.typeObject(index), bytes);
    }

    public long body() {
        return body;
    }

    public long header() {
        return body - HEADER_SIZE;
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
    public NameInfo nameInfo(VirtualMemory kernel, ObjectTypes types) {
        if ((infoMask & NAME_INFO) == 0) {
            return null;
        }
        long address = header() - types.optionalHeaderOffset(infoMask, NAME_INFO);
        try {
            StructReader info = new StructReader(kernel, "_OBJECT_HEADER_NAME_INFO", address);
            return new NameInfo(address, info.get("Directory"), info.unicodeString("Name"));
        } catch (MemoryAccessException e) {
            return null;
        }
    }

    /** An object's name header: where it is, the directory it names, the object's name in it. */
    public record NameInfo(long address, long directory, String name) {
    }

    /** Reads the object at {@code body} for a command, through the session's kernel view. */
    public static KernelObject at(Session session, ObjectTypes types, long body) {
        return at(session.kernel(), types, body);
    }
}
