package dev.kdlab.memory;

import java.nio.ByteBuffer;

/**
 * A machine's physical address space as a data layer: bytes by physical address, in 4 KiB frames.
 * The live machine's RAM ({@link SparseRam}) and a crash dump's page store both answer through it,
 * so the page walker, address spaces and every command above them work on either.
 *
 * <p>Reads of an address outside the layer fail with {@link PhysicalAddressException}, as a physical
 * read of a hole does. A frame the layer holds no data for reads as zeros.
 */
public interface PhysicalMemory {
    int PAGE_SIZE = 4096;
    int PAGE_SHIFT = 12;

    /** One past the highest physical address. */
    long size();

    default long highestPageFrameNumber() {
        return (size() >>> PAGE_SHIFT) - 1;
    }

    default boolean contains(long physicalAddress) {
        return physicalAddress >= 0 && physicalAddress < size();
    }

    /** Bumped on every write, so what is cached from memory can tell that it may have changed. */
    long generation();

    /**
     * Bumped on every write that may change a translation: a write over non-zero bytes of a frame
     * that a page walk has read an entry from ({@link #readTableEntry}). Cached translations compare
     * it; a layer that does not track its paging structures bumps it on every write.
     */
    default long tableGeneration() {
        return generation();
    }

    /** A paging-structure entry, as the page walker reads it: the frame it is in now holds a table. */
    default long readTableEntry(long physicalAddress) {
        return readLong(physicalAddress);
    }

    void read(long physicalAddress, byte[] into, int offset, int length);

    void write(long physicalAddress, byte[] from, int offset, int length);

    /**
     * Copies {@code length} bytes into a buffer at its position (and moves it on): how dump writers
     * stream frames into the buffer they hand the file, without a copy in between.
     */
    default void read(long physicalAddress, ByteBuffer into, int length) {
        byte[] bytes = new byte[length];
        read(physicalAddress, bytes, 0, length);
        into.put(bytes);
    }

    default long readLong(long physicalAddress) {
        return readUnsigned(physicalAddress, 8);
    }

    default void writeLong(long physicalAddress, long value) {
        writeUnsigned(physicalAddress, 8, value);
    }

    /** 1, 2, 4 or 8 bytes, little-endian, zero-extended. */
    default long readUnsigned(long physicalAddress, int size) {
        byte[] buffer = new byte[size];
        read(physicalAddress, buffer, 0, size);
        return LittleEndian.get(buffer, 0, size);
    }

    /** 1, 2, 4 or 8 bytes, little-endian. */
    default void writeUnsigned(long physicalAddress, int size, long value) {
        byte[] buffer = new byte[size];
        LittleEndian.put(buffer, 0, size, value);
        write(physicalAddress, buffer, 0, size);
    }

    /** A copy of a whole frame's contents (zeros when it holds nothing). */
    default byte[] frame(long pageFrameNumber) {
        byte[] copy = new byte[PAGE_SIZE];
        read(pageFrameNumber << PAGE_SHIFT, copy, 0, PAGE_SIZE);
        return copy;
    }

    /** Whether the frame holds data: written on the live machine, present in a dump. */
    boolean isTouched(long pageFrameNumber);

    /**
     * The first frame at or after {@code pageFrameNumber} that holds data, or -1: for sweeping the
     * frames in use (a dump's physical range may be far larger than what it holds).
     */
    default long nextTouched(long pageFrameNumber) {
        for (long pfn = Math.max(pageFrameNumber, 0); pfn <= highestPageFrameNumber(); pfn++) {
            if (isTouched(pfn)) {
                return pfn;
            }
        }
        return -1;
    }
}
