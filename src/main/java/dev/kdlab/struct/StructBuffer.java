package dev.kdlab.struct;

import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.types.StructType;

/**
 * A structure read into a buffer, edited field by field by name, and written back with one write
 * of the span that changed ({@link #flush}): one write for a freshly built TEB or KTHREAD instead of
 * one per field, which matters on a machine of 100,000 threads. Nothing else may write the
 * structure between the buffer's read and its flush.
 */
public final class StructBuffer extends StructFields<StructBuffer> {
    private final VirtualMemory memory;
    private final byte[] bytes;
    private int dirtyFrom = Integer.MAX_VALUE;
    private int dirtyTo = -1;

    private StructBuffer(VirtualMemory memory, StructType type, long address, byte[] bytes) {
        super(type, address);
        this.memory = memory;
        this.bytes = bytes;
    }

    /** Reads the structure at {@code address}; it must be mapped. */
    public static StructBuffer read(VirtualMemory memory, StructType type, long address) {
        byte[] bytes = new byte[Math.toIntExact(type.size())];
        memory.read(address, bytes, 0, bytes.length);
        return new StructBuffer(memory, type, address, bytes);
    }

    /**
     * A structure just allocated and known to hold zeros (a fresh pool block): no read, only the
     * fields put are written at {@link #flush}.
     */
    public static StructBuffer fresh(VirtualMemory memory, StructType type, long address) {
        return new StructBuffer(memory, type, address, new byte[Math.toIntExact(type.size())]);
    }

    /** A value at a byte offset inside the structure (an element of an embedded array, say). */
    public StructBuffer putAt(int offset, int size, long value) {
        writeUnit(offset, size, value);
        return this;
    }

    /**
     * InsertTailList of the LIST_ENTRY at {@code entryOffset} of this (not yet written) structure:
     * links inside this structure (a list head of its own, such as the thread's timer) change in the
     * buffer, links elsewhere in memory.
     */
    public StructBuffer insertTail(int entryOffset, long head) {
        long last = readLink(head + 8);
        long entry = address + entryOffset;
        writeLink(entry, head);
        writeLink(entry + 8, last);
        writeLink(last, entry);
        writeLink(head + 8, entry);
        return this;
    }

    /** Writes what changed since the read (or the last flush), as one write. */
    public void flush() {
        if (dirtyTo >= dirtyFrom) {
            memory.write(address + dirtyFrom, bytes, dirtyFrom, dirtyTo - dirtyFrom);
            dirtyFrom = Integer.MAX_VALUE;
            dirtyTo = -1;
        }
    }

    private boolean inside(long at) {
        return at >= address && at + 8 <= address + bytes.length;
    }

    private long readLink(long at) {
        return inside(at) ? LittleEndian.getLong(bytes, (int) (at - address)) : memory.readLong(at);
    }

    private void writeLink(long at, long value) {
        if (inside(at)) {
            writeUnit((int) (at - address), 8, value);
        } else {
            memory.writeLong(at, value);
        }
    }

    @Override
    long readUnit(int offset, int size) {
        return LittleEndian.get(bytes, offset, size);
    }

    @Override
    void writeUnit(int offset, int size, long value) {
        LittleEndian.put(bytes, offset, size, value);
        dirty(offset, size);
    }

    @Override
    byte[] readBytes(int offset, int length) {
        byte[] copy = new byte[length];
        System.arraycopy(bytes, offset, copy, 0, length);
        return copy;
    }

    @Override
    void writeBytes(int offset, byte[] from) {
        System.arraycopy(from, 0, bytes, offset, from.length);
        dirty(offset, from.length);
    }

    private void dirty(int offset, int size) {
        dirtyFrom = Math.min(dirtyFrom, offset);
        dirtyTo = Math.max(dirtyTo, offset + size);
    }
}
