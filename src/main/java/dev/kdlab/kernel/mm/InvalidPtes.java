package dev.kdlab.kernel.mm;

import dev.kdlab.kernel.NtTypes;
import dev.kdlab.types.FieldSlot;
import dev.kdlab.types.StructType;


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

    private static final StructType MMPTE = NtTypes.struct("_MMPTE");
    private static final FieldSlot SOFT_PROTECTION = MMPTE.slot("u.Soft.Protection");
    private static final FieldSlot SOFT_PAGE_FILE_ALLOCATED = MMPTE.slot("u.Soft.PageFileAllocated");
    private static final FieldSlot SOFT_PAGE_FILE_LOW = MMPTE.slot("u.Soft.PageFileLow");
    private static final FieldSlot SOFT_PAGE_FILE_HIGH = MMPTE.slot("u.Soft.PageFileHigh");
    private static final FieldSlot SOFT_USED_ENTRIES = MMPTE.slot("u.Soft.UsedPageTableEntries");
    private static final FieldSlot TRANS_PROTECTION = MMPTE.slot("u.Trans.Protection");
    private static final FieldSlot TRANS_TRANSITION = MMPTE.slot("u.Trans.Transition");
    private static final FieldSlot TRANS_FRAME = MMPTE.slot("u.Trans.PageFrameNumber");
    private static final FieldSlot PROTO_PROTOTYPE = MMPTE.slot("u.Proto.Prototype");
    private static final FieldSlot PROTO_ADDRESS = MMPTE.slot("u.Proto.ProtoAddress");

    private InvalidPtes() {
    }

    /** Committed but never touched: the first access gets a zeroed page (MiResolveDemandZeroFault). */
    static long MiMakeDemandZeroPte(int protection) {
        return SOFT_PROTECTION.with(0, protection);
    }

    /** Trimmed from the working set, its frame still in RAM on the standby or modified list. */
    static long MiMakeTransitionPte(long pfn, int protection) {
        return TRANS_FRAME.with(TRANS_TRANSITION.with(TRANS_PROTECTION.with(0, protection), 1), pfn);
    }

    /** Written out by the modified page writer: page file number and the page's offset in it. */
    static long MiMakePagingFilePte(int pageFile, long offset, int protection) {
        long pte = SOFT_PAGE_FILE_ALLOCATED.with(SOFT_PROTECTION.with(0, protection), 1);
        return SOFT_PAGE_FILE_HIGH.with(SOFT_PAGE_FILE_LOW.with(pte, pageFile), offset);
    }

    /** The original PTE a page-table page keeps in its PFN entry: demand-zero, with its count of entries in use. */
    static long MiMakePageTablePte(int protection, int usedEntries) {
        return SOFT_USED_ENTRIES.with(MiMakeDemandZeroPte(protection), usedEntries);
    }

    /** A shared page trimmed from this process: the section's prototype PTE says where the page is. */
    static long MiMakePrototypePte(long prototypePteAddress) {
        return PROTO_ADDRESS.with(PROTO_PROTOTYPE.with(0, 1), prototypePteAddress);   // the low 48 bits; bit 47 extends
    }
}
