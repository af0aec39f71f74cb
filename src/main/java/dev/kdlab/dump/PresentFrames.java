package dev.kdlab.dump;

import dev.kdlab.memory.PhysicalMemory;

import java.util.ArrayList;
import java.util.List;

/**
 * The frames a dump stores: one bit per frame of physical memory, set where the memory holds data
 * (written on the live machine, present in a dump being dumped again). Frames that hold nothing
 * read as zeros and are left out, as a kernel dump leaves out free pages.
 */
final class PresentFrames {
    /** A stretch of present frames: {@code PHYSICAL_MEMORY_RUN64} {BasePage, PageCount}. */
    record Run(long basePage, long pageCount) {
        long endPage() {
            return basePage + pageCount;
        }
    }

    private final long[] words;
    private final long frameCount;
    private final long present;

    private PresentFrames(long[] words, long frameCount) {
        this.words = words;
        this.frameCount = frameCount;
        long count = 0;
        for (long word : words) {
            count += Long.bitCount(word);
        }
        this.present = count;
    }

    static PresentFrames of(PhysicalMemory memory) throws DumpWriteException {
        long frames = (memory.size() + DumpLayout.PAGE_SIZE - 1) / DumpLayout.PAGE_SIZE;
        if (frames > DumpLayout.MAX_BITMAP_BITS) {
            throw new DumpWriteException(String.format("physical memory of 0x%x frames is more than a dump bitmap "
                    + "covers (0x%x)", frames, DumpLayout.MAX_BITMAP_BITS));
        }
        long[] words = new long[(int) ((frames + 63) / 64)];
        for (long pfn = memory.nextTouched(0); pfn >= 0 && pfn < frames; pfn = memory.nextTouched(pfn + 1)) {
            words[(int) (pfn >>> 6)] |= 1L << pfn;
        }
        return new PresentFrames(words, frames);
    }

    /** How many frames the memory spans (the bitmap's bits before rounding). */
    long frameCount() {
        return frameCount;
    }

    /** How many frames hold data. */
    long presentCount() {
        return present;
    }

    boolean isPresent(long pfn) {
        return pfn >= 0 && pfn < frameCount && (words[(int) (pfn >>> 6)] & 1L << pfn) != 0;
    }

    /** The first present frame at or after {@code pfn}, or -1. */
    long nextPresent(long pfn) {
        if (pfn < 0 || pfn >= frameCount) {
            return -1;
        }
        int index = (int) (pfn >>> 6);
        long word = words[index] & -1L << pfn;
        while (word == 0) {
            if (++index == words.length) {
                return -1;
            }
            word = words[index];
        }
        return (long) index * 64 + Long.numberOfTrailingZeros(word);
    }

    /** The runs of present frames, ascending; stops counting past {@code limit} (then the list has limit + 1 runs). */
    List<Run> runs(int limit) {
        List<Run> runs = new ArrayList<>();
        long pfn = nextPresent(0);
        while (pfn >= 0 && runs.size() <= limit) {
            long end = pfn;
            while (end < frameCount && isPresent(end)) {
                end++;
            }
            runs.add(new Run(pfn, end - pfn));
            pfn = end < frameCount ? nextPresent(end) : -1;
        }
        return runs;
    }

    /**
     * The bitmap as a dump stores it: bit (pfn & 7) of byte (pfn >> 3), {@code bits} bits (a multiple
     * of 64, padding bits zero: LeechCore walks whole 64-bit words, crashdump-format.md 4).
     */
    byte[] bitmap(long bits) {
        byte[] bitmap = new byte[(int) (bits / 8)];
        for (int w = 0; w < words.length; w++) {
            for (int b = 0; b < 8; b++) {
                bitmap[8 * w + b] = (byte) (words[w] >>> (8 * b));
            }
        }
        return bitmap;
    }
}
