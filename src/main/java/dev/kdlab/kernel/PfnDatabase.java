package dev.kdlab.kernel;

import dev.kdlab.memory.FrameAllocator;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.PageFaultException;
import dev.kdlab.memory.PageTableScan;
import dev.kdlab.memory.PagingLevel;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.Pte;
import dev.kdlab.memory.SelfMap;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /** What the database will say about one frame. */
    private static final class Entry {
        long pteAddress;
        long pteFrame;
        long shareCount;
        int referenceCount;
        int location = ACTIVE_AND_VALID;
        boolean modified;
        boolean prototype;
        boolean pageTable;
        int protection = InvalidPtes.MM_READWRITE;
        int usedEntries;
    }

    private final Kernel kernel;
    private final ImageSegments segments;
    private final PhysicalMemory physical;
    private final FrameAllocator frames;
    private final SelfMap selfMap;
    private final long systemDirectoryTableBase;
    private static final FieldPacker MMPFN = new FieldPacker("_MMPFN");
    private static final FieldPacker MMPTE = new FieldPacker("_MMPTE");
    private final Map<Long, Entry> entries = new HashMap<>();
    private final Map<Long, Long> framesOfKernelPages = new HashMap<>();
    private long base;

    private PfnDatabase(Kernel kernel, ImageSegments segments) {
        this.kernel = kernel;
        this.segments = segments;
        this.physical = kernel.space().physical();
        this.frames = kernel.space().frames();
        this.selfMap = new SelfMap(kernel.plan().pteBase());
        this.systemDirectoryTableBase = kernel.plan().systemDirectoryTableBase();
    }

    /** Builds the database and stores its address in nt!MmPfnDatabase; returns that address. */
    static long MiInitializePfnDatabase(Kernel kernel, ImageSegments segments) {
        PfnDatabase database = new PfnDatabase(kernel, segments);
        List<ActiveProcesses.Process> processes = ActiveProcesses.list(kernel);
        database.mapArray(processes);
        database.describeFrames(processes);
        database.write();
        kernel.space().write64(kernel.ntAddress(NtSymbols.MM_PFN_DATABASE), database.base);
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
        boolean grew = true;
        while (grew) {
            grew = false;
            for (long pfn = frames.nextUsed(0); pfn >= 0; pfn = frames.nextUsed(pfn + 1)) {
                grew |= mapEntryPages(pfn);
            }
        }
        long pml4Entry = physical.readLong(systemDirectoryTableBase + 8L * slot);
        for (ActiveProcesses.Process process : processes) {
            physical.writeLong((process.directoryTableBase() & Pte.PFN_MASK) + 8L * slot, pml4Entry);
        }
    }

    private boolean mapEntryPages(long pfn) {
        long first = pfn * ENTRY_SIZE / PAGE;
        long last = (pfn * ENTRY_SIZE + ENTRY_SIZE - 1) / PAGE;
        boolean mapped = false;
        for (long page = first; page <= last; page++) {
            if (!framesOfKernelPages.containsKey(page)) {
                long frame = kernel.space().mapper().ensureMapped(systemDirectoryTableBase, base + page * PAGE,
                        Pte.KERNEL_DATA);
                framesOfKernelPages.put(page, frame);
                mapped = true;
            }
        }
        return mapped;
    }

    private int freeKernelSlot() {
        while (true) {
            int slot = kernel.random().nextInt(0x100, 0x1ff);
            if (slot != kernel.plan().selfMapIndex() && physical.readLong(systemDirectoryTableBase + 8L * slot) == 0) {
                return slot;
            }
        }
    }

    /** One scan over the kernel half and every user half, then the section pages no one maps, then the rest. */
    private void describeFrames(List<ActiveProcesses.Process> processes) {
        PageTableScan scan = new PageTableScan(physical);
        int selfMapSlot = kernel.plan().selfMapIndex();
        describePml4(systemDirectoryTableBase);
        scan.scan(systemDirectoryTableBase, 0x100, 0x1ff, selfMapSlot, this::describe);
        for (ActiveProcesses.Process process : processes) {
            if (process.directoryTableBase() != systemDirectoryTableBase) {
                describePml4(process.directoryTableBase());
                scan.scan(process.directoryTableBase(), 0, 0xff, -1, this::describe);
            }
        }
        for (Map.Entry<Long, Long> prototype : segments.framesByPrototypePte().entrySet()) {
            if (!entries.containsKey(prototype.getValue())) {
                describeStandbySectionPage(prototype.getKey(), prototype.getValue());
            }
        }
        for (long pfn = frames.nextUsed(0); pfn >= 0; pfn = frames.nextUsed(pfn + 1)) {
            entries.computeIfAbsent(pfn, unmapped -> active(0, 0));   // hyperspace and working-set list pages
        }
    }

    /**
     * A top-level table maps itself through the self-map slot: its PteAddress is that PXE and its
     * PteFrame itself. Its used entries are counted here, kernel half included, as only the user
     * half of a process is scanned below.
     */
    private void describePml4(long directoryTableBase) {
        long pfn = directoryTableBase >>> 12;
        long selfPxe = selfMap.entryAddress(PagingLevel.PXE, AddressPlan.slotBase(kernel.plan().selfMapIndex()));
        Entry entry = active(selfPxe, pfn);
        entry.pageTable = true;
        entry.modified = true;
        byte[] table = new byte[(int) PAGE];
        physical.read(pfn * PAGE, table, 0, table.length);
        for (int i = 0; i < table.length; i += 8) {
            entry.usedEntries += LittleEndian.getLong(table, i) != 0 ? 1 : 0;
        }
        entries.put(pfn, entry);
    }

    private void describe(PagingLevel level, long va, long entryAddress, long pte) {
        long containing = entryAddress >>> 12;
        Entry table = entries.get(containing);
        if (table != null && level != PagingLevel.PXE) {
            table.usedEntries++;
        }
        if (Pte.pfn(pte) == containing) {
            return;   // the self-map entry: the table is its own page
        }
        long entryVa = selfMap.entryAddress(level, va);
        if (Pte.isTransition(pte) && level == PagingLevel.PTE) {
            Entry standby = standby(entryVa, containing, protectionOf(pte));
            entries.putIfAbsent(Pte.pfn(pte), standby);
            return;
        }
        if (!Pte.isValid(pte)) {
            return;
        }
        boolean leaf = level == PagingLevel.PTE || level.allowsLargePage() && Pte.isLarge(pte);
        if (!leaf) {
            Entry next = active(entryVa, containing);
            next.pageTable = true;
            next.modified = (pte & Pte.DIRTY) != 0;
            entries.put(Pte.pfn(pte), next);
            return;
        }
        long pages = level == PagingLevel.PTE ? 1 : level.largePageSize() / PAGE;
        long first = Pte.pfn(pte) & -pages;
        if (!physical.contains(first * PAGE)) {
            return;   // device memory: not RAM, no PFN entry
        }
        for (long pfn = first; pfn < first + pages; pfn++) {
            describeMapping(pfn, entryVa, containing, pte);
        }
    }

    private void describeMapping(long pfn, long entryVa, long containing, long pte) {
        Entry known = entries.get(pfn);
        if (known != null) {
            known.shareCount++;
            return;
        }
        Long prototype = segments.prototypePte(pfn);
        Entry entry = prototype == null ? active(entryVa, containing) : active(prototype, kernelFrameOf(prototype));
        entry.prototype = prototype != null;
        entry.modified = prototype == null && (pte & Pte.DIRTY) != 0;
        entry.protection = protectionOf(pte);
        entries.put(pfn, entry);
    }

    /** An image page no process maps any more: its prototype PTE goes to transition, the frame to standby. */
    private void describeStandbySectionPage(long prototypePte, long pfn) {
        int protection = InvalidPtes.MM_EXECUTE_READ;
        Entry entry = standby(prototypePte, kernelFrameOf(prototypePte), protection);
        entry.prototype = true;
        entries.put(pfn, entry);
        physical.writeLong(kernelPhysical(prototypePte), InvalidPtes.MiMakeTransitionPte(pfn, protection));
    }

    private static Entry active(long pteAddress, long pteFrame) {
        Entry entry = new Entry();
        entry.pteAddress = pteAddress;
        entry.pteFrame = pteFrame;
        entry.shareCount = 1;
        entry.referenceCount = 1;
        return entry;
    }

    private static Entry standby(long pteAddress, long pteFrame, int protection) {
        Entry entry = new Entry();
        entry.pteAddress = pteAddress;
        entry.pteFrame = pteFrame;
        entry.location = STANDBY_PAGE_LIST;
        entry.protection = protection;
        return entry;
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
            return kernel.space().memory().translate(kernelVa);
        } catch (PageFaultException e) {
            throw new IllegalStateException(String.format("prototype PTE at %016x is not resident", kernelVa), e);
        }
    }

    private long kernelFrameOf(long kernelVa) {
        return kernelPhysical(kernelVa) >>> 12;
    }

    /** Lays every entry out in page-sized buffers, then writes each page of the array once. */
    private void write() {
        Map<Long, byte[]> pages = new TreeMap<>();
        byte[] image = new byte[ENTRY_SIZE];
        for (Map.Entry<Long, Entry> e : entries.entrySet()) {
            Arrays.fill(image, (byte) 0);
            encode(e.getValue(), image);
            long offset = e.getKey() * ENTRY_SIZE;
            for (int done = 0; done < ENTRY_SIZE; ) {
                long at = offset + done;
                int inPage = (int) (at % PAGE);
                int chunk = (int) Math.min(ENTRY_SIZE - done, PAGE - inPage);
                System.arraycopy(image, done, pages.computeIfAbsent(at / PAGE, p -> new byte[(int) PAGE]), inPage, chunk);
                done += chunk;
            }
        }
        for (Map.Entry<Long, byte[]> page : pages.entrySet()) {
            physical.write(framesOfKernelPages.get(page.getKey()) * PAGE, page.getValue(), 0, (int) PAGE);
        }
    }

    private void encode(Entry entry, byte[] image) {
        long original = InvalidPtes.MiMakeDemandZeroPte(entry.protection);
        if (entry.pageTable) {
            original = MMPTE.with(original, "u.Soft.UsedPageTableEntries", entry.usedEntries);
        }
        MMPFN.put(image, 0, "PteAddress", entry.pteAddress);
        MMPFN.put(image, 0, "OriginalPte.u.Long", original);
        MMPFN.put(image, 0, "u2.ShareCount", entry.shareCount);
        MMPFN.put(image, 0, "u3.ReferenceCount", entry.referenceCount);
        MMPFN.put(image, 0, "u3.e1.PageLocation", entry.location);
        MMPFN.put(image, 0, "u3.e1.Modified", entry.modified ? 1 : 0);
        MMPFN.put(image, 0, "u3.e1.CacheAttribute", CACHED);
        MMPFN.put(image, 0, "u3.e3.Priority", DEFAULT_PRIORITY);
        MMPFN.put(image, 0, "u4.PteFrame", entry.pteFrame);
        MMPFN.put(image, 0, "u4.PrototypePte", entry.prototype ? 1 : 0);
    }
}
