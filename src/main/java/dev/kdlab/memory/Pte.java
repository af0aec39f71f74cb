package dev.kdlab.memory;

/**
 * The architectural x64 paging-entry format (Intel SDM vol. 3, 4.5), shared by PML4, PDPT, PD and
 * PT entries. Windows' own views of the same bits are the {@code _MMPTE_*} types of the catalog.
 */
public final class Pte {
    public static final long VALID = 1L;               // P
    public static final long WRITE = 1L << 1;          // R/W
    public static final long OWNER = 1L << 2;          // U/S: user-accessible
    public static final long WRITE_THROUGH = 1L << 3;  // PWT
    public static final long CACHE_DISABLE = 1L << 4;  // PCD
    public static final long ACCESSED = 1L << 5;
    public static final long DIRTY = 1L << 6;
    public static final long LARGE_PAGE = 1L << 7;     // PS in a PDPTE or PDE
    public static final long GLOBAL = 1L << 8;
    /** Windows software bit: copy-on-write. */
    public static final long COPY_ON_WRITE = 1L << 9;
    /** Windows software bit: a prototype PTE stands behind this entry. */
    public static final long PROTOTYPE = 1L << 10;
    /** Windows software bit: the hardware write bit is mirrored here. */
    public static final long SOFTWARE_WRITE = 1L << 11;
    /** In a not-valid entry (the _MMPTE_SOFTWARE view): a transition PTE, its frame still in RAM. */
    public static final long TRANSITION = 1L << 11;
    public static final long NO_EXECUTE = 1L << 63;
    public static final long PFN_MASK = 0x000F_FFFF_FFFF_F000L;

    /** Kernel data: valid, writable, accessed, dirty, not executable. */
    public static final long KERNEL_DATA = VALID | WRITE | ACCESSED | DIRTY | NO_EXECUTE;
    /** Kernel code: valid, read-only, executable, global. */
    public static final long KERNEL_CODE = VALID | ACCESSED | GLOBAL;
    /** User data: valid, writable, user, accessed, dirty, not executable. */
    public static final long USER_DATA = VALID | WRITE | OWNER | ACCESSED | DIRTY | NO_EXECUTE;
    /** User read-only data. */
    public static final long USER_READ_ONLY = VALID | OWNER | ACCESSED | NO_EXECUTE;
    /** User image code: executable, read-only. */
    public static final long USER_CODE = VALID | OWNER | ACCESSED;
    /** What a non-leaf entry carries: the leaf decides the real protection. */
    public static final long TABLE_KERNEL = VALID | WRITE | ACCESSED | DIRTY;
    public static final long TABLE_USER = TABLE_KERNEL | OWNER;

    private Pte() {
    }

    public static boolean isValid(long entry) {
        return (entry & VALID) != 0;
    }

    public static boolean isLarge(long entry) {
        return (entry & LARGE_PAGE) != 0;
    }

    /** A not-valid entry whose frame is still in RAM (transition, not prototype): the frame is in use. */
    public static boolean isTransition(long entry) {
        return !isValid(entry) && (entry & (TRANSITION | PROTOTYPE)) == TRANSITION;
    }

    public static long pfn(long entry) {
        return (entry & PFN_MASK) >>> PhysicalMemory.PAGE_SHIFT;
    }

    public static long make(long pfn, long flags) {
        return (pfn << PhysicalMemory.PAGE_SHIFT) & PFN_MASK | flags;
    }
}
