package dev.kdlab.memory;

import java.util.BitSet;

/**
 * A snapshot of the frames in use, numbered 0, 1, 2 ... in frame order, so that per-frame facts
 * can live in plain arrays of that size: the PFN database builder describes hundreds of thousands
 * of frames on a large machine, and a map keyed by frame number would cost more than the work.
 */
public final class UsedFrames {
    private final long[] words;
    private final int[] ranks;
    private final long[] frames;

    UsedFrames(BitSet used) {
        words = used.toLongArray();
        ranks = new int[words.length];
        frames = new long[used.cardinality()];
        int count = 0;
        for (int w = 0; w < words.length; w++) {
            ranks[w] = count;
            for (long bits = words[w]; bits != 0; bits &= bits - 1) {
                frames[count++] = 64L * w + Long.numberOfTrailingZeros(bits);
            }
        }
    }

    public int count() {
        return frames.length;
    }

    /** The frame with this number (frames ascend with their numbers). */
    public long frame(int index) {
        return frames[index];
    }

    /** The number of a frame in use, or -1 for a frame that is free or not RAM. */
    public int indexOf(long pfn) {
        int word = (int) (pfn >>> 6);
        if (pfn < 0 || word >= words.length || (words[word] & 1L << pfn) == 0) {
            return -1;
        }
        return ranks[word] + Long.bitCount(words[word] & ((1L << pfn) - 1));
    }
}
