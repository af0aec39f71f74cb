package dev.kdlab.kernel;

import dev.kdlab.memory.FrameAllocator;
import dev.kdlab.memory.PagingLevel;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.SparseRam;
import dev.kdlab.memory.Pte;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The emulated ntoskrnl after phase 0 and 1 of boot (KiSystemStartup, KiInitializeKernel,
 * ObInitSystem, PspInitPhase0): page tables, the kernel image and its globals, pools, object types,
 * PspCidTable, processors and the System and Idle processes. Scenarios then create the rest with
 * {@link ProcessManager#NtCreateUserProcess}.
 */
public final class Kernel {
    public static final long RAM_SIZE = 8L << 30;
    private static final long LARGE_PAGE = 0x200000;
    private static final int SHARED_EVENTS = 64;
    private static final int KERNEL_TIME_DATE_STAMP = 0x7b0c_4d35;
    private static final long KERNEL_ENTRY_POINT = 0x9f6010;
    /** 2026-11-20 07:12:03 UTC as a FILETIME (100 ns units since 1601): when every machine boots. */
    public static final long BOOT_TIME = (1_795_158_723L + 11_644_473_600L) * 10_000_000L;

    private final SplittableRandom random;
    private final AddressPlan plan;
    private final KernelSpace space;
    private final Pool nonPagedPool;
    private final Pool pagedPool;
    private final ObjectManager objects;
    private final MemoryManager memoryManager;
    private final HandleTable cidTable;
    private final ProcessManager processes;
    private final int processorCount;
    private final Processors processors;
    private final Map<Integer, Long> sessions = new HashMap<>();
    private final long[] sharedEvents = new long[SHARED_EVENTS];
    private final KnownDlls knownDlls;
    private final SecurityReferenceMonitor security;
    private final LoadedModuleList loadedModules;
    private final SharedUserData sharedUserData;
    private final byte[] pdbGuid = new byte[16];

    public Kernel(long seed, int processorCount) {
        this(seed, processorCount, RAM_SIZE);
    }

    /** A machine with another amount of RAM (a scale scenario needs more frames than a desktop). */
    public Kernel(long seed, int processorCount, long ramSize) {
        this.processorCount = processorCount;
        random = new SplittableRandom(seed);
        PhysicalMemory physical = new SparseRam(ramSize);
        FrameAllocator frames = new FrameAllocator(physical, random.nextLong());
        plan = new AddressPlan(random);
        frames.claim(plan.systemDirectoryTableBase() >>> 12);
        space = new KernelSpace(physical, frames, plan.systemDirectoryTableBase());
        MiInitializeSelfMap();
        MiMapKernelImage();
        for (long region : plan.kernelRegions()) {
            space.mapData(region, 1);   // every kernel PML4 entry exists before the first process copies them
        }
        IoSpace.MmMapIoSpaceEx(space, plan);   // the display driver's frame-buffer aperture: a 1 GiB page
        nonPagedPool = new Pool(space, plan.nonPagedPool() + 0x1000, Pool.NON_PAGED_POOL_NX);
        pagedPool = new Pool(space, plan.pagedPool() + 0x1000, Pool.PAGED_POOL);
        writeKernelGlobals();
        objects = new ObjectManager(space, nonPagedPool, plan.obHeaderCookie());
        objects.createObjectTypes(ntAddress(NtSymbols.OB_TYPE_INDEX_TABLE));
        space.write64(ntAddress(NtSymbols.PS_PROCESS_TYPE), objects.typeObject(ObjectTypeIndex.PROCESS));
        space.write64(ntAddress(NtSymbols.PS_THREAD_TYPE), objects.typeObject(ObjectTypeIndex.THREAD));
        for (int i = 0; i < SHARED_EVENTS; i++) {
            sharedEvents[i] = objects.create(ObjectTypeIndex.EVENT, "Even", 0x18, 0);
            space.struct("_KEVENT", sharedEvents[i]).put("Header.Type", i % 2).emptyList("Header.WaitListHead");
        }
        cidTable = HandleTable.create(space, pagedPool, 0, 0, false);
        space.write64(ntAddress(NtSymbols.PSP_CID_TABLE), cidTable.address());
        ListEntry.initializeHead(space.memory(), activeProcessHead());
        memoryManager = new MemoryManager(space, plan, random, objects, pagedPool);
        knownDlls = new KnownDlls(random);
        sharedUserData = new SharedUserData(space, processorCount, BOOT_TIME);
        security = new SecurityReferenceMonitor(space, pagedPool, objects, random, ntAddress(NtSymbols.SEP_LOGON_SESSIONS));
        loadedModules = new LoadedModuleList(space, nonPagedPool, random, ntAddress(NtSymbols.PS_LOADED_MODULE_LIST));
        loadedModules.MiInitializeLoadedModuleList(plan, plan.kernelBase() + KERNEL_ENTRY_POINT, KERNEL_TIME_DATE_STAMP);
        processes = new ProcessManager(this);
        processors = new Processors(this);
    }

    /** The PML4 entry that maps the page tables themselves (MiInitializeSystemPtes' self-map). */
    private void MiInitializeSelfMap() {
        long pml4 = plan.systemDirectoryTableBase();
        space.physical().writeLong(pml4 + 8L * plan.selfMapIndex(), Pte.make(pml4 >>> 12, Pte.KERNEL_DATA));
    }

    /** ntoskrnl is mapped with 2 MiB pages, as the loader does when the image allows it. */
    private void MiMapKernelImage() {
        long flags = Pte.VALID | Pte.WRITE | Pte.ACCESSED | Pte.DIRTY | Pte.GLOBAL;
        for (long offset = 0; offset < NtSymbols.IMAGE_SIZE; offset += LARGE_PAGE) {
            long pfn = space.frames().allocateContiguous(512, 512);
            space.mapper().mapLarge(plan.systemDirectoryTableBase(), plan.kernelBase() + offset, PagingLevel.PDE,
                    pfn, flags);
        }
        random.nextBytes(pdbGuid);
        PeImage.write(space.memory(), plan.kernelBase(), NtSymbols.IMAGE_SIZE, KERNEL_TIME_DATE_STAMP, false,
                KERNEL_ENTRY_POINT, new PeImage.CodeView(pdbGuid, 1, "ntkrnlmp.pdb"));
    }

    private void writeKernelGlobals() {
        space.write(ntAddress(NtSymbols.OB_HEADER_COOKIE), new byte[] {(byte) plan.obHeaderCookie()});
        space.write64(ntAddress(NtSymbols.NT_BUILD_NUMBER), 0xf0004a65L);
        space.write64(ntAddress(NtSymbols.MM_PTE_BASE), plan.pteBase());
        space.struct("_KDDEBUGGER_DATA64", ntAddress(NtSymbols.KD_DEBUGGER_DATA_BLOCK))
                .put("Header.OwnerTag", 0x4742444bL)
                .put("Header.Size", 0x368)
                .put("KernBase", plan.kernelBase())
                .put("PsLoadedModuleList", ntAddress(NtSymbols.PS_LOADED_MODULE_LIST))
                .put("PsActiveProcessHead", ntAddress(NtSymbols.PS_ACTIVE_PROCESS_HEAD))
                .put("PspCidTable", ntAddress(NtSymbols.PSP_CID_TABLE))
                .put("KiProcessorBlock", ntAddress(NtSymbols.KI_PROCESSOR_BLOCK))
                .put("NtBuildLab", ntAddress(NtSymbols.NT_BUILD_LAB));
        space.write(ntAddress(NtSymbols.NT_BUILD_LAB), (NtSymbols.BUILD_LAB + "\0").getBytes(StandardCharsets.US_ASCII));
        ListEntry.initializeHead(space.memory(), ntAddress(NtSymbols.PS_LOADED_MODULE_LIST));
    }

    public long ntAddress(long rva) {
        return plan.kernelBase() + rva;
    }

    public long ntSymbol(String name) {
        Long rva = NtSymbols.all().get(name);
        if (rva == null) {
            throw new IllegalArgumentException("no nt!" + name);
        }
        return ntAddress(rva);
    }

    public long activeProcessHead() {
        return ntAddress(NtSymbols.PS_ACTIVE_PROCESS_HEAD);
    }

    /** The session space of a session, created on first use (MmSessionCreate). */
    public long session(int sessionId) {
        return sessions.computeIfAbsent(sessionId, id -> {
            long session = plan.sessionSpace() + 0x1000 + 0x6000L * id;
            space.mapData(session, 5);
            space.struct("_MM_SESSION_SPACE", session).put("SessionId", id).put("ReferenceCount", 1)
                    .emptyList("ProcessList");
            return session;
        });
    }

    /** Event objects the emulated processes hold handles to. */
    long sharedEvent(int index) {
        return sharedEvents[index % SHARED_EVENTS];
    }

    /**
     * The public symbols of the user images this boot created, by image file name (the system DLLs,
     * each process's EXE), for a symbol store to serve. nt's are {@link NtSymbols}.
     */
    public Map<String, Map<String, Long>> userImageSymbols() {
        return UserCode.imageSymbols(processes.createdProcesses());
    }

    public byte[] pdbGuid() {
        return pdbGuid.clone();
    }

    public SplittableRandom random() {
        return random;
    }

    public AddressPlan plan() {
        return plan;
    }

    public KernelSpace space() {
        return space;
    }

    public MemoryManager memoryManager() {
        return memoryManager;
    }

    public ObjectManager objects() {
        return objects;
    }

    public HandleTable cidTable() {
        return cidTable;
    }

    public Pool pagedPool() {
        return pagedPool;
    }

    public Pool nonPagedPool() {
        return nonPagedPool;
    }

    public ProcessManager processes() {
        return processes;
    }

    public Processors processors() {
        return processors;
    }

    public int processorCount() {
        return processorCount;
    }

    public SharedUserData sharedUserData() {
        return sharedUserData;
    }

    /** ntdll, KERNEL32, KERNELBASE: at one per-boot address in every process (machine-19045.md 5.2). */
    public List<UserImage> systemDlls() {
        return knownDlls.baseDlls();
    }

    public UserImage ntdll() {
        return knownDlls.ntdll();
    }

    /** DLL initialisation order: ntdll, KERNELBASE, KERNEL32. */
    public List<UserImage> initializationOrder() {
        List<UserImage> dlls = knownDlls.baseDlls();
        return List.of(dlls.get(0), dlls.get(2), dlls.get(1));
    }

    /** Every system DLL of this boot, by file name. */
    public KnownDlls knownDlls() {
        return knownDlls;
    }

    public SecurityReferenceMonitor security() {
        return security;
    }

    /** nt!PsLoadedModuleList's images, in load order. */
    public List<LoadedModuleList.KernelModule> loadedModules() {
        return loadedModules.modules();
    }
}
