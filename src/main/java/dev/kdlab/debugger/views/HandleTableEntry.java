package dev.kdlab.debugger.views;

import dev.kdlab.debugger.Session;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.types.FieldSlot;

import java.util.OptionalLong;

/**
 * One {@code _HANDLE_TABLE_ENTRY}: its first quadword's ObjectPointerBits (layouts-19041:
 * {@code Pos 20, 44 Bits}) hold the object's address without its low four bits (objects are
 * 16-byte aligned) and above bit 47 (kernel addresses are canonical, so the field's top bit
 * extends).
 */
public record HandleTableEntry(long address, long lowValue, Decoder decoder) {
    /** x64 virtual addresses have 48 significant bits. */
    private static final int VIRTUAL_ADDRESS_BITS = 48;

    static HandleTableEntry read(Session session, long address) throws MemoryAccessException {
        return new HandleTableEntry(address, session.kernel().readLong(address), decoder(session));
    }

    static Decoder decoder(Session session) {
        return new Decoder(session.type("_HANDLE_TABLE_ENTRY").slot("ObjectPointerBits"));
    }

    /** The object's body, or empty for a free entry. */
    public OptionalLong object() {
        return decoder.object(lowValue);
    }

    /** ObjectPointerBits as the catalog places them (a slot of the entry's first quadword). */
    public record Decoder(FieldSlot objectPointerBits) {
        public boolean holdsObject(long lowValue) {
            return objectPointerBits.extract(lowValue) != 0;
        }

        public OptionalLong object(long lowValue) {
            long bits = objectPointerBits.extract(lowValue);
            if (bits == 0) {
                return OptionalLong.empty();
            }
            int width = Long.bitCount(objectPointerBits.mask());
            long signExtended = bits << (Long.SIZE - width) >> (Long.SIZE - width);
            return OptionalLong.of(signExtended << (VIRTUAL_ADDRESS_BITS - width));
        }
    }
}
