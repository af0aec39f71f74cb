package dev.kdlab.memory;

import java.nio.ByteBuffer;

/**
 * The live machine's physical RAM, kept sparse: 4 KiB frames that cost heap only once something is written to them.
 * An untouched frame reads as zeros, as freshly zeroed RAM does. Addresses past the end of RAM
 * are not backed by anything and fail, as a physical read of a hole does on a real machine.
 *
 * <p>Most frames of an emulated machine hold a few fields in a page of zeros (a TEB, a kernel
 * stack's top frames, a page table with a handful of entries). So a frame is kept as the 64-byte
 * chunks written so far, packed in one array behind a bit mask of which chunks are there, and
 * becomes one flat 4 KiB array once most of it is in use. Writing zeros where nothing was written
 * yet allocates nothing. This is what lets a machine of 100,000 threads fit in a small heap.
 */
public final class SparseRam implements PhysicalMemory {
    private static final int CHUNK_SHIFT = 6;
    private static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
    private static final int CHUNKS = PAGE_SIZE / CHUNK_SIZE;
    /** A chunked frame with this many chunks in use turns flat: about where the chunks cost as much. */
    private static final int FLAT_THRESHOLD = 48;
    /** How many chunks of room a growing frame gets beyond what it needs now. */
    private static final int SPARE_CHUNKS = 8;
    private static final byte[] ZERO_PAGE = new byte[PAGE_SIZE];
    /** Frames per leaf of {@link #frames}. */
    private static final int LEAF_SHIFT = 10;
    private static final int LEAF_SIZE = 1 << LEAF_SHIFT;

    private final long size;
    /**
     * Per frame: null (untouched), a flat byte[PAGE_SIZE], or a {@link ChunkedFrame}; kept in leaves of
     * {@value #LEAF_SIZE} frames made when one of theirs is first written, so that 8 GB of RAM does not
     * cost a 2-million-slot array up front (a collector moves such an array as a whole).
     */
    private final Object[][] frames;
    private final int frameCount;
    private int touched;
    /** Bumped on every write, so what is cached from memory can tell that it may have changed. */
    private long generation;
    /** Bumped on every write over non-zero bytes of a frame in {@link #tableFrames}: what cached translations compare. */
    private long tableGeneration;
    /**
     * One bit per frame that a page walk has read an entry from. Every cached translation was made
     * from such reads (of non-zero entries), so a write anywhere else, or one that fills in a zero
     * entry, cannot change one.
     */
    private final long[] tableFrames;

    /**
     * A frame kept as the 64-byte chunks written so far: bit i of {@code present} says chunk i is in
     * {@code data}. Chunks that arrive in index order (a pool page filled from its start) sit in that
     * order, so a chunk's place follows from the mask. One that arrives below others (a stack, which
     * fills from the top down) is appended at the end instead, and from then on the frame keeps a
     * table of where each chunk sits: adding a chunk never moves the others.
     */
    private static final class ChunkedFrame {
        long present;
        byte[] data = new byte[0];
        /** The slot of each chunk by index, once chunks arrived out of order; null while in order. */
        byte[] slots;

        /** Where chunk {@code index} starts in {@code data}. */
        int slot(int index) {
            return slots == null ? Long.bitCount(present & ((1L << index) - 1)) * CHUNK_SIZE : slots[index] * CHUNK_SIZE;
        }

        boolean has(int index) {
            return (present & (1L << index)) != 0;
        }

        /** Makes room for the chunks of {@code mask} not yet present, after the ones there; they read zero. */
        void add(long mask) {
            long fresh = mask & ~present;
            if (fresh == 0) {
                return;
            }
            int count = Long.bitCount(present);
            boolean above = present == 0 || Long.numberOfTrailingZeros(fresh) > 63 - Long.numberOfLeadingZeros(present);
            if (slots == null && !above) {
                slots = new byte[CHUNKS];
                int next = 0;
                for (long old = present; old != 0; old &= old - 1) {
                    slots[Long.numberOfTrailingZeros(old)] = (byte) next++;
                }
            }
            int needed = (count + Long.bitCount(fresh)) * CHUNK_SIZE;
            if (needed > data.length) {
                // Spare room only for a frame already filling up (four chunks or more): most frames hold a
                // few. It grows by half again, so a page filled a chunk at a time is copied a few times only.
                int spare = count >= 4 ? Math.max(SPARE_CHUNKS, count / 2) * CHUNK_SIZE : 0;
                data = java.util.Arrays.copyOf(data, Math.min(CHUNKS * CHUNK_SIZE, needed + spare));
            }
            if (slots != null) {
                int next = count;
                for (long added = fresh; added != 0; added &= added - 1) {
                    slots[Long.numberOfTrailingZeros(added)] = (byte) next++;
                }
            }
            present |= fresh;
        }

        byte[] flatten() {
            byte[] flat = new byte[PAGE_SIZE];
            for (int index = 0; index < CHUNKS; index++) {
                if (has(index)) {
                    System.arraycopy(data, slot(index), flat, index * CHUNK_SIZE, CHUNK_SIZE);
                }
            }
            return flat;
        }
    }

    public SparseRam(long size) {
        if (size <= 0 || (size & (PAGE_SIZE - 1)) != 0 || (size >>> PAGE_SHIFT) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("RAM size must be a positive multiple of 4 KiB: " + size);
        }
        this.size = size;
        this.frameCount = (int) (size >>> PAGE_SHIFT);
        this.frames = new Object[(frameCount + LEAF_SIZE - 1) >>> LEAF_SHIFT][];
        this.tableFrames = new long[(frameCount + 63) >>> 6];
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long highestPageFrameNumber() {
        return (size >>> PAGE_SHIFT) - 1;
    }

    @Override
    public boolean contains(long physicalAddress) {
        return physicalAddress >= 0 && physicalAddress < size;
    }

    /** How many frames hold data (the frames that cost heap). */
    public int touchedFrames() {
        return touched;
    }

    @Override
    public long generation() {
        return generation;
    }

    @Override
    public long tableGeneration() {
        return tableGeneration;
    }

    /**
     * Whether a frame holds only zeros in a range. Every cached translation was built from non-zero
     * entries (a walk that meets a zero entry faults and caches nothing), so filling in an entry that
     * was zero, as mapping a new page does, cannot change one: only overwriting a non-zero entry of a
     * walked table bumps {@link #tableGeneration}.
     */
    private boolean holdsZeros(int pfn, int inPage, int length) {
        Object frame = frame(pfn);
        if (frame == null) {
            return true;
        }
        if (frame instanceof byte[] flat) {
            return java.util.Arrays.mismatch(flat, inPage, inPage + length, ZERO_PAGE, 0, length) < 0;
        }
        ChunkedFrame chunked = (ChunkedFrame) frame;
        for (int at = inPage; at < inPage + length; ) {
            int index = at >>> CHUNK_SHIFT;
            int run = Math.min(inPage + length - at, CHUNK_SIZE - (at & (CHUNK_SIZE - 1)));
            if (chunked.has(index) && !allZero(chunked.data, chunked.slot(index) + (at & (CHUNK_SIZE - 1)), run)) {
                return false;
            }
            at += run;
        }
        return true;
    }

    @Override
    public long readTableEntry(long physicalAddress) {
        if (contains(physicalAddress)) {
            int pfn = (int) (physicalAddress >>> PAGE_SHIFT);
            tableFrames[pfn >>> 6] |= 1L << pfn;
        }
        return readLong(physicalAddress);
    }

    @Override
    public void read(long physicalAddress, byte[] into, int offset, int length) {
        checkRange(physicalAddress, length);
        while (length > 0) {
            int inPage = (int) (physicalAddress & (PAGE_SIZE - 1));
            int chunk = Math.min(length, PAGE_SIZE - inPage);
            readFrame(frame((int) (physicalAddress >>> PAGE_SHIFT)), inPage, into, offset, chunk);
            physicalAddress += chunk;
            offset += chunk;
            length -= chunk;
        }
    }

    @Override
    public void read(long physicalAddress, ByteBuffer into, int length) {
        checkRange(physicalAddress, length);
        while (length > 0) {
            int inPage = (int) (physicalAddress & (PAGE_SIZE - 1));
            int chunk = Math.min(length, PAGE_SIZE - inPage);
            Object frame = frame((int) (physicalAddress >>> PAGE_SHIFT));
            if (frame instanceof byte[] flat) {
                into.put(flat, inPage, chunk);
            } else if (frame == null) {
                into.put(ZERO_PAGE, 0, chunk);
            } else {
                byte[] copy = new byte[chunk];
                readFrame(frame, inPage, copy, 0, chunk);
                into.put(copy);
            }
            physicalAddress += chunk;
            length -= chunk;
        }
    }

    @Override
    public void write(long physicalAddress, byte[] from, int offset, int length) {
        checkRange(physicalAddress, length);
        generation++;
        while (length > 0) {
            int inPage = (int) (physicalAddress & (PAGE_SIZE - 1));
            int chunk = Math.min(length, PAGE_SIZE - inPage);
            int pfn = (int) (physicalAddress >>> PAGE_SHIFT);
            if (isTableFrame(pfn) && !holdsZeros(pfn, inPage, chunk)) {
                tableGeneration++;
            }
            writeFrame(pfn, inPage, from, offset, chunk);
            physicalAddress += chunk;
            offset += chunk;
            length -= chunk;
        }
    }

    @Override
    public long readLong(long physicalAddress) {
        return readUnsigned(physicalAddress, 8);
    }

    @Override
    public void writeLong(long physicalAddress, long value) {
        writeUnsigned(physicalAddress, 8, value);
    }

    /** Reads in place when the value lies in one chunk (as every aligned one does): no buffer. */
    @Override
    public long readUnsigned(long physicalAddress, int size) {
        if (withinOneChunk(physicalAddress, size)) {
            Object frame = frame((int) (physicalAddress >>> PAGE_SHIFT));
            int inPage = (int) (physicalAddress & (PAGE_SIZE - 1));
            if (frame == null) {
                return 0;
            }
            if (frame instanceof byte[] flat) {
                return LittleEndian.get(flat, inPage, size);
            }
            ChunkedFrame chunked = (ChunkedFrame) frame;
            int index = inPage >>> CHUNK_SHIFT;
            return chunked.has(index) ? LittleEndian.get(chunked.data, chunked.slot(index) + (inPage & (CHUNK_SIZE - 1)), size)
                    : 0;
        }
        return PhysicalMemory.super.readUnsigned(physicalAddress, size);
    }

    /**
     * Writes in place when the value lies in one chunk that is already stored (or is zero where
     * nothing is): the common case of a field write, without a buffer. Anything else, a chunk to
     * add or a frame to flatten, takes the general path.
     */
    @Override
    public void writeUnsigned(long physicalAddress, int size, long value) {
        if (withinOneChunk(physicalAddress, size)) {
            int pfn = (int) (physicalAddress >>> PAGE_SHIFT);
            int inPage = (int) (physicalAddress & (PAGE_SIZE - 1));
            Object frame = frame(pfn);
            byte[] target = null;
            int at = inPage;
            if (frame instanceof byte[] flat) {
                target = flat;
            } else if (frame != null && ((ChunkedFrame) frame).has(inPage >>> CHUNK_SHIFT)) {
                ChunkedFrame chunked = (ChunkedFrame) frame;
                target = chunked.data;
                at = chunked.slot(inPage >>> CHUNK_SHIFT) + (inPage & (CHUNK_SIZE - 1));
            } else if (value != 0) {
                PhysicalMemory.super.writeUnsigned(physicalAddress, size, value);
                return;
            }
            generation++;
            if (isTableFrame(pfn) && (target == null || LittleEndian.get(target, at, size) != 0)) {
                tableGeneration++;
            }
            if (target != null) {
                LittleEndian.put(target, at, size, value);
            }
            return;
        }
        PhysicalMemory.super.writeUnsigned(physicalAddress, size, value);
    }

    private boolean withinOneChunk(long physicalAddress, int size) {
        return contains(physicalAddress) && (physicalAddress & (CHUNK_SIZE - 1)) + size <= CHUNK_SIZE;
    }

    private boolean isTableFrame(int pfn) {
        return (tableFrames[pfn >>> 6] & (1L << pfn)) != 0;
    }

    /** Copies a whole frame's contents (zeros when untouched); used by dump writers. */
    @Override
    public byte[] frame(long pageFrameNumber) {
        byte[] copy = new byte[PAGE_SIZE];
        read(pageFrameNumber << PAGE_SHIFT, copy, 0, PAGE_SIZE);
        return copy;
    }

    /** Skips the leaves no frame of which was written (most of RAM). */
    @Override
    public long nextTouched(long pageFrameNumber) {
        for (long pfn = Math.max(pageFrameNumber, 0); pfn < frameCount; pfn++) {
            if (frames[(int) (pfn >>> LEAF_SHIFT)] == null) {
                pfn = (((pfn >>> LEAF_SHIFT) + 1) << LEAF_SHIFT) - 1;
            } else if (frame((int) pfn) != null) {
                return pfn;
            }
        }
        return -1;
    }

    @Override
    public boolean isTouched(long pageFrameNumber) {
        return pageFrameNumber >= 0 && pageFrameNumber < frameCount && frame((int) pageFrameNumber) != null;
    }

    private static void readFrame(Object frame, int inPage, byte[] into, int offset, int length) {
        if (frame == null) {
            java.util.Arrays.fill(into, offset, offset + length, (byte) 0);
        } else if (frame instanceof byte[] flat) {
            System.arraycopy(flat, inPage, into, offset, length);
        } else {
            ChunkedFrame chunked = (ChunkedFrame) frame;
            while (length > 0) {
                int inChunk = inPage & (CHUNK_SIZE - 1);
                int run = Math.min(length, CHUNK_SIZE - inChunk);
                int index = inPage >>> CHUNK_SHIFT;
                if (chunked.has(index)) {
                    System.arraycopy(chunked.data, chunked.slot(index) + inChunk, into, offset, run);
                } else {
                    java.util.Arrays.fill(into, offset, offset + run, (byte) 0);
                }
                inPage += run;
                offset += run;
                length -= run;
            }
        }
    }

    /**
     * Writes within one frame. The chunks the write needs are added in one step (only those that
     * would receive something other than zeros); a frame that would hold most chunks turns flat.
     */
    private void writeFrame(int pfn, int inPage, byte[] from, int offset, int length) {
        Object frame = frame(pfn);
        if (!(frame instanceof byte[])) {
            ChunkedFrame chunked = (ChunkedFrame) frame;
            long needed = 0;
            for (int at = inPage, from0 = offset; at < inPage + length; ) {
                int run = Math.min(inPage + length - at, CHUNK_SIZE - (at & (CHUNK_SIZE - 1)));
                int index = at >>> CHUNK_SHIFT;
                if ((chunked == null || !chunked.has(index)) && !allZero(from, from0, run)) {
                    needed |= 1L << index;
                }
                at += run;
                from0 += run;
            }
            if (needed == 0 && chunked == null) {
                return;
            }
            if (chunked == null) {
                chunked = new ChunkedFrame();
                setFrame(pfn, chunked);
                touched++;
            }
            if (Long.bitCount(chunked.present | needed) >= FLAT_THRESHOLD) {
                frame = chunked.flatten();
                setFrame(pfn, frame);
            } else {
                if (needed != 0) {
                    chunked.add(needed);
                }
                for (int at = inPage; length > 0; ) {
                    int inChunk = at & (CHUNK_SIZE - 1);
                    int run = Math.min(length, CHUNK_SIZE - inChunk);
                    int index = at >>> CHUNK_SHIFT;
                    if (chunked.has(index)) {
                        System.arraycopy(from, offset, chunked.data, chunked.slot(index) + inChunk, run);
                    }
                    at += run;
                    offset += run;
                    length -= run;
                }
                return;
            }
        }
        System.arraycopy(from, offset, (byte[]) frame, inPage, length);
    }

    /** Eight bytes at a time: a run is at most one chunk long, too short for a vectorised compare to pay. */
    private static boolean allZero(byte[] bytes, int offset, int length) {
        int at = 0;
        for (; at + 8 <= length; at += 8) {
            if (LittleEndian.getLong(bytes, offset + at) != 0) {
                return false;
            }
        }
        for (; at < length; at++) {
            if (bytes[offset + at] != 0) {
                return false;
            }
        }
        return true;
    }

    private Object frame(int pfn) {
        Object[] leaf = frames[pfn >>> LEAF_SHIFT];
        return leaf == null ? null : leaf[pfn & (LEAF_SIZE - 1)];
    }

    private void setFrame(int pfn, Object frame) {
        Object[] leaf = frames[pfn >>> LEAF_SHIFT];
        if (leaf == null) {
            leaf = new Object[LEAF_SIZE];
            frames[pfn >>> LEAF_SHIFT] = leaf;
        }
        leaf[pfn & (LEAF_SIZE - 1)] = frame;
    }

    private void checkRange(long physicalAddress, int length) {
        if (length < 0 || physicalAddress < 0 || physicalAddress + length > size) {
            throw new PhysicalAddressException(physicalAddress);
        }
    }
}
