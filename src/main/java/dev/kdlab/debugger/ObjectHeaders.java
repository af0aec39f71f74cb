package dev.kdlab.debugger;

import dev.kdlab.memory.MemoryAccessException;

import java.util.Optional;

/**
 * Decodes {@code _OBJECT_HEADER.TypeIndex}: stored = index ^ ObHeaderCookie ^ second byte of the
 * header address (layouts README), then ObTypeIndexTable[index] -> _OBJECT_TYPE.Name.
 */
public final class ObjectHeaders {
    private static final int HEADER_SIZE = 0x30;

    private ObjectHeaders() {
    }

    public static Optional<String> typeName(Session session, long body) {
        try {
            long header = body - HEADER_SIZE;
            int stored = (int) session.kernelStruct("_OBJECT_HEADER", header).get("TypeIndex");
            int cookie = session.kernel().readByte(session.symbolOrZero("ObHeaderCookie"));
            int index = stored ^ cookie ^ (int) ((header >>> 8) & 0xff);
            long type = session.kernel().readLong(session.symbolOrZero("ObTypeIndexTable") + 8L * index);
            return Optional.of(new StructReader(session.kernel(), "_OBJECT_TYPE", type).unicodeString("Name"));
        } catch (MemoryAccessException e) {
            return Optional.empty();
        }
    }
}
