package dev.kdlab.memory;

/**
 * Sparse physical RAM: 4 KiB frames that cost heap only once something is written to them.
 * An untouched frame reads as zeros, as freshly zeroed RAM does. Addresses past the end of RAM
 * are not backed by anything and fail, as a physical read of a hole does on a real machine.
 *
 * <p>Most frames of an emulated machine hold a few fields in a page of zeros (a TEB, a kernel
 * stack's top frames, a page table with a handful of entries). So a frame is kept as 64-byte
 * chunks, allocated as they are written, and becomes one flat 4 KiB array only once half of it
 * is in use. Writing zeros where nothing was written yet allocates nothing. This is what lets a
 * machine of 100,000 threads fit in a small heap.
 */
public final class PhysicalMemory {
    public static final int PAGE_SIZE = 4096;
    public static final int PAGE_SHIFT = 12;
    private static final int CHUNK_SHIFT = 6;
    private static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
    private static final int CHUNKS = PAGE_SIZE / CHUNK_SIZE;
    /** A chunked frame with this many chunks in use turns flat: by then the chunks cost as much. */
    private static final int FLAT_THRESHOLD = CHUNKS / 2;

    private final long size;
    /** Per frame: null (untouched), a flat byte[PAGE_SIZE], or a {@link ChunkedFrame}. */
    private final Object[] frames;
    private int touched;
    /** Bumped on every write, so cached translations can tell that a page table may have changed. */
    private long generation;

    /** A frame kept as the 64-byte chunks written so far. */
    private static final class ChunkedFrame {
        final byte[][] chunks = new byte[CHUNKS][];
        int used;
    }

    public PhysicalMemory(long size) {
        if (size <= 0 || (size & (PAGE_SIZE - 1)) != 0 || (size >>> PAGE_SHIFT) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("RAM size must be a positive multiple of 4 KiB: " + size);
        }
        this.size = size;
        this.frames = new Object[(int) (size >>> PAGE_SHIFT)];
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

    /** How many frames hold data (the frames that cost heap). */
    public int touchedFrames() {
        return touched;
    }

    public long generation() {
        return generation;
    }

    public void read(long physicalAddress, byte[] into, int offset, int length) {
        checkRange(physicalAddress, length);
        while (length > 0) {
            int inPage = (int) (physicalAddress & (PAGE_SIZE - 1));
            int chunk = Math.min(length, PAGE_SIZE - inPage);
            readFrame(frames[(int) (physicalAddress >>> PAGE_SHIFT)], inPage, into, offset, chunk);
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
            writeFrame((int) (physicalAddress >>> PAGE_SHIFT), inPage, from, offset, chunk);
            physicalAddress += chunk;
            offset += chunk;
            length -= chunk;
        }
    }

    public long readLong(long physicalAddress) {
        if ((physicalAddress & 7) == 0 && contains(physicalAddress)) {
            Object frame = frames[(int) (physicalAddress >>> PAGE_SHIFT)];
            int inPage = (int) (physicalAddress & (PAGE_SIZE - 1));
            if (frame == null) {
                return 0;
            }
            if (frame instanceof byte[] flat) {
                return LittleEndian.getLong(flat, inPage);
            }
            byte[] chunk = ((ChunkedFrame) frame).chunks[inPage >>> CHUNK_SHIFT];
            return chunk == null ? 0 : LittleEndian.getLong(chunk, inPage & (CHUNK_SIZE - 1));
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
        return pageFrameNumber >= 0 && pageFrameNumber < frames.length && frames[(int) pageFrameNumber] != null;
    }

    private static void readFrame(Object frame, int inPage, byte[] into, int offset, int length) {
        if (frame == null) {
            java.util.Arrays.fill(into, offset, offset + length, (byte) 0);
        } else if (frame instanceof byte[] flat) {
            System.arraycopy(flat, inPage, into, offset, length);
        } else {
            byte[][] chunks = ((ChunkedFrame) frame).chunks;
            while (length > 0) {
                int inChunk = inPage & (CHUNK_SIZE - 1);
                int run = Math.min(length, CHUNK_SIZE - inChunk);
                byte[] chunk = chunks[inPage >>> CHUNK_SHIFT];
                if (chunk == null) {
                    java.util.Arrays.fill(into, offset, offset + run, (byte) 0);
                } else {
                    System.arraycopy(chunk, inChunk, into, offset, run);
                }
                inPage += run;
                offset += run;
                length -= run;
            }
        }
    }

    private void writeFrame(int pfn, int inPage, byte[] from, int offset, int length) {
        Object frame = frames[pfn];
        if (frame instanceof byte[] flat) {
            System.arraycopy(from, offset, flat, inPage, length);
            return;
        }
        ChunkedFrame chunked = (ChunkedFrame) frame;
        while (length > 0) {
            int inChunk = inPage & (CHUNK_SIZE - 1);
            int run = Math.min(length, CHUNK_SIZE - inChunk);
            int index = inPage >>> CHUNK_SHIFT;
            byte[] chunk = chunked == null ? null : chunked.chunks[index];
            if (chunk == null && !allZero(from, offset, run)) {
                if (chunked == null) {
                    chunked = new ChunkedFrame();
                    frames[pfn] = chunked;
                    touched++;
                }
                chunk = new byte[CHUNK_SIZE];
                chunked.chunks[index] = chunk;
                if (++chunked.used >= FLAT_THRESHOLD) {
                    byte[] flat = flatten(chunked.chunks);
                    frames[pfn] = flat;
                    System.arraycopy(from, offset, flat, inPage, length);
                    return;
                }
            }
            if (chunk != null) {
                System.arraycopy(from, offset, chunk, inChunk, run);
            }
            inPage += run;
            offset += run;
            length -= run;
        }
    }

    private static boolean allZero(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] flatten(byte[][] chunks) {
        byte[] flat = new byte[PAGE_SIZE];
        for (int i = 0; i < CHUNKS; i++) {
            if (chunks[i] != null) {
                System.arraycopy(chunks[i], 0, flat, i * CHUNK_SIZE, CHUNK_SIZE);
            }
        }
        return flat;
    }

    private void checkRange(long physicalAddress, int length) {
        if (length < 0 || physicalAddress < 0 || physicalAddress + length > size) {
            throw new PhysicalAddressException(physicalAddress);
        }
    }
}
