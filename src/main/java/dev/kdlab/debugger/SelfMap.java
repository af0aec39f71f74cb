package dev.kdlab.debugger;

import dev.kdlab.memory.PageWalker;

/**
 * The virtual addresses of paging entries through the PTE self-map. nt!MmPteBase holds PTE_BASE;
 * applying the PTE formula to a PTE address gives its PDE, and so on up to the PXE (Windows 10
 * randomises the self-map slot, so the base must be read, never assumed).
 */
public final class SelfMap {
    private final long pteBase;

    public SelfMap(long pteBase) {
        this.pteBase = pteBase;
    }

    public static SelfMap of(Session session) throws dev.kdlab.memory.MemoryAccessException {
        return new SelfMap(session.kernel().readLong(session.symbolOrZero("MmPteBase")));
    }

    public long pteAddress(long virtualAddress) {
        return PageWalker.canonical(pteBase + ((virtualAddress >>> 9) & 0x7f_ffff_fff8L));
    }

    /** Entry addresses for PXE, PPE, PDE, PTE, in that order. */
    public long[] entryAddresses(long virtualAddress) {
        long pte = pteAddress(virtualAddress);
        long pde = pteAddress(pte);
        long ppe = pteAddress(pde);
        long pxe = pteAddress(ppe);
        return new long[] {pxe, ppe, pde, pte};
    }

    /** Whether an address lies in the page-table region (then !pte takes it as a PTE address). */
    public boolean isPageTableAddress(long address) {
        return Long.compareUnsigned(address, pteBase) >= 0
                && Long.compareUnsigned(address, pteBase + (1L << 39)) < 0;
    }

    /** The virtual address a PTE (at this address in the self-map) maps. */
    public long mappedBy(long pteAddress) {
        return PageWalker.canonical((pteAddress - pteBase) << 9);
    }
}
