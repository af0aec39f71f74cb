package dev.kdlab.memory;

/**
 * The four levels of an x64 walk, named as WinDbg names their entries. The walk is driven by this
 * table: each level takes nine bits of the virtual address at {@link #shift} and may end the walk
 * early with a large page where {@link #largePageSize} is not zero.
 */
public enum PagingLevel {
    PXE("PML4", 39, 0),
    PPE("PDPT", 30, 1L << 30),
    PDE("PD", 21, 1L << 21),
    PTE("PT", 12, 0);

    private final String tableName;
    private final int shift;
    private final long largePageSize;

    PagingLevel(String tableName, int shift, long largePageSize) {
        this.tableName = tableName;
        this.shift = shift;
        this.largePageSize = largePageSize;
    }

    public String tableName() {
        return tableName;
    }

    public int shift() {
        return shift;
    }

    public int index(long virtualAddress) {
        return (int) ((virtualAddress >>> shift) & 0x1ff);
    }

    public boolean allowsLargePage() {
        return largePageSize != 0;
    }

    public long largePageSize() {
        return largePageSize;
    }

    /** The size of memory one entry at this level maps. */
    public long span() {
        return 1L << shift;
    }
}
