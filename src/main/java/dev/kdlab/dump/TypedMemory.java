package dev.kdlab.dump;

import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.types.FieldSlot;
import dev.kdlab.types.TypeCatalog;

import java.nio.charset.StandardCharsets;

/** Fields by name in a dump's memory, at the offsets the type catalog gives, as a reader with an ISF reads them. */
final class TypedMemory {
    private final VirtualMemory memory;
    private final TypeCatalog types;

    TypedMemory(VirtualMemory memory, TypeCatalog types) {
        this.memory = memory;
        this.types = types;
    }

    VirtualMemory memory() {
        return memory;
    }

    int offset(String type, String path) {
        return types.struct(type).slot(path).offset();
    }

    long size(String type) {
        return types.struct(type).size();
    }

    /** A scalar field (bitfields included), zero-extended. */
    long field(String type, long address, String path) {
        FieldSlot slot = types.struct(type).slot(path);
        return slot.extract(memory.readUnsigned(address + slot.offset(), slot.size()));
    }

    long pointer(long address) {
        return memory.readLong(address);
    }

    /** A _UNICODE_STRING's text (at most 512 characters). */
    String unicode(long address) {
        int length = memory.readShort(address) & 0xfffe;
        long buffer = memory.readLong(address + 8);
        if (length == 0) {
            return "";
        }
        return new String(memory.read(buffer, Math.min(length, 1024)), StandardCharsets.UTF_16LE);
    }

    /** NUL-terminated ASCII of at most {@code max} bytes. */
    String ascii(long address, int max) {
        byte[] bytes = memory.read(address, max);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }
}
