package dev.kdlab.memory;

import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * Hands out physical page frames. Frame numbers are drawn from a seeded generator so that they
 * are scattered over RAM as on a machine that has been running for a while, yet the same seed
 * gives the same frames. The first megabyte and any frames claimed with {@link #claim} are never
 * handed out.
 */
public final class FrameAllocator {
    private static final long FIRST_FREE_PFN = 0x100;   // below 1 MiB: firmware and real-mode leftovers

    private final long highestPfn;
    private final BitSet used;
    private final SplittableRandom random;
    private long inUse;

    public FrameAllocator(PhysicalMemory memory, long seed) {
        this.highestPfn = memory.highestPageFrameNumber();
        this.used = new BitSet((int) (highestPfn + 1));
        this.random = new SplittableRandom(seed);
    }

    /** Reserves a specific frame (for structures Windows places at known physical addresses). */
    public long claim(long pfn) {
        if (pfn > highestPfn || used.get((int) pfn)) {
            throw new IllegalStateException(String.format("frame %x is not free", pfn));
        }
        used.set((int) pfn);
        inUse++;
        return pfn;
    }

    /** A free frame chosen at random. */
    public long allocate() {
        if (inUse >= highestPfn - FIRST_FREE_PFN) {
            throw new IllegalStateException("out of physical memory");
        }
        while (true) {
            long pfn = random.nextLong(FIRST_FREE_PFN, highestPfn + 1);
            if (!used.get((int) pfn)) {
                used.set((int) pfn);
                inUse++;
                return pfn;
            }
        }
    }

    /** {@code count} physically contiguous free frames aligned to {@code alignment} frames (large pages). */
    public long allocateContiguous(int count, int alignment) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            long first = random.nextLong(FIRST_FREE_PFN, highestPfn + 2 - count) / alignment * alignment;
            if (first < FIRST_FREE_PFN) {
                continue;
            }
            int clash = used.nextSetBit((int) first);
            if (clash == -1 || clash >= first + count) {
                used.set((int) first, (int) first + count);
                inUse += count;
                return first;
            }
        }
        throw new IllegalStateException("no contiguous run of " + count + " frames");
    }

    public boolean isUsed(long pfn) {
        return pfn >= 0 && pfn <= highestPfn && used.get((int) pfn);
    }

    public long framesInUse() {
        return inUse;
    }
}
