package dev.kdlab.exercises.checks;

import dev.kdlab.exercises.Reads;

/**
 * An x64 four-level translation done by hand with physical reads, each entry written down (Intel SDM
 * vol. 3, 4.5): indexes are VA bits 47-39, 38-30, 29-21, 20-12; each entry's frame is bits 12-51; a PS
 * bit (7) in a PDPTE or PDE ends the walk at a 1 GB or 2 MB page.
 */
record PageWalk(long physical, long pageSize, long lastEntry, long lastEntryAddress) {
    static final long FRAME = 0x000f_ffff_ffff_f000L;
    private static final String[] LEVELS = {"PML4E", "PDPTE", "PDE", "PTE"};
    private static final int[] SHIFTS = {39, 30, 21, 12};
    private static final long VALID = 1;
    private static final long LARGE = 1L << 7;

    static PageWalk of(Reads r, long directoryTableBase, long virtualAddress) {
        long table = directoryTableBase & FRAME;
        r.note("table root = DirectoryTableBase %s & ~0xfff = %s", Reads.hex(directoryTableBase), Reads.hex(table));
        for (int level = 0; level < LEVELS.length; level++) {
            long index = virtualAddress >>> SHIFTS[level] & 0x1ff;
            long entryAddress = table + index * 8;
            r.note("%s index = (VA >> %d) & 0x1ff = 0x%x, entry at %s + 0x%x * 8", LEVELS[level], SHIFTS[level], index,
                    Reads.hex(table), index);
            long entry = r.physical(entryAddress);
            if ((entry & VALID) == 0) {
                throw new IllegalStateException(LEVELS[level] + " not valid for " + Reads.hex(virtualAddress));
            }
            if ((level == 1 || level == 2) && (entry & LARGE) != 0) {
                long size = 1L << SHIFTS[level];
                long physical = (entry & FRAME & ~(size - 1)) + (virtualAddress & (size - 1));
                r.note("PS (bit 7) set: a %s page; physical = (entry & frame) + (VA & 0x%x) = %s",
                        size == 0x200000 ? "2 MB" : "1 GB", size - 1, Reads.hex(physical));
                return new PageWalk(physical, size, entry, entryAddress);
            }
            table = entry & FRAME;
            if (level == 3) {
                long physical = table + (virtualAddress & 0xfff);
                r.note("physical = frame %s + byte offset 0x%x = %s", Reads.hex(table), virtualAddress & 0xfff,
                        Reads.hex(physical));
                return new PageWalk(physical, 0x1000, entry, entryAddress);
            }
        }
        throw new AssertionError();
    }

    long pfn() {
        return physical >>> 12;
    }
}
