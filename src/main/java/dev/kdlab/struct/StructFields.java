package dev.kdlab.struct;

import dev.kdlab.types.FieldSlot;
import dev.kdlab.types.StructType;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Fields of one structure instance, got and put by name through the type catalog's slots. The two
 * kinds differ only in where the bytes are: {@link StructView} reads and writes memory at once,
 * {@link StructBuffer} holds a copy and writes what changed in one go.
 *
 * @param <S> the concrete kind, so that puts chain
 */
public abstract sealed class StructFields<S extends StructFields<S>> permits StructView, StructBuffer {
    protected final StructType type;
    protected final long address;

    StructFields(StructType type, long address) {
        this.type = type;
        this.address = address;
    }

    /** Reads {@code size} bytes (1-8) at a byte offset inside the structure, zero-extended. */
    abstract long readUnit(int offset, int size);

    abstract void writeUnit(int offset, int size, long value);

    abstract byte[] readBytes(int offset, int length);

    abstract void writeBytes(int offset, byte[] bytes);

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    public StructType type() {
        return type;
    }

    public long address() {
        return address;
    }

    /** The virtual address of a (dotted) field. */
    public long addressOf(String path) {
        return address + type.slot(path).offset();
    }

    /** An integer, pointer or bitfield, zero-extended. */
    public long get(String path) {
        FieldSlot slot = scalar(type.slot(path), path);
        return slot.extract(readUnit(slot.offset(), slot.size()));
    }

    /**
     * A top-level field, or zero when this layout has no field of that name: how extensions written
     * against other layouts read (!pcr's x86 names, !cpuinfo's ArchitectureClass).
     */
    public long getOrZero(String fieldName) {
        return type.field(fieldName).isPresent() ? get(fieldName) : 0;
    }

    /** Writes an integer or pointer field with its declared size, or a bitfield inside its unit. */
    public S put(String path, long value) {
        return put(scalar(type.slot(path), path), path, null, value);
    }

    /** {@code put(path + "." + member, value)}, without joining the path on every write. */
    private S put(String path, String member, long value) {
        return put(scalar(type.slot(path, member), path), path, member, value);
    }

    private S put(FieldSlot slot, String path, String member, long value) {
        Consumer<FieldWrite> recorder = FieldWrites.recorder();
        long old = recorder == null ? 0 : slot.extract(readUnit(slot.offset(), slot.size()));
        if (slot.bitfield()) {
            writeUnit(slot.offset(), slot.size(), slot.insert(readUnit(slot.offset(), slot.size()), value));
        } else {
            writeUnit(slot.offset(), slot.size(), value);
        }
        if (recorder != null) {
            String fullPath = member == null ? path : path + "." + member;
            recorder.accept(new FieldWrite(type.name(), fullPath, address + slot.offset(), slot.size(), slot.bitPosition(),
                    slot.mask(), old, slot.extract(readUnit(slot.offset(), slot.size())), null, null));
        }
        return self();
    }

    /** Raw bytes at a field (an embedded array or structure). */
    public S putBytes(String path, byte[] bytes) {
        int offset = type.slot(path).offset();
        Consumer<FieldWrite> recorder = FieldWrites.recorder();
        byte[] old = recorder == null ? null : readBytes(offset, bytes.length);
        writeBytes(offset, bytes);
        if (recorder != null) {
            recorder.accept(new FieldWrite(type.name(), path, address + offset, bytes.length, 0, 0, 0, 0, old,
                    bytes.clone()));
        }
        return self();
    }

    /** An ANSI name in a fixed char array (ImageFileName), truncated to leave the terminating NUL. */
    public S putAnsi(String path, String text, int capacity) {
        byte[] bytes = new byte[capacity];
        byte[] chars = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chars, 0, bytes, 0, Math.min(chars.length, capacity - 1));
        return putBytes(path, bytes);
    }

    /** An empty LIST_ENTRY: Flink and Blink point at itself. */
    public S emptyList(String path) {
        long head = addressOf(path);
        put(path, "Flink", head);
        return put(path, "Blink", head);
    }

    /** A UNICODE_STRING describing {@code lengthBytes} bytes at {@code buffer}. */
    public S putUnicodeString(String path, long buffer, int lengthBytes, int maximumLengthBytes) {
        put(path, "Length", lengthBytes);
        put(path, "MaximumLength", maximumLengthBytes);
        return put(path, "Buffer", buffer);
    }

    /** A NUL-terminated ANSI name in a fixed array (ImageFileName). */
    public String ansi(String path, int capacity) {
        byte[] bytes = readBytes(type.slot(path).offset(), capacity);
        int length = 0;
        while (length < capacity && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    private FieldSlot scalar(FieldSlot slot, String path) {
        if (!slot.isScalar()) {
            throw new IllegalArgumentException(path + " is not a scalar of " + type.name());
        }
        return slot;
    }
}
