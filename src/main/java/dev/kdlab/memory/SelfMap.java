package dev.kdlab.memory;

/**
 * The virtual addresses of paging entries through the PTE self-map. nt!MmPteBase holds PTE_BASE;
 * applying the PTE formula to a PTE address gives its PDE, and so on up to the PXE (Windows 10
 * randomises the self-map slot, so the base must be read, never assumed). The kernel uses the
 * same arithmetic as MiGetPteAddress; the debugger uses it as kdexts' !pte does.
 */
public final class SelfMap {
    private static final long REGION = 1L << 39;

    private final long pteBase;

    public SelfMap(long pteBase) {
        this.pteBase = pteBase;
    }

    public long pteBase() {
        return pteBase;
    }

    public long pteAddress(long virtualAddress) {
        return PageWalker.canonical(pteBase + ((virtualAddress >>> 9) & 0x7f_ffff_fff8L));
    }

    /** The address of the entry at {@code level} on the walk of {@code virtualAddress}. */
    public long entryAddress(PagingLevel level, long virtualAddress) {
        long address = pteAddress(virtualAddress);
        for (int up = PagingLevel.PTE.ordinal(); up > level.ordinal(); up--) {
            address = pteAddress(address);
        }
        return address;
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
                && Long.compareUnsigned(address, pteBase + REGION) < 0;
    }

    /** The virtual address the PTE at this self-map address maps (the entry's own low bits ignored). */
    public long mappedBy(long pteAddress) {
        return PageWalker.canonical(((pteAddress & ~7L) - pteBase) << 9);
    }
}
