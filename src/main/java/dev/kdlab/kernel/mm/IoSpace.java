package dev.kdlab.kernel.mm;

import dev.kdlab.kernel.AddressPlan;
import dev.kdlab.kernel.KernelSpace;

import dev.kdlab.memory.PagingLevel;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.Pte;

/**
 * Device memory mapped into the kernel half. The display adapter's 64-bit prefetchable BAR (a 1 GiB
 * frame-buffer aperture the firmware put above RAM) is mapped by its driver with MmMapIoSpaceEx;
 * the memory manager uses the largest page the alignment allows, here one 1 GiB PDPT entry, in the
 * system PTE region (the PML4 slot kernel stacks come from). It is I/O space, not RAM: no PFN
 * database entry describes it and physical reads of it return nothing, as in a crash dump.
 */
public final class IoSpace {
    /** 256 GiB: where firmware commonly places 64-bit BARs, far above installed RAM. */
    static final long FRAME_BUFFER_PHYSICAL = 0x40_0000_0000L;
    private static final long HUGE_PAGE = PagingLevel.PPE.largePageSize();
    /** Uncached device memory: valid, writable, dirty, accessed, global, no-execute, cache disabled. */
    private static final long DEVICE_FLAGS = Pte.VALID | Pte.WRITE | Pte.ACCESSED | Pte.DIRTY | Pte.GLOBAL
            | Pte.NO_EXECUTE | Pte.CACHE_DISABLE;

    private IoSpace() {
    }

    /** Maps the aperture with one huge page; returns its virtual address. */
    public static long MmMapIoSpaceEx(KernelSpace space, AddressPlan plan) {
        long va = frameBufferAddress(plan);
        space.mapper().mapLarge(space.memory().directoryTableBase(), va, PagingLevel.PPE,
                FRAME_BUFFER_PHYSICAL >>> PhysicalMemory.PAGE_SHIFT, DEVICE_FLAGS);
        return va;
    }

    /**
     * A 1 GiB-aligned address half a PML4 slot away from where kernel stacks grow, so the two never
     * meet; the slot's PDPT exists from boot, so the mapping costs no new table.
     */
    static long frameBufferAddress(AddressPlan plan) {
        long stacks = plan.kernelStacks();
        long slotBase = stacks & -(1L << PagingLevel.PXE.shift());
        int stackGiB = PagingLevel.PPE.index(stacks);
        return slotBase + (((stackGiB + 0x100L) & 0x1ff) * HUGE_PAGE);
    }
}
