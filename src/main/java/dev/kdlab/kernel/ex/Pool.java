package dev.kdlab.kernel.ex;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.memory.LittleEndian;

import java.nio.charset.StandardCharsets;

/**
 * A pool region (nonpaged or paged) with a bump allocator. Every block starts with a
 * {@code _POOL_HEADER} carrying its size in 16-byte units, its pool type and its four-letter tag,
 * which is what {@code !pool} and pool scanners read.
 */
public final class Pool {
    public static final int NON_PAGED_POOL_NX = 2;   // the PoolType byte a live Proc block shows
    public static final int PAGED_POOL = 3;
    private static final int PAGE = 0x1000;
    private static final int HEADER = 0x10;
    private static final int FRAGMENT = 0x10;

    private final KernelSpace kernel;
    private final int poolType;
    private long next;
    private long mappedEnd;

    public Pool(KernelSpace kernel, long base, int poolType) {
        this.kernel = kernel;
        this.poolType = poolType;
        this.next = base;
        this.mappedEnd = base;
    }

    /**
     * A block of {@code size} bytes after its pool header; returns the address just past the header.
     * Blocks of a page or more start on a page boundary, as the big-pool allocator places them.
     */
    public long allocate(String tag, long size) {
        return allocate(tag, size, NOTHING);
    }

    /**
     * A block whose first bytes (after the pool header) the caller already has: header and those
     * bytes go to memory in one write. Returns the address just past the header.
     */
    public long allocate(String tag, long size, byte[] leading) {
        long total = align(HEADER + size, 16);
        if (total >= PAGE / 2 || (next & (PAGE - 1)) + total > PAGE) {
            // Large blocks start one small fragment into a page, as they do on a used pool.
            next = align(next, PAGE) + (total >= PAGE / 2 ? FRAGMENT : 0);
        }
        long block = next;
        next += total;
        ensureMapped(next);
        byte[] bytes = new byte[HEADER + leading.length];
        LittleEndian.put(bytes, 2, 1, Math.min(total / 16, 0xff));   // BlockSize
        LittleEndian.put(bytes, 3, 1, poolType);                       // PoolType
        LittleEndian.put(bytes, 4, 4, tagValue(tag));                  // PoolTag
        System.arraycopy(leading, 0, bytes, HEADER, leading.length);
        kernel.write(block, bytes);
        return block + HEADER;
    }

    private static final byte[] NOTHING = new byte[0];

    /** Where {@link #allocate} would put a block of {@code size} bytes now (the address past its header). */
    public long peekNext(long size) {
        long total = align(HEADER + size, 16);
        long at = next;
        if (total >= PAGE / 2 || (at & (PAGE - 1)) + total > PAGE) {
            at = align(at, PAGE) + (total >= PAGE / 2 ? FRAGMENT : 0);
        }
        return at + HEADER;
    }

    /** Whole zeroed pages without a header, for page-sized structures (handle table levels, say). */
    public long allocatePages(int pages) {
        next = align(next, PAGE);
        long start = next;
        next += (long) pages * PAGE;
        ensureMapped(next);
        return start;
    }

    /** Leaves a gap, as freed blocks between live ones leave on a running machine. */
    public void skip(long bytes) {
        next = align(next + bytes, 16);
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
