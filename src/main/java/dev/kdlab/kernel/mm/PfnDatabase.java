package dev.kdlab.kernel.mm;

import dev.kdlab.kernel.NtTypes;
import dev.kdlab.types.FieldSlot;
import dev.kdlab.types.StructType;
import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.image.NtImage;
import java.util.SplittableRandom;
import dev.kdlab.kernel.ActiveProcesses;
import dev.kdlab.kernel.AddressPlan;
import dev.kdlab.kernel.image.NtSymbols;

import dev.kdlab.memory.FrameAllocator;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.PageFaultException;
import dev.kdlab.memory.PageTableScan;
import dev.kdlab.memory.PagingLevel;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.Pte;
import dev.kdlab.memory.SelfMap;
import dev.kdlab.memory.UsedFrames;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MiInitializePfnDatabase: the {@code _MMPFN} array at {@code nt!MmPfnDatabase}, one 0x30-byte entry
 * per physical page, indexed by page frame number. Windows 10 puts the array in its own randomised
 * PML4 slot and maps only the stretches that describe RAM; kdlab maps only the pages of the array
 * that hold entries of frames in use. Windows builds the database in phase 0 and keeps it current;
 * kdlab writes it once the machine has settled, from the page tables themselves, so every entry
 * agrees with them: PteAddress is the self-map address of the entry that maps the frame (for an
 * image page, the section's prototype PTE), PteFrame the frame holding that entry, ShareCount the
 * number of valid mappings, PageLocation ActiveAndValid or, for a page in transition, Standby.
 */
final class PfnDatabase {
    static final int ENTRY_SIZE = 0x30;
    /** _MMLISTS values (PageLocation). */
    static final int STANDBY_PAGE_LIST = 2;
    static final int ACTIVE_AND_VALID = 6;
    /** MI_PFN_CACHE_ATTRIBUTE MiCached, and the default page priority of a running system. */
    private static final int CACHED = 1;
    private static final int DEFAULT_PRIORITY = 5;
    private static final long PAGE = PhysicalMemory.PAGE_SIZE;
    private static final StructType MMPFN = NtTypes.struct("_MMPFN");
    private static final FieldSlot PTE_ADDRESS = MMPFN.slot("PteAddress");
    private static final FieldSlot ORIGINAL_PTE = MMPFN.slot("OriginalPte.u.Long");
    private static final FieldSlot SHARE_COUNT = MMPFN.slot("u2.ShareCount");
    private static final FieldSlot REFERENCE_COUNT = MMPFN.slot("u3.ReferenceCount");
    private static final FieldSlot PAGE_LOCATION = MMPFN.slot("u3.e1.PageLocation");
    private static final FieldSlot MODIFIED = MMPFN.slot("u3.e1.Modified");
    private static final FieldSlot CACHE_ATTRIBUTE = MMPFN.slot("u3.e1.CacheAttribute");
    private static final FieldSlot PRIORITY = MMPFN.slot("u3.e3.Priority");
    private static final FieldSlot PTE_FRAME = MMPFN.slot("u4.PteFrame");
    private static final FieldSlot PROTOTYPE_PTE = MMPFN.slot("u4.PrototypePte");

    private final KernelSpace space;
    private final AddressPlan plan;
    private final SplittableRandom random;
    private final NtImage nt;
    private final ImageSegments segments;
    private final PhysicalMemory physical;
    private final FrameAllocator frames;
    private final SelfMap selfMap;
    private final long systemDirectoryTableBase;
    /** Frame of each page of the array, by page index; only the pages that hold entries. */
    private final Map<Long, Long> arrayFrames = new HashMap<>();
    private long base;
    private FrameFacts facts;
    private long lastTable = -1;
    private int lastTableIndex = -1;
    private long zeroedFrame;

    private PfnDatabase(MemoryManager mm, NtImage nt, ImageSegments segments) {
        this.space = mm.space();
        this.plan = mm.plan();
        this.random = mm.random();
        this.nt = nt;
        this.segments = segments;
        this.physical = space.physical();
        this.frames = space.frames();
        this.selfMap = new SelfMap(plan.pteBase());
        this.systemDirectoryTableBase = plan.systemDirectoryTableBase();
    }

    /** Builds the database and stores its address in nt!MmPfnDatabase; returns that address. */
    static long MiInitializePfnDatabase(MemoryManager mm, NtImage nt, ImageSegments segments,
                                        List<ActiveProcesses.Process> processes) {
        PfnDatabase database = new PfnDatabase(mm, nt, segments);
        database.mapArray(processes);
        database.facts = new FrameFacts(database.frames.usedFrames());
        database.describeFrames(processes);
        database.write();
        database.mapFreeFrameEntries();
        database.space.write64(nt.address(NtSymbols.MM_PFN_DATABASE), database.base);
        return database.base;
    }

    /**
     * Picks a free kernel PML4 slot and maps the array's pages for every frame in use, including the
     * frames the array and its tables take themselves (a few rounds settle it). Every process gets the
     * new PML4 entry, as the kernel half must look the same in all of them.
     */
    private void mapArray(List<ActiveProcesses.Process> processes) {
        int slot = freeKernelSlot();
        base = AddressPlan.slotBase(slot);
        createArrayTables();
        boolean grew = true;
        while (grew) {
            grew = false;
            long lastPage = -1;
            for (long pfn = frames.nextUsed(0); pfn >= 0; pfn = frames.nextUsed(pfn + 1)) {
                long page = (pfn * ENTRY_SIZE + ENTRY_SIZE - 1) / PAGE;
                if (page != lastPage) {   // neighbouring frames share a page of the array
                    grew |= mapEntryPages(pfn);
                    lastPage = page;
                }
            }
        }
        long pml4Entry = physical.readLong(systemDirectoryTableBase + 8L * slot);
        for (ActiveProcesses.Process process : processes) {
            physical.writeLong((process.directoryTableBase() & Pte.PFN_MASK) + 8L * slot, pml4Entry);
        }
    }

    /**
     * Every page table the whole array needs, made before any frame is counted, so that the frames
     * they take (and the zeroed frame below) have entries of their own like every other frame.
     */
    private void createArrayTables() {
        zeroedFrame = frames.allocate();
        for (long page = 0; page <= lastArrayPage(); page += PAGE / 8) {
            space.mapper().setPte(systemDirectoryTableBase, base + page * PAGE, 0, false);
        }
    }

    /**
     * The entries of frames no one uses: on Windows they sit on the zeroed and free lists. Here the
     * array's remaining pages all map one zeroed frame, read-only, so `!pfn` of any frame of RAM reads
     * an entry (a zeroed-list one) without a page of heap per 85 frames. Only PTEs are written: the
     * tables exist already.
     */
    private void mapFreeFrameEntries() {
        for (long page = 0; page <= lastArrayPage(); page++) {
            if (!arrayFrames.containsKey(page)) {
                space.mapper().map(systemDirectoryTableBase, base + page * PAGE, zeroedFrame,
                        Pte.VALID | Pte.ACCESSED | Pte.NO_EXECUTE);
            }
        }
    }

    private long lastArrayPage() {
        return (physical.highestPageFrameNumber() * ENTRY_SIZE + ENTRY_SIZE - 1) / PAGE;
    }

    private boolean mapEntryPages(long pfn) {
        boolean mapped = false;
        for (long page = pfn * ENTRY_SIZE / PAGE; page <= (pfn * ENTRY_SIZE + ENTRY_SIZE - 1) / PAGE; page++) {
            if (!arrayFrames.containsKey(page)) {
                arrayFrames.put(page, space.mapper().ensureMapped(systemDirectoryTableBase, base + page * PAGE,
                        Pte.KERNEL_DATA));
                mapped = true;
            }
        }
        return mapped;
    }

    private int freeKernelSlot() {
        while (true) {
            int slot = random.nextInt(0x100, 0x1ff);
            if (slot != plan.selfMapIndex() && physical.readLong(systemDirectoryTableBase + 8L * slot) == 0) {
                return slot;
            }
        }
    }

    /** One scan over the kernel half and every user half, then the section pages no one maps any more. */
    private void describeFrames(List<ActiveProcesses.Process> processes) {
        PageTableScan scan = new PageTableScan(physical);
        describePml4(systemDirectoryTableBase);
        scan.scan(systemDirectoryTableBase, 0x100, 0x1ff, plan.selfMapIndex(), this::describe);
        for (ActiveProcesses.Process process : processes) {
            if (process.directoryTableBase() != systemDirectoryTableBase) {
                describePml4(process.directoryTableBase());
                scan.scan(process.directoryTableBase(), 0, 0xff, -1, this::describe);
            }
        }
        segments.forEachPrototype((prototypePte, pfn) -> {
            int frame = facts.index(pfn);
            if (frame >= 0 && !facts.described(frame)) {
                describeStandbySectionPage(prototypePte, pfn, frame);
            }
        });
    }

    /**
     * A top-level table maps itself through the self-map slot: its PteAddress is that PXE and its
     * PteFrame itself. Its used entries are counted here, kernel half included, as only the user
     * half of a process is scanned.
     */
    private void describePml4(long directoryTableBase) {
        long pfn = directoryTableBase >>> 12;
        int frame = facts.index(pfn);
        long selfPxe = selfMap.entryAddress(PagingLevel.PXE, AddressPlan.slotBase(plan.selfMapIndex()));
        facts.active(frame, selfPxe, pfn, InvalidPtes.MM_READWRITE, true);
        facts.pageTable[frame] = true;
        byte[] table = new byte[(int) PAGE];
        physical.read(pfn * PAGE, table, 0, table.length);
        facts.usedEntries[frame] = (short) PageTableScan.entriesInUse(table);
    }

    private void describe(PagingLevel level, long va, long entryAddress, long pte) {
        long containing = entryAddress >>> 12;
        if (containing != lastTable) {   // a scan reports a table's entries one after another
            lastTable = containing;
            lastTableIndex = facts.index(containing);
        }
        if (level != PagingLevel.PXE && lastTableIndex >= 0) {
            facts.usedEntries[lastTableIndex]++;
        }
        if (Pte.pfn(pte) == containing) {
            return;   // the self-map entry: the table is its own page
        }
        if (Pte.isTransition(pte) && level == PagingLevel.PTE) {
            int frame = facts.index(Pte.pfn(pte));
            if (frame >= 0 && !facts.described(frame)) {
                facts.standby(frame, selfMap.pteAddress(va), containing, protectionOf(pte));
            }
            return;
        }
        if (!Pte.isValid(pte)) {
            return;
        }
        boolean leaf = level == PagingLevel.PTE || level.allowsLargePage() && Pte.isLarge(pte);
        long pages = !leaf || level == PagingLevel.PTE ? 1 : level.largePageSize() / PAGE;
        long first = Pte.pfn(pte) & -pages;
        for (long pfn = first; pfn < first + pages; pfn++) {
            int frame = facts.index(pfn);   // -1 for device memory: not RAM, no PFN entry
            if (frame < 0) {
                continue;
            }
            if (facts.described(frame)) {
                facts.shareCount[frame]++;
                continue;
            }
            long prototype = leaf ? segments.prototypePte(pfn) : 0;
            if (prototype == 0) {
                facts.active(frame, selfMap.entryAddress(level, va), containing, protectionOf(pte), (pte & Pte.DIRTY) != 0);
                facts.pageTable[frame] = !leaf;
            } else {
                facts.active(frame, prototype, kernelFrameOf(prototype), protectionOf(pte), false);
                facts.prototype[frame] = true;
            }
        }
    }

    /** An image page no process maps any more: its prototype PTE goes to transition, the frame to standby. */
    private void describeStandbySectionPage(long prototypePte, long pfn, int frame) {
        int protection = InvalidPtes.MM_EXECUTE_READ;
        facts.standby(frame, prototypePte, kernelFrameOf(prototypePte), protection);
        facts.prototype[frame] = true;
        physical.writeLong(kernelPhysical(prototypePte), InvalidPtes.MiMakeTransitionPte(pfn, protection));
    }

    /** The MM_* protection a valid hardware PTE carries, or the one a software PTE stores. */
    private static int protectionOf(long pte) {
        if (!Pte.isValid(pte)) {
            return (int) (pte >>> 5) & 0x1f;
        }
        boolean write = (pte & Pte.WRITE) != 0;
        boolean execute = (pte & Pte.NO_EXECUTE) == 0;
        return write ? (execute ? 6 : InvalidPtes.MM_READWRITE) : (execute ? InvalidPtes.MM_EXECUTE_READ : InvalidPtes.MM_READONLY);
    }

    private long kernelPhysical(long kernelVa) {
        try {
            return space.memory().translate(kernelVa);
        } catch (PageFaultException e) {
            throw new IllegalStateException(String.format("prototype PTE at %016x is not resident", kernelVa), e);
        }
    }

    private long kernelFrameOf(long kernelVa) {
        return kernelPhysical(kernelVa) >>> 12;
    }

    /**
     * Writes the entries in frame order, a page of the array at a time. A frame in use that no scan
     * met (a process's hyperspace and working-set list pages, which kdlab does not map) still gets an
     * active entry, with no PTE to name.
     */
    private void write() {
        byte[] page = new byte[(int) PAGE];
        long[] entry = new long[ENTRY_SIZE / 8];
        long pageIndex = -1;
        for (int frame = 0; frame < facts.count(); frame++) {
            if (!facts.described(frame)) {
                facts.active(frame, 0, 0, InvalidPtes.MM_READWRITE, false);
            }
            encode(frame, entry);
            long offset = facts.frame(frame) * ENTRY_SIZE;
            for (int qword = 0; qword < entry.length; qword++) {
                long at = offset + 8L * qword;   // entries are 8-aligned: a qword never straddles two pages
                if (at / PAGE != pageIndex) {
                    flush(pageIndex, page);
                    pageIndex = at / PAGE;
                    Arrays.fill(page, (byte) 0);
                }
                LittleEndian.putLong(page, (int) (at % PAGE), entry[qword]);
            }
        }
        flush(pageIndex, page);
    }

    private void flush(long pageIndex, byte[] page) {
        if (pageIndex >= 0) {
            physical.write(arrayFrames.get(pageIndex) * PAGE, page, 0, page.length);
        }
    }

    private void encode(int frame, long[] entry) {
        Arrays.fill(entry, 0);
        int protection = facts.protection[frame];
        long original = facts.pageTable[frame] ? InvalidPtes.MiMakePageTablePte(protection, facts.usedEntries[frame])
                : InvalidPtes.MiMakeDemandZeroPte(protection);
        PTE_ADDRESS.orInto(entry, facts.pteAddress[frame]);
        ORIGINAL_PTE.orInto(entry, original);
        SHARE_COUNT.orInto(entry, facts.shareCount[frame]);
        REFERENCE_COUNT.orInto(entry, facts.location[frame] == ACTIVE_AND_VALID ? 1 : 0);
        PAGE_LOCATION.orInto(entry, facts.location[frame]);
        MODIFIED.orInto(entry, facts.modified[frame] ? 1 : 0);
        CACHE_ATTRIBUTE.orInto(entry, CACHED);
        PRIORITY.orInto(entry, DEFAULT_PRIORITY);
        PTE_FRAME.orInto(entry, facts.pteFrame[frame]);
        PROTOTYPE_PTE.orInto(entry, facts.prototype[frame] ? 1 : 0);
    }

    /** What the database will say about each frame in use, in arrays indexed by the frame's number among them. */
    private static final class FrameFacts {
        private final UsedFrames used;
        final long[] pteAddress;
        final long[] pteFrame;
        final int[] shareCount;
        final byte[] location;
        final byte[] protection;
        final short[] usedEntries;
        final boolean[] modified;
        final boolean[] prototype;
        final boolean[] pageTable;

        FrameFacts(UsedFrames used) {
            this.used = used;
            int n = used.count();
            pteAddress = new long[n];
            pteFrame = new long[n];
            shareCount = new int[n];
            location = new byte[n];
            protection = new byte[n];
            usedEntries = new short[n];
            modified = new boolean[n];
            prototype = new boolean[n];
            pageTable = new boolean[n];
        }

        int count() {
            return used.count();
        }

        long frame(int index) {
            return used.frame(index);
        }

        int index(long pfn) {
            return used.indexOf(pfn);
        }

        /** Location 0 (the zeroed list) is never used for a frame in use, so it marks "not described yet". */
        boolean described(int frame) {
            return location[frame] != 0;
        }

        void active(int frame, long pte, long containing, int mmProtection, boolean dirty) {
            pteAddress[frame] = pte;
            pteFrame[frame] = containing;
            shareCount[frame] = 1;
            location[frame] = ACTIVE_AND_VALID;
            protection[frame] = (byte) mmProtection;
            modified[frame] = dirty;
        }

        void standby(int frame, long pte, long containing, int mmProtection) {
            pteAddress[frame] = pte;
            pteFrame[frame] = containing;
            location[frame] = STANDBY_PAGE_LIST;
            protection[frame] = (byte) mmProtection;
        }
    }
}
