package dev.kdlab.memory;

import java.util.ArrayList;
import java.util.List;

/** Walks the four-level x64 tables in physical memory, one table-driven loop for all levels. */
public final class PageWalker {
    private static final PagingLevel[] LEVELS = PagingLevel.values();

    private PageWalker() {
    }

    public static boolean isCanonical(long virtualAddress) {
        long top = virtualAddress >> 47;
        return top == 0 || top == -1;
    }

    /** Sign-extends bit 47 the way the CPU demands of a canonical address. */
    public static long canonical(long virtualAddress) {
        return virtualAddress << 16 >> 16;
    }

    /** The full walk, stopping at the first not-valid entry. Never throws for a page fault. */
    public static PageWalk walk(PhysicalMemory memory, long directoryTableBase, long virtualAddress) {
        List<PageWalk.Step> steps = new ArrayList<>(4);
        long table = directoryTableBase & Pte.PFN_MASK;
        for (PagingLevel level : LEVELS) {
            long entryAddress = table + 8L * level.index(virtualAddress);
            long entry = memory.contains(entryAddress) ? memory.readTableEntry(entryAddress) : 0;
            steps.add(new PageWalk.Step(level, entryAddress, entry));
            if (!Pte.isValid(entry)) {
                return new PageWalk(directoryTableBase, virtualAddress, List.copyOf(steps), -1, level);
            }
            if (level.allowsLargePage() && Pte.isLarge(entry)) {
                long frameBase = entry & Pte.PFN_MASK & -level.largePageSize();
                long physical = frameBase | (virtualAddress & (level.largePageSize() - 1));
                return new PageWalk(directoryTableBase, virtualAddress, List.copyOf(steps), physical, null);
            }
            table = entry & Pte.PFN_MASK;
        }
        long physical = table | (virtualAddress & (PhysicalMemory.PAGE_SIZE - 1));
        return new PageWalk(directoryTableBase, virtualAddress, List.copyOf(steps), physical, null);
    }

    /** Just the physical address: the fast path, without recording the steps. */
    public static long translate(PhysicalMemory memory, long directoryTableBase, long virtualAddress)
            throws PageFaultException {
        if (!isCanonical(virtualAddress)) {
            throw new PageFaultException(virtualAddress, null);
        }
        long table = directoryTableBase & Pte.PFN_MASK;
        for (PagingLevel level : LEVELS) {
            long entryAddress = table + 8L * level.index(virtualAddress);
            long entry = memory.contains(entryAddress) ? memory.readTableEntry(entryAddress) : 0;
            if (!Pte.isValid(entry)) {
                throw new PageFaultException(virtualAddress, walk(memory, directoryTableBase, virtualAddress));
            }
            if (level.allowsLargePage() && Pte.isLarge(entry)) {
                return (entry & Pte.PFN_MASK & -level.largePageSize())
                        | (virtualAddress & (level.largePageSize() - 1));
            }
            table = entry & Pte.PFN_MASK;
        }
        return table | (virtualAddress & (PhysicalMemory.PAGE_SIZE - 1));
    }
}
