package dev.kdlab.memory;

import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * Hands out physical page frames. Frame numbers are drawn from a seeded generator so that they
 * are scattered over RAM as on a machine that has been running for a while, yet the same seed
 * gives the same frames. The first megabyte and any frames claimed with {@link #claim} are never
 * handed out.
 *
 * <p>Frames come in shuffled order out of runs of {@value #RUN} neighbouring frames, each run at a
 * random place in RAM, the way a free list handed back in chunks looks. The locality matters: the
 * PFN database maps only the pages of its array that describe frames in use, and scattering every
 * frame on its own would give nearly every used frame a database page of its own.
 */
public final class FrameAllocator {
    private static final long FIRST_FREE_PFN = 0x100;   // below 1 MiB: firmware and real-mode leftovers
    private static final int RUN = 64;

    private final long highestPfn;
    private final BitSet used;
    private final SplittableRandom random;
    private long inUse;
    /** The frames of the current run not handed out yet, in the order they will be; {@code runLeft} of them remain. */
    private final long[] run = new long[RUN];
    private int runLeft;

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

    /** A free frame: the next one of the current run, or of a new run at a random place. */
    public long allocate() {
        if (inUse >= highestPfn - FIRST_FREE_PFN) {
            throw new IllegalStateException("out of physical memory");
        }
        while (true) {
            while (runLeft == 0) {
                startRun();
            }
            long pfn = run[--runLeft];
            if (!used.get((int) pfn)) {
                used.set((int) pfn);
                inUse++;
                return pfn;
            }
        }
    }

    /**
     * The frame {@link #allocate} hands out next, left free: what a frame freed a moment ago looks
     * like (the next allocation takes it again). Peeking does not change which frames come next.
     */
    public long peek() {
        while (true) {
            while (runLeft == 0) {
                startRun();
            }
            long pfn = run[runLeft - 1];
            if (!used.get((int) pfn)) {
                return pfn;
            }
            runLeft--;   // taken by claim since the run began: allocate would skip it too
        }
    }

    /** Picks a run-aligned stretch at random and shuffles its free frames (Fisher-Yates). */
    private void startRun() {
        long first = random.nextLong(FIRST_FREE_PFN / RUN, (highestPfn + 1) / RUN) * RUN;
        for (int i = 0; i < RUN; i++) {
            if (!used.get((int) (first + i))) {
                int j = random.nextInt(runLeft + 1);
                run[runLeft] = run[j];
                run[j] = first + i;
                runLeft++;
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

    /** Gives a frame back (a page written to the page file and dropped from memory). */
    public void release(long pfn) {
        if (!isUsed(pfn)) {
            throw new IllegalStateException(String.format("frame %x is not in use", pfn));
        }
        used.clear((int) pfn);
        inUse--;
    }

    /** The first frame in use at or above {@code pfn}, or -1: for sweeping every used frame. */
    public long nextUsed(long pfn) {
        return pfn > highestPfn ? -1 : used.nextSetBit((int) pfn);
    }

    /** The frames in use now, numbered in frame order. */
    public UsedFrames usedFrames() {
        return new UsedFrames(used);
    }

    public boolean isUsed(long pfn) {
        return pfn >= 0 && pfn <= highestPfn && used.get((int) pfn);
    }

    public long framesInUse() {
        return inUse;
    }
}
