package dev.kdlab.kernel.ex;

import dev.kdlab.kernel.KernelSpace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
    private final long base;
    private long next;
    private long mappedEnd;
    private final List<BigPage> bigPages = new ArrayList<>();

    /** A block of a page or more, as nt!PoolBigPageTable tracks it: its page, tag and size. */
    public record BigPage(long va, long tag, long bytes, int poolType) {
    }

    public Pool(KernelSpace kernel, long base, int poolType) {
        this.kernel = kernel;
        this.poolType = poolType;
        this.base = base;
        this.next = base;
        this.mappedEnd = base;
    }

    /**
     * A block of {@code size} bytes after its pool header; returns the address just past the header.
     * Blocks of a page or more start on a page boundary, as the big-pool allocator places them.
     */
    public long allocate(String tag, long size) {
        long total = align(HEADER + size, 16);
        if (total >= PAGE / 2 || (next & (PAGE - 1)) + total > PAGE) {
            // Large blocks start one small fragment into a page, as they do on a used pool.
            next = align(next, PAGE) + (total >= PAGE / 2 ? FRAGMENT : 0);
        }
        long block = next;
        next += total;
        ensureMapped(next);
        kernel.batch("_POOL_HEADER", block)
                .put("BlockSize", Math.min(total / 16, 0xff))
                .put("PoolType", poolType)
                .put("PoolTag", tagValue(tag))
                .flush();
        if (total >= PAGE) {
            bigPages.add(new BigPage(block & -PAGE, tagValue(tag), total, poolType));
        }
        return block + HEADER;
    }

    /** The blocks of a page or more handed out so far, in allocation order. */
    public List<BigPage> bigPages() {
        return Collections.unmodifiableList(bigPages);
    }

    /** The pages the pool has taken up so far (MmAllocatedNonPagedPool, MmPagedPoolCommit). */
    public long pagesInUse() {
        return (align(next, PAGE) - (base & -PAGE)) / PAGE;
    }

    public int poolType() {
        return poolType;
    }

    /** Whole zeroed pages without a header, for page-sized structures (handle table levels, say). */
    public long allocatePages(int pages) {
        next = align(next, PAGE);
        long start = next;
        next += (long) pages * PAGE;
        ensureMapped(next);
        return start;
    }

    /**
     * ExFreePool: the block's header says free (PoolType 0) and keeps its size and tag; its bytes
     * stay as they were until the pool hands them out again, which is what pool scanners find.
     */
    public void free(long address) {
        kernel.struct("_POOL_HEADER", address - HEADER).put("PoolType", 0);
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
