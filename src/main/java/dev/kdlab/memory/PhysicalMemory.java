package dev.kdlab.memory;

import java.util.HashMap;
import java.util.Map;

/**
 * Sparse physical RAM: 4 KiB frames that cost heap only once something is written to them.
 * An untouched frame reads as zeros, as freshly zeroed RAM does. Addresses past the end of RAM
 * are not backed by anything and fail, as a physical read of a hole does on a real machine.
 */
public final class PhysicalMemory {
    public static final int PAGE_SIZE = 4096;
    public static final int PAGE_SHIFT = 12;
    private static final byte[] ZERO_FRAME = new byte[PAGE_SIZE];

    private final long size;
    private final Map<Long, byte[]> frames = new HashMap<>();
    /** Bumped on every write, so cached translations can tell that a page table may have changed. */
    private long generation;

    public PhysicalMemory(long size) {
        if (size <= 0 || (size & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("RAM size must be a positive multiple of 4 KiB: " + size);
        }
        this.size = size;
    }

    public long size() {
        return size;
    }

    public long highestPageFrameNumber() {
        return (size >>> PAGE_SHIFT) - 1;
    }

    public boolean contains(long physicalAddress) {
        return physicalAddress >= 0 && physicalAddress < size;
    }

    /** How many frames hold data (the heap actually used). */
    public int touchedFrames() {
        return frames.size();
    }

    public long generation() {
        return generation;
    }

    public void read(long physicalAddress, byte[] into, int offset, int length) {
        checkRange(physicalAddress, length);
        while (length > 0) {
            int inPage = (int) (physicalAddress & (PAGE_SIZE - 1));
            int chunk = Math.min(length, PAGE_SIZE - inPage);
            byte[] frame = frames.getOrDefault(physicalAddress >>> PAGE_SHIFT, ZERO_FRAME);
            System.arraycopy(frame, inPage, into, offset, chunk);
            physicalAddress += chunk;
            offset += chunk;
            length -= chunk;
        }
    }

    public void write(long physicalAddress, byte[] from, int offset, int length) {
        checkRange(physicalAddress, length);
        generation++;
        while (length > 0) {
            int inPage = (int) (physicalAddress & (PAGE_SIZE - 1));
            int chunk = Math.min(length, PAGE_SIZE - inPage);
            byte[] frame = frames.computeIfAbsent(physicalAddress >>> PAGE_SHIFT, pfn -> new byte[PAGE_SIZE]);
            System.arraycopy(from, offset, frame, inPage, chunk);
            physicalAddress += chunk;
            offset += chunk;
            length -= chunk;
        }
    }

    public long readLong(long physicalAddress) {
        if ((physicalAddress & 7) == 0 && contains(physicalAddress)) {
            byte[] frame = frames.get(physicalAddress >>> PAGE_SHIFT);
            return frame == null ? 0 : LittleEndian.getLong(frame, (int) (physicalAddress & (PAGE_SIZE - 1)));
        }
        byte[] buffer = new byte[8];
        read(physicalAddress, buffer, 0, 8);
        return LittleEndian.getLong(buffer, 0);
    }

    public void writeLong(long physicalAddress, long value) {
        byte[] buffer = new byte[8];
        LittleEndian.putLong(buffer, 0, value);
        write(physicalAddress, buffer, 0, 8);
    }

    /** Copies a whole frame's contents (zeros when untouched); used by dump writers. */
    public byte[] frame(long pageFrameNumber) {
        byte[] copy = new byte[PAGE_SIZE];
        read(pageFrameNumber << PAGE_SHIFT, copy, 0, PAGE_SIZE);
        return copy;
    }

    public boolean isTouched(long pageFrameNumber) {
        return frames.containsKey(pageFrameNumber);
    }

    private void checkRange(long physicalAddress, int length) {
        if (length < 0 || physicalAddress < 0 || physicalAddress + length > size) {
            throw new PhysicalAddressException(physicalAddress);
        }
    }
}
