package dev.kdlab.kernel.mm;

import dev.kdlab.kernel.NtTypes;
import dev.kdlab.struct.StructBuffer;
import dev.kdlab.struct.StructView;
import dev.kdlab.kernel.AddressPlan;
import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ListEntry;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.kernel.image.NtSymbols;
import dev.kdlab.kernel.image.PeImage;
import dev.kdlab.kernel.image.UserImage;
import dev.kdlab.kernel.io.IoManager;
import dev.kdlab.kernel.ob.ObjectManager;

import dev.kdlab.memory.AddressSpace;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.Pte;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The memory manager's part of process creation (Windows Internals ch. 3): the initial address
 * space with its commit charge (stage 3B), the image and ntdll views and the working set (3D),
 * the PEB with its NLS tables (3E) and, for each thread, the TEB (stage 4).
 */
public final class MemoryManager {
    private static final long PAGE = PhysicalMemory.PAGE_SIZE;
    private static final int KERNEL_HALF = 256;
    /** The PML4, hyperspace, VAD bitmap and working-set-list pages that 3B charges to the process. */
    private static final int ADDRESS_SPACE_PAGES = 4;
    /** A 64-bit process reserves about 2 TB up front (the CFG bitmap), so !process shows ~2100000 Mb. */
    private static final long INITIAL_VIRTUAL_SIZE = 0x200_0000_0000L;
    /** Where the CFG bitmap's 2 TB reservation sits, below the NLS tables' region's end and the images. */
    private static final long CFG_BITMAP_BASE = 0x00007df5_00000000L;
    private static final long CFG_BITMAP_SIZE = 0x200_0000_0000L;
    /** The bitmap pages the boot's images made the kernel commit (one bit per 16 bytes of their code). */
    private static final long CFG_BITMAP_COMMITTED = 0x1d;
    /** RtlpProcessHeapsListBuffer: the PEB's ProcessHeaps array, in ntdll's data page next to PEB_LDR_DATA. */
    public static final long PROCESS_HEAPS_RVA = 0x16cd40;
    /** A process's page priority (MEMORY_PRIORITY_NORMAL, the 5 of PagePriority); the foreground app's is raised to 2 (ke). */
    private static final int MEMORY_PRIORITY_NORMAL = 5;
    /** PEB.CriticalSectionTimeout: 30 days in 100 ns units, negative (transcripts 2.9). */
    private static final long CRITICAL_SECTION_TIMEOUT = 0xffffe86d_079b8000L;
    private static final int NLS_PAGES = 0x48;
    private static final long OEM_TABLE = 0x20000;
    private static final long CASE_TABLE = 0x40000;

    private final KernelSpace kernel;
    private final AddressPlan plan;
    private final SplittableRandom random;
    private final Pool pagedPool;
    private final Pool nonPagedPool;
    private final IoManager io;
    /** Image sections: the frames of an image file, mapped by every process that maps the file. */
    private final Map<String, long[]> imageFrames = new HashMap<>();
    /** Images whose headers are in their frames already (written through the first view). */
    private final java.util.Set<String> headersWritten = new java.util.HashSet<>();
    private final Sections sections;
    /** The CFG bitmap every 64-bit process maps read-only: one pagefile-backed section per boot. */
    private Sections.Section cfgBitmap;
    private Sections.Section nlsSection;
    /** The NLS section (ANSI 1252, OEM 437, case tables): one view per boot, the same in every process. */
    private final long[] nlsFrames;
    private final long nlsBase;

    /** The kernel's address space, for Mm's own helpers (working sets, PFN database, segments). */
    KernelSpace space() {
        return kernel;
    }

    AddressPlan plan() {
        return plan;
    }

    /** The boot's random source: the same sequence the rest of the kernel draws from. */
    SplittableRandom random() {
        return random;
    }

    Pool pagedPool() {
        return pagedPool;
    }

    public MemoryManager(KernelSpace kernel, AddressPlan plan, SplittableRandom random, ObjectManager objects,
                         Pool pagedPool, Pool nonPagedPool, IoManager io) {
        this.kernel = kernel;
        this.plan = plan;
        this.random = random;
        this.pagedPool = pagedPool;
        this.nonPagedPool = nonPagedPool;
        this.io = io;
        this.sections = new Sections(kernel, objects, pagedPool, nonPagedPool, io);
        this.nlsBase = 0x00007df4_00000000L | (long) random.nextInt(0x100, 0xffff) << 16;
        this.nlsFrames = new long[NLS_PAGES];
        for (int i = 0; i < NLS_PAGES; i++) {
            nlsFrames[i] = kernel.frames().allocate();
        }
        writeNlsHeaders();
        // What the kernel and boot drivers committed before the first process (about 1.2 GB).
        kernel.write64(nt(NtSymbols.MM_TOTAL_COMMITTED_PAGES), random.nextLong(0x48000, 0x50000));
        kernel.write64(nt(NtSymbols.PSP_MINIMUM_WORKING_SET), 50);    // !process: Working Set Sizes (now, 50, 345)
        kernel.write64(nt(NtSymbols.PSP_MAXIMUM_WORKING_SET), 345);
        ListEntry.initializeHead(kernel.memory(), nt(NtSymbols.MM_PROCESS_LIST));
        // MmInitSystem: the Idle process's address space (the boot page tables) is the list's first.
        ListEntry.insertTail(kernel.memory(), nt(NtSymbols.MM_PROCESS_LIST),
                kernel.struct("_EPROCESS", nt(NtSymbols.PS_IDLE_PROCESS)).addressOf("MmProcessLinks"));
    }

    private long nt(long rva) {
        return plan.kernelBase() + rva;
    }

    /** The start of each code page file: NLS_FILE_HEADER's size in words, code page, max char size, default char. */
    private void writeNlsHeaders() {
        long[][] tables = {{0, 1252}, {OEM_TABLE, 437}};
        for (long[] table : tables) {
            long physical = nlsFrames[(int) (table[0] / PAGE)] << 12;
            byte[] header = {0x0d, 0, (byte) table[1], (byte) (table[1] >>> 8), 1, 0, '?', 0};
            kernel.physical().write(physical, header, 0, header.length);
        }
    }

    /**
     * Stage 3B, MmCreateProcessAddressSpace: a new PML4 whose kernel half is the System PML4's and
     * whose self-map slot points at itself, the hyperspace page, the VAD bitmap page and the
     * working-set-list page in the process's own hyperspace, and the commit they take
     * (nt!MmTotalCommittedPages, nt!MmProcessCommit, EPROCESS.CommitCharge). The System process
     * keeps the boot page tables. Every address space joins nt!MmProcessList.
     */
    public long MmCreateProcessAddressSpace(long eprocess, boolean systemProcess) {
        StructView e = kernel.struct("_EPROCESS", eprocess);
        ListEntry.insertTail(kernel.memory(), nt(NtSymbols.MM_PROCESS_LIST), e.addressOf("MmProcessLinks"));
        if (systemProcess) {
            return plan.systemDirectoryTableBase();
        }
        PhysicalMemory physical = kernel.physical();
        long pml4 = kernel.frames().allocate() << 12;
        long systemPml4 = plan.systemDirectoryTableBase();
        for (int slot = KERNEL_HALF; slot < 512; slot++) {
            long entry = physical.readLong(systemPml4 + 8L * slot);
            if (entry != 0) {
                physical.writeLong(pml4 + 8L * slot, entry);
            }
        }
        physical.writeLong(pml4 + 8L * plan.selfMapIndex(), Pte.make(pml4 >>> 12, Pte.KERNEL_DATA));
        for (long page = 0; page < ADDRESS_SPACE_PAGES - 1; page++) {   // hyperspace, working set list, VAD bitmap
            kernel.mapper().map(pml4, plan.hyperSpace() + page * PAGE, kernel.frames().allocate(), Pte.KERNEL_DATA);
        }
        kernel.write64(nt(NtSymbols.MM_PROCESS_COMMIT), kernel.read(nt(NtSymbols.MM_PROCESS_COMMIT), 8)
                + ADDRESS_SPACE_PAGES);
        MiChargeCommitment(eprocess, ADDRESS_SPACE_PAGES);
        return pml4;
    }

    /** Commit charged to a process: its CommitCharge (and peak) and the system-wide total. */
    public void MiChargeCommitment(long eprocess, long pages) {
        StructView e = kernel.struct("_EPROCESS", eprocess);
        long charge = kernel.read(e.addressOf("CommitCharge"), 8) + pages;
        e.put("CommitCharge", charge).put("CommitChargePeak", charge);
        kernel.write64(nt(NtSymbols.MM_TOTAL_COMMITTED_PAGES), kernel.read(nt(NtSymbols.MM_TOTAL_COMMITTED_PAGES), 8)
                + pages);
    }

    /** The user half's layout: PEB below 1 TB, heap at 000001xx`xxxx0000, stacks above the PEB and TEBs; no VADs yet. */
    public UserSpace newUserSpace(long eprocess, long directoryTableBase) {
        long peb = (long) random.nextInt(0x10, 0x100) << 32 | (long) random.nextInt(0x10, 0xff000) << 12;
        long heap = 0x100_0000_0000L | (long) random.nextInt(0x100) << 32 | (long) random.nextInt(0x10000) << 16;
        // Stacks are 1 MiB reservations just above the PEB/TEB block, each above the one before
        // (machine-19045.md 5.2: cmd's main stack tops out at PEB + 0x2a7000 rounded up to 1 MiB).
        long firstStackTop = ((peb + UserSpace.TEB_BLOCK + 0xfffff) & -0x100000L) + 0x100000;
        return new UserSpace(new AddressSpace(kernel.physical(), directoryTableBase), kernel.mapper(),
                new VadTree(kernel, nonPagedPool, eprocess), peb, heap, firstStackTop);
    }

    /** Sections and their control areas, for the routines that create and map them. */
    public Sections sections() {
        return sections;
    }

    /**
     * Stage 3D, MmInitializeProcessAddressSpace: the image section mapped at SectionBaseAddress,
     * ntdll mapped, the working set list in hyperspace and the last trim time; the address space
     * is now initialized.
     */
    public void MmInitializeProcessAddressSpace(long eprocess, UserSpace user, UserImage image, UserImage ntdll,
                                                boolean inSession, int tickCount) {
        Sections.Section imageSection = mapImage(user, image);
        mapImage(user, ntdll);
        MiReserveCfgBitmap(user);
        long mappedPages = pages(image.size()) + pages(ntdll.size()) + 1;
        long workingSetList = plan.hyperSpace() + PAGE;
        NtTypes.view(user.memory(), "_MMWSL_INSTANCE", workingSetList)
                .put("NextPteToTrim", pteAddress(image.base()))
                .put("NextPteToAge", pteAddress(image.base()))
                .put("NextPteToAccessClear", pteAddress(image.base()));
        long imageFile = io.IopCreateFile(image.path(), 0x1);   // the process's own open of its image file
        StructBuffer e = kernel.batch("_EPROCESS", eprocess)
                .put("SectionObject", sections.MmCreateSection(imageSection, null))
                .put("ImageFilePointer", imageFile)
                .put("SectionBaseAddress", image.base())
                .put("VirtualSize", INITIAL_VIRTUAL_SIZE + image.size() + ntdll.size())
                .put("PeakVirtualSize", INITIAL_VIRTUAL_SIZE + image.size() + ntdll.size())
                .put("Vm.Instance.VmWorkingSetList", workingSetList)
                .put("Vm.Instance.LastTrimStamp", tickCount & 0xffff)
                .put("Vm.Instance.WorkingSetSize", mappedPages)
                .put("Vm.Instance.WorkingSetLeafSize", mappedPages)
                .put("Vm.Instance.PeakWorkingSetSize", mappedPages)
                .put("Vm.Instance.PageFaultCount", mappedPages)
                .put("Vm.Instance.Flags.MemoryPriority", MEMORY_PRIORITY_NORMAL)
                .put("AddressSpaceInitialized", 3)
                .put("HasAddressSpace", 1)
                .put("ImageNotifyDone", 1)
                .put("LaunchPrefetched", 1);
        if (inSession) {
            e.put("ProcessInSession", 1);
        }
        e.flush();
    }

    private static long pages(long bytes) {
        return (bytes + PAGE - 1) / PAGE;
    }

    /** The PTE that maps an address, through the self-map (MiGetPteAddress). */
    private long pteAddress(long virtualAddress) {
        return plan.pteBase() + ((virtualAddress >>> 9) & 0x7f_ffff_fff8L);
    }

    /**
     * MiMapViewOfImageSection: the image's pages are one section shared by every process that maps
     * it; the view gets an image VAD (execute-write-copy) pointing at the section's subsection.
     */
    public Sections.Section mapImage(UserSpace space, UserImage image) {
        long pages = pages(image.size());
        boolean fresh = headersWritten.add(image.path());
        Sections.Section section = MiCreateImageFileMap(image);
        long[] frames = imageFrames.get(image.path());
        space.mapShared(image.base(), frames, Pte.USER_CODE);
        if (fresh) {
            PeImage.write(space.memory(), image.base(), image.size(), image.timeDateStamp(),
                    image.path().toLowerCase().endsWith(".dll"), image.entryPointRva(),
                    PeImage.codeViewFor(image.baseName(), random));
            PeImage.writeVersion(space.memory(), image.base(), PeImage.resourceRva(image.size()), image.baseName());
            space.struct("_IMAGE_NT_HEADERS64", image.base() + PeImage.NT_HEADERS_OFFSET)
                    .put("OptionalHeader.CheckSum", random.nextLong(image.size() * 5 / 8, image.size()));
        }
        space.vads().insertMapped(image.base(), pages, true, VadTree.MM_EXECUTE_WRITECOPY, imageCommit(pages),
                section.subsection(), section.firstPrototypePte(), true);
        sections.viewMapped(section);
        return section;
    }

    /**
     * The image section of a file (made on first use, by the first process that maps it or by smss
     * for \KnownDlls): its frames, the control area, the prototype PTEs.
     */
    public Sections.Section MiCreateImageFileMap(UserImage image) {
        long[] frames = imageFrames.computeIfAbsent(image.path(), path -> {
            long[] f = new long[(int) pages(image.size())];
            for (int i = 0; i < f.length; i++) {
                f[i] = kernel.frames().allocate();
            }
            return f;
        });
        return sections.image(image, frames);
    }

    /** An image view's commit: its writable (copy-on-write) data pages, about one page in sixteen. */
    private static long imageCommit(long pages) {
        return Math.max(1, pages / 16);
    }

    /**
     * MiMapViewOfSection for a data file (a .nls table, a .mui resource file): a read-only view of the
     * file's one section, placed after the process's other views; its pages come in on first touch,
     * so nothing is mapped yet. Returns the view's address.
     */
    public long MiMapViewOfDataFile(UserSpace space, String path, long bytes) {
        Sections.Section section = sections.dataFile(path, bytes);
        long pages = pages(bytes);
        long view = space.takeView(pages);
        space.vads().insertMapped(view, pages, false, VadTree.MM_READONLY, 0, section.subsection(), 0, true);
        sections.viewMapped(section);
        return view;
    }

    /**
     * The CFG bitmap reservation of a 64-bit process (MiReserveCfgBitmap): a read-only view of one
     * pagefile-backed 2 TB section, nothing committed; what makes !process show VirtualSize ~2 TB.
     */
    private void MiReserveCfgBitmap(UserSpace user) {
        if (cfgBitmap == null) {
            cfgBitmap = sections.MmCreateReservedSection(CFG_BITMAP_SIZE, CFG_BITMAP_COMMITTED, Sections.PAGE_READONLY);
        }
        user.vads().insertMapped(CFG_BITMAP_BASE, CFG_BITMAP_SIZE / PAGE, false, VadTree.MM_READONLY, 0,
                cfgBitmap.subsection(), 0, false);
        sections.viewMapped(cfgBitmap);
    }

    /** Copy-on-write made real: the process gets its own copy of one page of a shared image. */
    public void makePagePrivate(UserSpace space, long address) {
        long page = address & -PAGE;
        byte[] copy = new byte[(int) PAGE];
        space.memory().readAvailable(page, copy, 0, copy.length);
        space.mapPrivate(page, 1, Pte.USER_DATA);
        space.write(page, copy);
    }

    /**
     * Stage 3E, MmCreatePeb: maps the PEB page and the NLS tables and fills what the memory manager
     * fills: image base, OS version, heap parameters, processor count, the session. The loader
     * (LdrInitializeThunk) adds Ldr and ProcessHeap later.
     */
    public long MmCreatePeb(UserSpace space, long imageBase, int sessionId, int processors, int subsystem) {
        long peb = space.peb();
        space.mapPrivate(peb, 1, Pte.USER_DATA);
        space.vads().insertPrivate(peb, 1, VadTree.MM_READWRITE, 1);
        space.mapShared(nlsBase, nlsFrames, Pte.USER_READ_ONLY);
        if (nlsSection == null) {
            nlsSection = sections.MmCreatePagefileSection(NLS_PAGES * PAGE, Sections.PAGE_READONLY, null);
        }
        space.vads().insertMapped(nlsBase, NLS_PAGES, false, VadTree.MM_READONLY, 0, nlsSection.subsection(), 0, false);
        sections.viewMapped(nlsSection);
        space.batch("_PEB", peb)
                .put("Mutant", -1L)                        // (HANDLE)-1: the creator passed no mutant (the initial PEB's value)
                .emptyList("TppWorkerpList")
                .put("ImageBaseAddress", imageBase)
                .put("BitField", 0x4)   // IsImageDynamicallyRelocated: ASLR moved the image
                .put("AnsiCodePageData", nlsBase)
                .put("OemCodePageData", nlsBase + OEM_TABLE)
                .put("UnicodeCaseTableData", nlsBase + CASE_TABLE)
                .put("NumberOfProcessors", processors)
                .put("CriticalSectionTimeout.QuadPart", CRITICAL_SECTION_TIMEOUT)
                .put("HeapSegmentReserve", 0x100000)
                .put("HeapSegmentCommit", 0x2000)
                .put("HeapDeCommitTotalFreeThreshold", 0x10000)
                .put("HeapDeCommitFreeBlockThreshold", 0x1000)
                .put("MaximumNumberOfHeaps", 0x10)
                .put("OSMajorVersion", 10)
                .put("OSMinorVersion", 0)
                .put("OSBuildNumber", 19045)
                .put("OSPlatformId", 2)
                .put("ImageSubsystem", subsystem)
                .put("ImageSubsystemMajorVersion", 10)
                .put("ActiveProcessAffinityMask", (1L << processors) - 1)
                .put("SessionId", Math.max(sessionId, 0))
                .flush();
        return peb;
    }

    /** MmCreateTeb: the TEB of a new thread, with its stack and client id. */
    public long MmCreateTeb(UserSpace space, long processId, long threadId, long[] stack) {
        long teb = space.takeTeb();
        long tls = space.heapAllocate(0x40 * 8);
        space.batch("_TEB", teb)
                .put("NtTib.StackBase", stack[0])
                .put("NtTib.StackLimit", stack[1])
                .put("NtTib.Self", teb)
                .put("NtTib.Version", 0x1e00)   // FiberData's union twin: the TEB version
                .put("ThreadLocalStoragePointer", tls)
                .put("ClientId.UniqueProcess", processId)
                .put("ClientId.UniqueThread", threadId)
                .put("RealClientId.UniqueProcess", processId)
                .put("RealClientId.UniqueThread", threadId)
                .put("ProcessEnvironmentBlock", space.peb())
                .put("CurrentLocale", 0x409)
                .flush();
        return teb;
    }
}
