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
import dev.kdlab.kernel.ob.ObjectManager;
import dev.kdlab.kernel.ob.ObjectTypeIndex;

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
    private final ObjectManager objects;
    private final Pool pagedPool;
    /** Image sections: the frames of an image file, mapped by every process that maps the file. */
    private final Map<String, long[]> sections = new HashMap<>();
    private final Map<String, Long> sectionObjects = new HashMap<>();
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
                         Pool pagedPool) {
        this.kernel = kernel;
        this.plan = plan;
        this.random = random;
        this.objects = objects;
        this.pagedPool = pagedPool;
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

    /** The user half's layout: PEB below 1 TB, heap at 000001xx`xxxx0000, stacks above the PEB. */
    public UserSpace newUserSpace(long directoryTableBase) {
        long peb = (long) random.nextInt(0x10, 0x100) << 32 | (long) random.nextInt(0x10, 0xff000) << 12;
        long heap = 0x100_0000_0000L | (long) random.nextInt(0x100) << 32 | (long) random.nextInt(0x10000) << 16;
        long firstStackTop = peb + 0x300000;
        return new UserSpace(new AddressSpace(kernel.physical(), directoryTableBase), kernel.mapper(), peb, heap,
                firstStackTop);
    }

    /**
     * Stage 3D, MmInitializeProcessAddressSpace: the image section mapped at SectionBaseAddress,
     * ntdll mapped, the working set list in hyperspace and the last trim time; the address space
     * is now initialized.
     */
    public void MmInitializeProcessAddressSpace(long eprocess, UserSpace user, UserImage image, UserImage ntdll,
                                                boolean inSession, int tickCount) {
        mapImage(user, image);
        mapImage(user, ntdll);
        long mappedPages = pages(image.size()) + pages(ntdll.size()) + 1;
        long workingSetList = plan.hyperSpace() + PAGE;
        NtTypes.view(user.memory(), "_MMWSL_INSTANCE", workingSetList)
                .put("NextPteToTrim", pteAddress(image.base()))
                .put("NextPteToAge", pteAddress(image.base()))
                .put("NextPteToAccessClear", pteAddress(image.base()));
        StructBuffer e = kernel.batch("_EPROCESS", eprocess)
                .put("SectionObject", imageSection(image))
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

    /** The section object of an image file: one per file, shared by the processes that map it. */
    private long imageSection(UserImage image) {
        return sectionObjects.computeIfAbsent(image.path(), path -> {
            long section = objects.create(ObjectTypeIndex.SECTION, "MmSt", 0x40, 0, pagedPool);
            kernel.struct("_SECTION", section)
                    .put("SizeOfSection", image.size())
                    .put("InitialPageProtection", 0x10);   // PAGE_EXECUTE, as image views start
            return section;
        });
    }

    /** Maps an image view; the image's pages are one section shared by every process that maps it. */
    public void mapImage(UserSpace space, UserImage image) {
        long pages = pages(image.size());
        boolean fresh = !sections.containsKey(image.path());
        long[] frames = sections.computeIfAbsent(image.path(), path -> {
            long[] f = new long[(int) pages];
            for (int i = 0; i < f.length; i++) {
                f[i] = kernel.frames().allocate();
            }
            return f;
        });
        space.mapShared(image.base(), frames, Pte.USER_CODE);
        if (fresh) {
            PeImage.write(space.memory(), image.base(), image.size(), image.timeDateStamp(),
                    image.path().toLowerCase().endsWith(".dll"), image.entryPointRva(),
                    PeImage.codeViewFor(image.baseName(), random));
            PeImage.writeVersion(space.memory(), image.base(), PeImage.resourceRva(image.size()), image.baseName());
            space.struct("_IMAGE_NT_HEADERS64", image.base() + PeImage.NT_HEADERS_OFFSET)
                    .put("OptionalHeader.CheckSum", random.nextLong(image.size() * 5 / 8, image.size()));
        }
    }

    /** The image sections created so far: file path to the frames of its pages, in page order. */
    public Map<String, long[]> imageSections() {
        return java.util.Collections.unmodifiableMap(sections);
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
        space.mapShared(nlsBase, nlsFrames, Pte.USER_READ_ONLY);
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
