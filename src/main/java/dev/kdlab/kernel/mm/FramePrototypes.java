package dev.kdlab.kernel.mm;

import java.util.Arrays;

/**
 * Which prototype PTE describes each image frame, and every pair in the order the segments were
 * made. The PFN database asks for one frame per valid PTE of every address space it scans, so the
 * lookup is an open-addressed table of plain longs rather than a map of boxed ones.
 */
final class FramePrototypes {
    /** Visits one pair: a prototype PTE's address and the frame it holds. */
    @FunctionalInterface
    interface Visitor {
        void prototype(long prototypePte, long pfn);
    }

    private static final long EMPTY = -1;   // frame numbers are never negative

    private long[] frames = emptyTable(1024);
    private long[] prototypes = new long[1024];
    private int used;
    private long[] pairs = new long[256];   // prototype, frame, prototype, frame ...
    private int pairCount;

    /** Records a segment page; a frame met again is described by its latest prototype PTE. */
    void put(long pfn, long prototypePte) {
        if (2 * (used + 1) > frames.length) {
            rehash(frames.length * 2);
        }
        if (insert(pfn, prototypePte)) {
            used++;
        }
        if (2 * pairCount + 2 > pairs.length) {
            pairs = Arrays.copyOf(pairs, pairs.length * 2);
        }
        pairs[2 * pairCount] = prototypePte;
        pairs[2 * pairCount + 1] = pfn;
        pairCount++;
    }

    /** The prototype PTE of a frame (a kernel address), or 0 for a frame that is no image page. */
    long prototypeOf(long pfn) {
        int mask = frames.length - 1;
        for (int at = hash(pfn) & mask; frames[at] != EMPTY; at = (at + 1) & mask) {
            if (frames[at] == pfn) {
                return prototypes[at];
            }
        }
        return 0;
    }

    void forEach(Visitor visitor) {
        for (int i = 0; i < pairCount; i++) {
            visitor.prototype(pairs[2 * i], pairs[2 * i + 1]);
        }
    }

    /** Adds or replaces; true when the frame is new. */
    private boolean insert(long pfn, long prototypePte) {
        int mask = frames.length - 1;
        int at = hash(pfn) & mask;
        while (frames[at] != EMPTY && frames[at] != pfn) {
            at = (at + 1) & mask;
        }
        boolean added = frames[at] == EMPTY;
        frames[at] = pfn;
        prototypes[at] = prototypePte;
        return added;
    }

    private void rehash(int capacity) {
        long[] oldFrames = frames;
        long[] oldPrototypes = prototypes;
        frames = emptyTable(capacity);
        prototypes = new long[capacity];
        for (int i = 0; i < oldFrames.length; i++) {
            if (oldFrames[i] != EMPTY) {
                insert(oldFrames[i], oldPrototypes[i]);
            }
        }
    }

    private static long[] emptyTable(int capacity) {
        long[] table = new long[capacity];
        Arrays.fill(table, EMPTY);
        return table;
    }

    private static int hash(long pfn) {
        long h = pfn * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
