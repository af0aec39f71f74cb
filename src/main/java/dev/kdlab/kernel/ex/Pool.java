package dev.kdlab.kernel.ex;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.memory.LittleEndian;

import java.nio.charset.StandardCharsets;

/**
 * A pool region (nonpaged or paged) with a bump allocator, laid out so a page can be walked as
 * {@code !pool} walks it. A small block starts with a {@code _POOL_HEADER} carrying its size and
 * the previous block's (in 16-byte units), its pool type and its four-letter tag; blocks follow one
 * another from the start of a page, and what is left at the end of a page when the next block does
 * not fit becomes a free block. An allocation of a page or more is a big-pool allocation: it starts
 * on a page boundary with no header, and nt!PoolBigPageTable records its address, tag and size
 * ({@link BigPoolTable}).
 */
public final class Pool {
    public static final int NON_PAGED_POOL_NX = 2;   // the PoolType byte a live Proc block shows
    public static final int PAGED_POOL = 3;
    private static final int PAGE = 0x1000;
    private static final int HEADER = 0x10;
    private static final int FRAGMENT = 0x10;
    private static final byte[] NOTHING = new byte[0];

    private final KernelSpace kernel;
    private final int poolType;
    private final long base;
    private long next;
    private long mappedEnd;
    /** The size (in 16-byte units) of the last block in the page {@link #next} is in; 0 at a page's start. */
    private long previousUnits;
    private BigPoolTable bigPages;

    public Pool(KernelSpace kernel, long base, int poolType) {
        this.kernel = kernel;
        this.poolType = poolType;
        this.base = base;
        this.next = base;
        this.mappedEnd = base;
    }

    /** The table big allocations are recorded in (nt!PoolBigPageTable), once it exists. */
    public void useBigPageTable(BigPoolTable table) {
        this.bigPages = table;
    }

    /** The pool type this region's headers carry. */
    public int poolType() {
        return poolType;
    }

    /**
     * A block of {@code size} bytes; returns the address just past its pool header (a big block,
     * which has none, at its page's start).
     */
    public long allocate(String tag, long size) {
        return allocate(tag, size, NOTHING);
    }

    /**
     * A block whose first bytes (after the pool header) the caller already has: header and those
     * bytes go to memory in one write. Returns where {@link #peekNext} said it would.
     */
    public long allocate(String tag, long size, byte[] leading) {
        if (HEADER + size >= PAGE) {
            long pages = (size + PAGE - 1) / PAGE;
            long start = allocatePages(tag, (int) pages);
            if (leading.length > 0) {
                kernel.write(start, leading);
            }
            return start;
        }
        long total = align(HEADER + size, 16);
        if (total >= PAGE / 2 || (next & (PAGE - 1)) + total > PAGE) {
            closePage();
            if (total >= PAGE / 2) {
                // A large small block starts one fragment into its page, as on a pool in use.
                ensureMapped(next + FRAGMENT);
                writeHeader(next, FRAGMENT / 16, 0, 0, 0);
                previousUnits = FRAGMENT / 16;
                next += FRAGMENT;
            }
        }
        long block = next;
        next += total;
        ensureMapped(next);
        byte[] bytes = new byte[HEADER + leading.length];
        header(bytes, total / 16, previousUnits, poolType, tagValue(tag));
        System.arraycopy(leading, 0, bytes, HEADER, leading.length);
        kernel.write(block, bytes);
        previousUnits = total / 16;
        if ((next & (PAGE - 1)) == 0) {
            previousUnits = 0;
        }
        return block + HEADER;
    }

    /** The pages the pool has taken up so far (MmAllocatedNonPagedPool, MmPagedPoolCommit). */
    public long pagesInUse() {
        return (align(next, PAGE) - (base & -PAGE)) / PAGE;
    }

    /**
     * ExFreePool: the block's header says free (PoolType 0) and keeps its size and tag; its bytes
     * stay as they were until the pool hands them out again, which is what pool scanners find.
     */
    public void free(long address) {
        kernel.struct("_POOL_HEADER", address - HEADER).put("PoolType", 0);
    }

    /** Where {@link #allocate} would put a block of {@code size} bytes now (the address it returns). */
    public long peekNext(long size) {
        if (HEADER + size >= PAGE) {
            return align(next, PAGE);
        }
        long total = align(HEADER + size, 16);
        long at = next;
        if (total >= PAGE / 2 || (at & (PAGE - 1)) + total > PAGE) {
            at = align(at, PAGE) + (total >= PAGE / 2 ? FRAGMENT : 0);
        }
        return at + HEADER;
    }

    /** Whole zeroed pages without a header, for page-sized structures (handle table levels, say): a big allocation. */
    public long allocatePages(String tag, int pages) {
        closePage();
        long start = next;
        next += (long) pages * PAGE;
        ensureMapped(next);
        if (bigPages != null) {
            bigPages.insert(start, tagValue(tag), poolType, (long) pages * PAGE);
        }
        return start;
    }

    /** The rest of the current page, if a block ended in it, becomes a free block; the next block starts a page. */
    private void closePage() {
        long used = next & (PAGE - 1);
        if (used != 0) {
            ensureMapped(next);
            writeHeader(next, (PAGE - used) / 16, previousUnits, 0, 0);
        }
        next = align(next, PAGE);
        previousUnits = 0;
    }

    private void writeHeader(long at, long units, long previous, int type, long tag) {
        byte[] bytes = new byte[HEADER];
        header(bytes, units, previous, type, tag);
        kernel.write(at, bytes);
    }

    /** _POOL_HEADER: PreviousSize, PoolIndex, BlockSize, PoolType (one byte each), PoolTag. */
    private static void header(byte[] bytes, long units, long previous, int type, long tag) {
        bytes[0] = (byte) Math.min(previous, 0xff);
        bytes[2] = (byte) Math.min(units, 0xff);
        bytes[3] = (byte) type;
        LittleEndian.put(bytes, 4, 4, tag);
    }

    private void ensureMapped(long end) {
        if (Long.compareUnsigned(end, mappedEnd) > 0) {
            long from = mappedEnd;
            long to = align(end, PAGE);
            kernel.mapData(from, (to - from) / PAGE);
            mappedEnd = to;
        }
    }

    /** Pool tags are four ASCII characters read as a little-endian ULONG ('Proc' = 0x636f7250). */
    public static long tagValue(String tag) {
        byte[] chars = tag.getBytes(StandardCharsets.US_ASCII);
        long value = 0;
        for (int i = 3; i >= 0; i--) {
            value = value << 8 | (i < chars.length ? chars[i] & 0xff : ' ');
        }
        return value;
    }

    private static long align(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }
}
