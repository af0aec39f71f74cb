package dev.kdlab.kernel.mm;

import dev.kdlab.kernel.NtTypes;
import dev.kdlab.kernel.ActiveProcesses;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.kernel.KernelSpace;

import dev.kdlab.memory.AddressSpace;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.PageWalk;
import dev.kdlab.memory.PageWalker;
import dev.kdlab.memory.PagingLevel;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.Pte;
import dev.kdlab.memory.VirtualMemory;

import java.util.List;
import java.util.SplittableRandom;

/**
 * What the working-set manager and the modified page writer leave behind a few minutes after
 * logon, so that every process holds each kind of not-valid PTE (Windows Internals, "Invalid PTEs"):
 * <ul>
 * <li>the two deepest committed pages of each user stack are trimmed: the lower one was written to
 *     the virtual store and its frame reused (a page-file PTE), the other waits on the standby list
 *     (a transition PTE, its frame still in RAM);</li>
 * <li>the last page of each process's image is trimmed: its PTE now points at the section's
 *     prototype PTE;</li>
 * <li>the heap's next commit is done but untouched: demand-zero PTEs;</li>
 * <li>in paged pool, a registry hive's first pages: base block on standby, first bin in pagefile.sys,
 *     the next page committed and never touched.</li>
 * </ul>
 * Only pages nothing else reads are trimmed: the PEB, TEBs, loader data and image headers stay valid.
 */
final class WorkingSetManager {
    private static final long PAGE = PhysicalMemory.PAGE_SIZE;
    private static final int HEAP_COMMIT_PAGES = 2;   // _PEB.HeapSegmentCommit 0x2000
    private static final long HIVE_SIGNATURE = 0x66676572L;   // "regf"
    private static final long BIN_SIGNATURE = 0x6e696268L;    // "hbin"

    private final KernelSpace space;
    private final Pool pagedPool;
    private final ImageSegments segments;
    private final PhysicalMemory physical;
    private final SplittableRandom random;
    private final long[] nextPageFileOffset = new long[16];

    WorkingSetManager(MemoryManager mm, ImageSegments segments) {
        this.space = mm.space();
        this.pagedPool = mm.pagedPool();
        this.segments = segments;
        this.physical = space.physical();
        this.random = mm.random();
    }

    /** One pass over every process with a user half, then the paged pool. */
    void MmWorkingSetManager(List<ActiveProcesses.Process> processes) {
        for (ActiveProcesses.Process process : processes) {
            if (process.hasUserSpace()) {
                MiTrimWorkingSet(process);
            }
        }
        MiTrimPagedPool();
    }

    private void MiTrimWorkingSet(ActiveProcesses.Process process) {
        AddressSpace user = ActiveProcesses.space(space, process);
        for (long teb : process.tebs()) {
            long base = NtTypes.view(user, "_TEB", teb).get("NtTib.StackBase");
            long limit = NtTypes.view(user, "_TEB", teb).get("NtTib.StackLimit");
            if (base - limit >= 3 * PAGE) {
                MiWriteToPageFile(user, limit, InvalidPtes.VIRTUAL_STORE, InvalidPtes.MM_READWRITE);
                MiMoveToStandby(user, limit + PAGE, InvalidPtes.MM_READWRITE);
            }
        }
        long lastImagePage = process.imageBase() + sizeOfImage(user, process.imageBase()) - PAGE;
        MiTrimSharedPage(user, lastImagePage);
        MiCommitDemandZero(user, NtTypes.view(user, "_PEB", process.peb()).get("ProcessHeap"));
    }

    /** A registry hive's storage: base block (standby), first bin (paged out), next page (never touched). */
    private void MiTrimPagedPool() {
        VirtualMemory system = space.memory();
        long hive = pagedPool.allocatePages("CM31", 3);
        space.struct("_HBASE_BLOCK", hive)
                .put("Signature", HIVE_SIGNATURE)
                .put("Sequence1", 0x3a)
                .put("Sequence2", 0x3a)
                .put("Major", 1)
                .put("Minor", 6)
                .put("Format", 1);
        byte[] bin = new byte[32];
        LittleEndian.put(bin, 0, 4, BIN_SIGNATURE);
        LittleEndian.put(bin, 8, 4, PAGE);   // Size; FileOffset (at +4) is 0
        space.write(hive + PAGE, bin);
        MiMoveToStandby(system, hive, InvalidPtes.MM_READWRITE);
        MiWriteToPageFile(system, hive + PAGE, InvalidPtes.PAGEFILE_SYS, InvalidPtes.MM_READWRITE);
        long untouched = residentPte(system, hive + 2 * PAGE);   // allocatePages mapped it: give the frame back
        space.frames().release(pfnAt(untouched));
        physical.writeLong(untouched, InvalidPtes.MiMakeDemandZeroPte(InvalidPtes.MM_READWRITE));
    }

    /** The page leaves the working set; its frame goes to the standby list with its contents. */
    private void MiMoveToStandby(VirtualMemory space, long page, int protection) {
        long pte = residentPte(space, page);
        if (pte >= 0) {
            physical.writeLong(pte, InvalidPtes.MiMakeTransitionPte(pfnAt(pte), protection));
        }
    }

    /** The modified page writer wrote the page out; the frame was then reused. */
    private void MiWriteToPageFile(VirtualMemory user, long page, int pageFile, int protection) {
        long pte = residentPte(user, page);
        if (pte >= 0) {
            space.frames().release(pfnAt(pte));
            physical.writeLong(pte, InvalidPtes.MiMakePagingFilePte(pageFile, takePageFileOffset(pageFile), protection));
        }
    }

    /** A shared image page leaves this working set: the PTE now refers to the section's prototype PTE. */
    private void MiTrimSharedPage(VirtualMemory space, long page) {
        long pte = residentPte(space, page);
        long prototype = pte < 0 ? 0 : segments.prototypePte(pfnAt(pte));
        if (prototype != 0) {
            physical.writeLong(pte, InvalidPtes.MiMakePrototypePte(prototype));
        }
    }

    /** The heap's next commit: demand-zero PTEs after its last touched page, until a fault brings a page in. */
    private void MiCommitDemandZero(AddressSpace user, long heap) {
        long page = heap;
        while (user.isReadable(page)) {
            page += PAGE;
        }
        for (int i = 0; i < HEAP_COMMIT_PAGES; i++, page += PAGE) {
            PageWalk walk = PageWalker.walk(physical, user.directoryTableBase(), page);
            if (walk.faultLevel() == PagingLevel.PTE && walk.last().entry() == 0) {
                physical.writeLong(walk.last().entryAddress(), InvalidPtes.MiMakeDemandZeroPte(InvalidPtes.MM_READWRITE));
            }
        }
    }

    private long takePageFileOffset(int pageFile) {
        if (nextPageFileOffset[pageFile] == 0) {
            nextPageFileOffset[pageFile] = random.nextLong(0x1000, 0x40000);   // the file already holds older pages
        }
        return nextPageFileOffset[pageFile]++;
    }

    /**
     * The physical address of the valid PTE that maps a 4 KiB page, or -1 when there is none: then
     * there is nothing to trim (a page another part of the kernel chose not to map, say).
     */
    private long residentPte(VirtualMemory space, long page) {
        PageWalk walk = PageWalker.walk(physical, space.directoryTableBase(), page);
        return walk.translated() && walk.last().level() == PagingLevel.PTE ? walk.last().entryAddress() : -1;
    }

    private long pfnAt(long pteAddress) {
        return Pte.pfn(physical.readLong(pteAddress));
    }

    private static long sizeOfImage(VirtualMemory user, long imageBase) {
        long ntHeaders = imageBase + NtTypes.view(user, "_IMAGE_DOS_HEADER", imageBase).get("e_lfanew");
        return NtTypes.view(user, "_IMAGE_NT_HEADERS64", ntHeaders).get("OptionalHeader.SizeOfImage");
    }
}
