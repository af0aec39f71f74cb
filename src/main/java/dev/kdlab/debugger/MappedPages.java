package dev.kdlab.debugger;

import dev.kdlab.memory.PageTableScan;
import dev.kdlab.memory.PagingLevel;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.Pte;

import java.util.ArrayList;
import java.util.List;

/**
 * The valid leaf entries of an address space's page tables (4 KiB PTEs, 2 MiB PDEs, 1 GiB PDPTEs),
 * in address order, found by scanning the tables rather than by translating page after page, so
 * that a search over the whole user half (128 TB) or a physical-to-virtual map costs what the
 * tables hold. Only valid entries count: what the processor could read without a fault.
 */
public final class MappedPages {

    /** [virtualAddress, virtualAddress + size) maps [physicalAddress, physicalAddress + size). */
    public record Mapping(long virtualAddress, long physicalAddress, long size) {
        public long end() {
            return virtualAddress + size;
        }
    }

    private MappedPages() {
    }

    /**
     * The mappings under {@code directoryTableBase} that overlap [from, toInclusive]; the PML4 slot
     * {@code selfMapSlot} is not descended into (-1 descends into every slot, so that the page
     * tables themselves appear at their self-map addresses).
     */
    public static List<Mapping> overlapping(PhysicalMemory physical, long directoryTableBase, long from, long toInclusive,
                                            int selfMapSlot) {
        List<Mapping> mappings = new ArrayList<>();
        int firstSlot = PagingLevel.PXE.index(from);
        int lastSlot = PagingLevel.PXE.index(toInclusive);
        if (Long.compareUnsigned(from, toInclusive) > 0 || firstSlot > lastSlot) {
            return mappings;
        }
        new PageTableScan(physical).scan(directoryTableBase, firstSlot, lastSlot, selfMapSlot,
                (level, va, entryAddress, entry) -> {
                    boolean leaf = level == PagingLevel.PTE || level.allowsLargePage() && Pte.isLarge(entry);
                    if (!leaf || !Pte.isValid(entry)) {
                        return;
                    }
                    long size = level == PagingLevel.PTE ? PhysicalMemory.PAGE_SIZE : level.largePageSize();
                    long last = va + size - 1;
                    if (Long.compareUnsigned(last, from) >= 0 && Long.compareUnsigned(va, toInclusive) <= 0) {
                        mappings.add(new Mapping(va, entry & Pte.PFN_MASK & -size, size));
                    }
                });
        return mappings;
    }
}
