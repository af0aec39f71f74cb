package dev.kdlab.kernel.mm;

import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.PageMapper;
import dev.kdlab.memory.PageWalker;
import dev.kdlab.memory.PagingLevel;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.Pte;

/**
 * Maps a run of pages the way MiMapViewOfImageSection fills a page table: the tables above are
 * made once per page table (by the first page of the run that falls in it), then the PTEs of
 * the run are written together. An image view of hundreds of pages is a few writes, not hundreds.
 */
public final class PteRun {
    private static final int PAGE = PhysicalMemory.PAGE_SIZE;
    private static final int ENTRIES = 512;

    private PteRun() {
    }

    public static void map(PageMapper mapper, long directoryTableBase, long address, long[] frames, long flags) {
        int i = 0;
        while (i < frames.length) {
            long first = address + (long) i * PAGE;
            mapper.map(directoryTableBase, first, frames[i], flags);
            long pte = PageWalker.walk(mapper.memory(), directoryTableBase, first).last().entryAddress();
            int run = Math.min(frames.length - i, ENTRIES - PagingLevel.PTE.index(first));
            if (run > 1) {
                byte[] entries = new byte[8 * (run - 1)];
                for (int j = 1; j < run; j++) {
                    LittleEndian.putLong(entries, 8 * (j - 1), Pte.make(frames[i + j], flags));
                }
                mapper.memory().write(pte + 8, entries, 0, entries.length);
            }
            i += run;
        }
    }
}
