package dev.kdlab.memory;

import java.util.Arrays;

/**
 * Visits every non-zero entry of a tree of paging structures, top down, as the memory manager's
 * own walks over a process's tables do (building the PFN database, trimming a working set). Each
 * table is read from physical memory once, as a whole page, so that a scan over thousands of
 * address spaces stays cheap. Valid non-large entries are descended into; the entries of the
 * PTE self-map slot are reported but never followed (they lead back to the tables themselves).
 */
public final class PageTableScan {
    private static final PagingLevel[] LEVELS = PagingLevel.values();
    private static final byte[] ZERO_TABLE = new byte[PhysicalMemory.PAGE_SIZE];

    /** Receives one entry: its level, the first virtual address it covers, where it sits, what it holds. */
    @FunctionalInterface
    public interface Visitor {
        void entry(PagingLevel level, long virtualAddress, long entryAddress, long entry);
    }

    private final PhysicalMemory memory;
    private final byte[][] tables = new byte[LEVELS.length][PhysicalMemory.PAGE_SIZE];

    public PageTableScan(PhysicalMemory memory) {
        this.memory = memory;
    }

    /**
     * Scans the PML4 slots {@code firstSlot..lastSlot} (inclusive) under {@code directoryTableBase};
     * {@code selfMapSlot} is reported but not descended into (pass -1 when there is none in range).
     */
    public void scan(long directoryTableBase, int firstSlot, int lastSlot, int selfMapSlot, Visitor visitor) {
        long pml4 = directoryTableBase & Pte.PFN_MASK;
        byte[] table = tables[0];
        memory.read(pml4, table, 0, table.length);
        for (int slot = firstSlot; slot <= lastSlot; slot++) {
            long entry = LittleEndian.getLong(table, 8 * slot);
            if (entry == 0) {
                continue;
            }
            long va = PageWalker.canonical((long) slot << PagingLevel.PXE.shift());
            visitor.entry(PagingLevel.PXE, va, pml4 + 8L * slot, entry);
            if (slot != selfMapSlot && Pte.isValid(entry)) {
                descend(1, entry & Pte.PFN_MASK, va, visitor);
            }
        }
    }

    /**
     * The index of the first non-zero entry at or after {@code from}, or -1. Tables are mostly empty;
     * a vectorised compare against a zero page skips the empty stretches.
     */
    public static int nextInUse(byte[] table, int from) {
        int start = 8 * from;
        int mismatch = Arrays.mismatch(table, start, table.length, ZERO_TABLE, start, table.length);
        return mismatch < 0 ? -1 : (start + mismatch) / 8;
    }

    /** How many entries of a table are in use (not zero). */
    public static int entriesInUse(byte[] table) {
        int count = 0;
        for (int index = nextInUse(table, 0); index >= 0; index = nextInUse(table, index + 1)) {
            count++;
        }
        return count;
    }

    /** Scans one table (and what it leads to) at {@code level}, covering memory from {@code firstVirtualAddress}. */
    public void scanTable(PagingLevel level, long tablePhysicalAddress, long firstVirtualAddress, Visitor visitor) {
        descend(level.ordinal(), tablePhysicalAddress, firstVirtualAddress, visitor);
    }

    private void descend(int depth, long tableAddress, long firstVa, Visitor visitor) {
        if (!memory.contains(tableAddress + PhysicalMemory.PAGE_SIZE - 1)) {
            return;
        }
        PagingLevel level = LEVELS[depth];
        byte[] table = tables[depth];
        memory.read(tableAddress, table, 0, table.length);
        for (int index = nextInUse(table, 0); index >= 0; index = nextInUse(table, index + 1)) {
            long entry = LittleEndian.getLong(table, 8 * index);
            long va = firstVa + ((long) index << level.shift());
            visitor.entry(level, va, tableAddress + 8L * index, entry);
            boolean leaf = level == PagingLevel.PTE || level.allowsLargePage() && Pte.isLarge(entry);
            if (!leaf && Pte.isValid(entry)) {
                descend(depth + 1, entry & Pte.PFN_MASK, va, visitor);   // one buffer per level: ours stays intact
            }
        }
    }
}
