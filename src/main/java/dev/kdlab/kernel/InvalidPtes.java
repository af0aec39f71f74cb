package dev.kdlab.kernel;

/**
 * The memory manager's not-valid PTE formats, built with the {@code _MMPTE} union's views of the
 * 19041 layouts (layouts-19041/_MMPTE_SOFTWARE.txt, _MMPTE_TRANSITION.txt, _MMPTE_PROTOTYPE.txt).
 * The values match what !pte shows on 19041 machines: a transition PTE of a read/write page is
 * {@code 00000000166B7880}, a page-file PTE {@code 001BBEDA00002084}, a VAD-backed prototype PTE
 * {@code FFFFFFFF00000480}.
 */
final class InvalidPtes {
    /** MM_* protection codes (Windows Internals, "Protection of pages"): the index into MmProtectToValue. */
    static final int MM_READONLY = 1;
    static final int MM_EXECUTE_READ = 3;
    static final int MM_READWRITE = 4;
    /** Page file 0 is pagefile.sys; 2 is the virtual store MemCompression keeps (Windows 10). */
    static final int PAGEFILE_SYS = 0;
    static final int VIRTUAL_STORE = 2;

    private static final FieldPacker MMPTE = new FieldPacker("_MMPTE");

    private InvalidPtes() {
    }

    /** Committed but never touched: the first access gets a zeroed page (MiResolveDemandZeroFault). */
    static long MiMakeDemandZeroPte(int protection) {
        return MMPTE.with(0, "u.Soft.Protection", protection);
    }

    /** Trimmed from the working set, its frame still in RAM on the standby or modified list. */
    static long MiMakeTransitionPte(long pfn, int protection) {
        long pte = MMPTE.with(0, "u.Trans.Protection", protection);
        pte = MMPTE.with(pte, "u.Trans.Transition", 1);
        return MMPTE.with(pte, "u.Trans.PageFrameNumber", pfn);
    }

    /** Written out by the modified page writer: page file number and the page's offset in it. */
    static long MiMakePagingFilePte(int pageFile, long offset, int protection) {
        long pte = MMPTE.with(0, "u.Soft.Protection", protection);
        pte = MMPTE.with(pte, "u.Soft.PageFileAllocated", 1);
        pte = MMPTE.with(pte, "u.Soft.PageFileLow", pageFile);
        return MMPTE.with(pte, "u.Soft.PageFileHigh", offset);
    }

    /** A shared page trimmed from this process: the section's prototype PTE says where the page is. */
    static long MiMakePrototypePte(long prototypePteAddress) {
        long pte = MMPTE.with(0, "u.Proto.Prototype", 1);
        return MMPTE.with(pte, "u.Proto.ProtoAddress", prototypePteAddress);   // the low 48 bits; bit 47 extends
    }
}
