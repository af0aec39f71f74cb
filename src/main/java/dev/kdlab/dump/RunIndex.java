package dev.kdlab.dump;

import java.util.Arrays;
import java.util.List;

/** DumpType 1: the runs' pages follow the header back to back, run 0 first (crashdump-format.md 2.3). */
final class RunIndex implements PageIndex {
    private final long[] bases;
    private final long[] ends;
    /** The file offset of each run's first page. */
    private final long[] offsets;
    private final long present;

    RunIndex(List<PresentFrames.Run> runs) {
        bases = new long[runs.size()];
        ends = new long[runs.size()];
        offsets = new long[runs.size()];
        long pages = 0;
        for (int i = 0; i < runs.size(); i++) {
            bases[i] = runs.get(i).basePage();
            ends[i] = runs.get(i).endPage();
            offsets[i] = DumpLayout.HEADER_SIZE + pages * DumpLayout.PAGE_SIZE;
            pages += runs.get(i).pageCount();
        }
        present = pages;
    }

    /** The bytes the pages need after the header. */
    long pageBytes() {
        return present * DumpLayout.PAGE_SIZE;
    }

    @Override
    public long fileOffset(long pfn) {
        int at = Arrays.binarySearch(bases, pfn);
        int run = at >= 0 ? at : -at - 2;
        if (run < 0 || pfn >= ends[run]) {
            return -1;
        }
        return offsets[run] + (pfn - bases[run]) * DumpLayout.PAGE_SIZE;
    }

    @Override
    public long nextPresent(long pfn) {
        long from = Math.max(pfn, 0);
        int at = Arrays.binarySearch(bases, from);
        int run = at >= 0 ? at : -at - 2;
        if (run >= 0 && from < ends[run]) {
            return from;
        }
        return run + 1 < bases.length ? bases[run + 1] : -1;
    }

    @Override
    public long frameCount() {
        return ends.length == 0 ? 0 : ends[ends.length - 1];
    }

    @Override
    public long presentCount() {
        return present;
    }
}
