package dev.kdlab.debugger.views;

import dev.kdlab.debugger.Session;
import dev.kdlab.struct.StructView;
import dev.kdlab.memory.MemoryAccessException;

import java.util.Optional;

/**
 * The {@code _OBJECT_HEADER} in front of an object's body (the body sits at the header's
 * {@code Body} field). Its TypeIndex is stored encoded: stored = index ^ nt!ObHeaderCookie ^ the
 * second byte of the header's address (layouts README); the index selects the _OBJECT_TYPE in
 * nt!ObTypeIndexTable, whose Name is the type's name.
 */
public final class ObjectHeader {
    private final Session session;
    private final StructView fields;

    private ObjectHeader(Session session, long header) {
        this.session = session;
        this.fields = session.kernelStruct("_OBJECT_HEADER", header);
    }

    /** The header of the object whose body is at {@code body}. */
    public static ObjectHeader ofBody(Session session, long body) {
        long bodyOffset = session.type("_OBJECT_HEADER").offsetOf("Body");
        return new ObjectHeader(session, body - bodyOffset);
    }

    public long address() {
        return fields.address();
    }

    /** The decoded index into nt!ObTypeIndexTable. */
    public int typeIndex() throws MemoryAccessException {
        int stored = (int) fields.get("TypeIndex");
        int cookie = session.kernel().readByte(session.symbolOrZero("ObHeaderCookie"));
        return stored ^ cookie ^ (int) ((address() >>> 8) & 0xff);
    }

    /** The object type's name (Process, Thread, Event ...); empty when the header or type cannot be read. */
    public Optional<String> typeName() {
        try {
            long type = session.kernel().readLong(session.symbolOrZero("ObTypeIndexTable") + 8L * typeIndex());
            return Optional.of(session.kernelStruct("_OBJECT_TYPE", type).unicodeString("Name"));
        } catch (MemoryAccessException e) {
            return Optional.empty();
        }
    }
}
