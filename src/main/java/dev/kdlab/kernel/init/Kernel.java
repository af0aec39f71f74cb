package dev.kdlab.kernel.init;

import dev.kdlab.kernel.image.NtGlobals;
import dev.kdlab.kernel.image.NtImage;
import dev.kdlab.kernel.ke.KernelThreads;
import dev.kdlab.kernel.ke.SharedEvents;
import dev.kdlab.kernel.ke.SystemClock;
import dev.kdlab.kernel.ke.ThreadPlan;
import dev.kdlab.kernel.mm.SessionSpaces;
import dev.kdlab.kernel.AddressPlan;
import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ListEntry;
import dev.kdlab.kernel.RoutineGate;
import dev.kdlab.kernel.ex.BigPoolTable;
import dev.kdlab.kernel.ex.CallBacks;
import dev.kdlab.kernel.ps.NotifyRoutines;
import dev.kdlab.kernel.ex.HandleTable;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.kernel.image.NtSections;
import dev.kdlab.kernel.image.NtSymbols;
import dev.kdlab.kernel.image.PeImage;
import dev.kdlab.kernel.image.SystemServices;
import dev.kdlab.kernel.image.UserCode;
import dev.kdlab.kernel.image.UserImage;
import dev.kdlab.kernel.ke.Processors;
import dev.kdlab.kernel.ldr.KnownDlls;
import dev.kdlab.kernel.ldr.LoadedModuleList;
import dev.kdlab.kernel.ldr.LoaderInitialization;
import dev.kdlab.kernel.mm.IoSpace;
import dev.kdlab.kernel.mm.MemoryManager;
import dev.kdlab.kernel.mm.SharedUserData;
import dev.kdlab.kernel.mm.UnloadedDrivers;
import dev.kdlab.kernel.mm.SystemVariables;
import dev.kdlab.kernel.se.Account;
import dev.kdlab.kernel.ob.ObjectManager;
import dev.kdlab.kernel.cm.ConfigurationManager;
import dev.kdlab.kernel.io.IoManager;
import dev.kdlab.kernel.ke.DispatcherObjects;
import dev.kdlab.kernel.se.SecurityDescriptors;
import dev.kdlab.kernel.ps.ProcessManager;
import dev.kdlab.kernel.se.SecurityReferenceMonitor;

import dev.kdlab.memory.FrameAllocator;
import dev.kdlab.memory.PagingLevel;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.SparseRam;
import dev.kdlab.memory.Pte;
import dev.kdlab.pe.CodeViewRecord;

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
    /** The multiprocessor kernel's image name, after which its PDB is named (ntkrnlmp.pdb). */
    public static final String KERNEL_PDB_FILE = "ntkrnlmp.exe";
    /** NtBuildNumber's low word: 22H2 (machine-19045.md 5.3). */
    private static final int BUILD_NUMBER = 19045;
    /** The desktop user's RID in the machine's domain (the first account a setup creates). */
    private static final long DESKTOP_USER_RID = 1001;
    /** When every machine boots (the clock's epoch). */
    public static final long BOOT_TIME = SystemClock.BOOT_TIME;

    private final long seed;
    private final SplittableRandom random;
    private final AddressPlan plan;
    private final NtImage nt;
    private final KernelSpace space;
    private final Pool nonPagedPool;
    private final Pool pagedPool;
    private final ObjectManager objects;
    private final MemoryManager memoryManager;
    private final HandleTable cidTable;
    private final ProcessManager processes;
    private final int processorCount;
    private final Processors processors;
    private final ThreadPlan threadPlan;
    private final SessionSpaces sessions;
    private final SharedEvents sharedEvents;
    private final KnownDlls knownDlls;
    private final SecurityReferenceMonitor security;
    private final LoadedModuleList loadedModules;
    private final SharedUserData sharedUserData;
    private final RoutineGate gate;
    private final IoManager io;
    private final ConfigurationManager configuration;
    private final DispatcherObjects dispatcherObjects;
    private final Map<String, List<long[]>> ownedObjects;
    private final byte[] pdbGuid = new byte[16];

    public Kernel(long seed, int processorCount, ThreadPlan threadPlan) {
        this(seed, processorCount, RAM_SIZE, threadPlan);
    }

    /**
     * A machine with another amount of RAM (a scale scenario needs more frames than a desktop).
     *
     * @param threadPlan the roles the scenario gives each process's threads (their waits, start routines)
     */
    public Kernel(long seed, int processorCount, long ramSize, ThreadPlan threadPlan) {
        this.processorCount = processorCount;
        this.threadPlan = threadPlan;
        this.seed = seed;
        random = new SplittableRandom(seed);
        PhysicalMemory physical = new SparseRam(ramSize);
        FrameAllocator frames = new FrameAllocator(physical, random.nextLong());
        plan = new AddressPlan(random);
        nt = new NtImage(plan.kernelBase());
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
        BigPoolTable bigPages = new BigPoolTable(space, nonPagedPool, ntAddress(NtSymbols.POOL_BIG_PAGE_TABLE),
                ntAddress(NtSymbols.POOL_BIG_PAGE_TABLE_SIZE));
        nonPagedPool.useBigPageTable(bigPages);
        pagedPool.useBigPageTable(bigPages);
        objects = new ObjectManager(space, nonPagedPool, pagedPool, nt, plan.obHeaderCookie());
        objects.ObInitSystem(BOOT_TIME);
        sharedEvents = SharedEvents.create(objects, space, SHARED_EVENTS);
        cidTable = HandleTable.create(space, pagedPool, 0, 0, false, 0);
        space.write64(ntAddress(NtSymbols.PSP_CID_TABLE), cidTable.address());
        ListEntry.initializeHead(space.memory(), activeProcessHead());
        io = new IoManager(space, objects, nonPagedPool, pagedPool, nt, random.split(), processorCount);
        memoryManager = new MemoryManager(space, plan, random, objects, pagedPool, nonPagedPool, io);
        sessions = new SessionSpaces(space, plan);
        knownDlls = new KnownDlls(random);
        sharedUserData = new SharedUserData(space, processorCount, BOOT_TIME);
        security = new SecurityReferenceMonitor(space, pagedPool, objects, random, ntAddress(NtSymbols.SEP_LOGON_SESSIONS));
        loadedModules = new LoadedModuleList(space, nonPagedPool, random, ntAddress(NtSymbols.PS_LOADED_MODULE_LIST));
        loadedModules.MiInitializeLoadedModuleList(plan, plan.kernelBase() + KERNEL_ENTRY_POINT, KERNEL_TIME_DATE_STAMP);
        writeImageBases();
        loadedModules.MmUnloadBootImages(new UnloadedDrivers(space, nonPagedPool, nt), BOOT_TIME);
        objects.namespace().assignDefaultSecurity(SecurityDescriptors.namespaceObject());
        io.IoInitSystem(new NotifyRoutines(space, nt, new CallBacks(space, pagedPool))::DriverEntry);
        configuration = new ConfigurationManager(space, objects, pagedPool, nt, random.split());
        configuration.CmInitSystem1();
        configuration.CmLoadUserHives(security.machineSid().withRid(DESKTOP_USER_RID).text(),
                "\\Users\\" + Account.DESKTOP_USER.accountName(0));
        dispatcherObjects = new DispatcherObjects(objects, space, nonPagedPool, sharedEvents);
        gate = new RoutineGate(this::routineAddress);
        KernelThreads threads = new KernelThreads(space, nt, plan.kernelStacks(), knownDlls.ntdll(), threadPlan);
        processes = new ProcessManager(new ProcessManager.Components(space, nt, random, objects, cidTable, pagedPool,
                nonPagedPool, memoryManager, sessions, security, knownDlls, sharedUserData, threads, processorCount,
                new LoaderInitialization(space, objects, io, configuration, dispatcherObjects, memoryManager), gate));
        processors = new Processors(space, nt, nonPagedPool, processorCount);
        ownedObjects = SystemNamespace.create(this, BOOT_TIME);
    }

    /** Where a routine of the flow starts: {@code nt!} by default, {@code ntdll!} when named so; 0 when it has no symbol. */
    private long routineAddress(String routine) {
        int bang = routine.indexOf('!');
        if (bang > 0 && routine.substring(0, bang).equalsIgnoreCase("ntdll")) {
            Long rva = UserCode.ntdll().symbols().get(routine.substring(bang + 1));
            return rva == null ? 0 : knownDlls.ntdll().base() + rva;
        }
        Long rva = NtSymbols.all().get(routine.substring(bang + 1));
        return rva == null ? 0 : nt.address(rva);
    }

    /** The entries and exits of the kernel's routines, which a debugger's lab watches; nobody at boot. */
    public RoutineGate gate() {
        return gate;
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
        CodeViewRecord codeView = PeImage.codeViewFor(KERNEL_PDB_FILE, random);
        System.arraycopy(codeView.guid(), 0, pdbGuid, 0, pdbGuid.length);
        PeImage.write(space.memory(), plan.kernelBase(), NtSymbols.IMAGE_SIZE, KERNEL_TIME_DATE_STAMP, false,
                KERNEL_ENTRY_POINT, codeView);
        NtSections.write(space.memory(), plan.kernelBase());
        PeImage.writeVersion(space.memory(), plan.kernelBase(), NtSymbols.RESOURCE_SECTION_RVA, "ntoskrnl.exe");
    }

    private void writeKernelGlobals() {
        space.write(ntAddress(NtSymbols.OB_HEADER_COOKIE), new byte[] {(byte) plan.obHeaderCookie()});
        space.write64(ntAddress(NtSymbols.NT_BUILD_NUMBER), 0xf0004a65L);
        space.write64(ntAddress(NtSymbols.MM_PTE_BASE), plan.pteBase());
        DebuggerDataBlock.KdInitSystem(space, nt, plan.pteBase(), BUILD_NUMBER);
        DebuggerDataBlock.ExInitSystem(space, nt, SystemClock.TICK);
        SystemVariables.MiInitializeSystemVariables(space, nt, plan);
        SystemServices.KiInitializeServiceTables(space, nt);
        space.write(ntAddress(NtSymbols.NT_BUILD_LAB), (NtSymbols.BUILD_LAB + "\0").getBytes(StandardCharsets.US_ASCII));
        ListEntry.initializeHead(space.memory(), ntAddress(NtSymbols.PS_LOADED_MODULE_LIST));
    }

    /** PsNtosImageBase and PsHalImageBase: the first two images of PsLoadedModuleList. */
    private void writeImageBases() {
        long kernelEntry = space.read(ntAddress(NtSymbols.PS_LOADED_MODULE_LIST), 8);
        long halEntry = space.read(kernelEntry, 8);
        space.write64(ntAddress(NtGlobals.rva("PsNtosImageBase")), plan.kernelBase());
        space.write64(ntAddress(NtGlobals.rva("PsHalImageBase")),
                space.struct("_KLDR_DATA_TABLE_ENTRY", halEntry).get("DllBase"));
    }

    /**
     * The part of phase 1 that allocates after the scenario's processes exist, so that they keep the
     * pool addresses they would have without it: the physical memory block. (The hives are the
     * configuration manager's, loaded in phase 0 and at logon; nt!PoolBigPageTable is kept by the
     * pools from their first big block on.)
     */
    public void Phase1Initialization() {
        SystemVariables.MiCreatePhysicalMemoryBlock(space, nt, nonPagedPool);
    }

    /** After the memory manager has settled: the available pages, the pools' charges, the peak commitment. */
    public void MiUpdateSystemCounters() {
        SystemVariables.MiUpdateCounters(space, nt, nonPagedPool, pagedPool,
                space.read(ntAddress(NtSymbols.MM_TOTAL_COMMITTED_PAGES), 8));
    }

    public long ntAddress(long rva) {
        return nt.address(rva);
    }

    public long ntSymbol(String name) {
        return nt.symbol(name);
    }

    /** ntoskrnl as this boot loaded it. */
    public NtImage nt() {
        return nt;
    }

    public long activeProcessHead() {
        return ntAddress(NtSymbols.PS_ACTIVE_PROCESS_HEAD);
    }

    /** The roles of the machine's threads, as the scenario describes them. */
    public ThreadPlan threadPlan() {
        return threadPlan;
    }

    /** Event objects the emulated processes hold handles to, and system loops wait on. */
    public SharedEvents sharedEvents() {
        return sharedEvents;
    }

    /**
     * The public symbols of the user images this boot created, by image file name (the system DLLs,
     * each process's EXE), for a symbol store to serve. nt's are {@link NtSymbols}.
     */
    public Map<String, UserCode.PublicSymbols> userImageSymbols() {
        return UserCode.imageSymbols(processes.createdProcesses().stream()
                .map(ProcessManager.CreatedProcess::image).filter(image -> image != null).toList());
    }

    public byte[] pdbGuid() {
        return pdbGuid.clone();
    }

    public SplittableRandom random() {
        return random;
    }

    /** The seed every random choice of this machine derives from. */
    public long seed() {
        return seed;
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

    /** Every system DLL of this boot, by file name. */
    public KnownDlls knownDlls() {
        return knownDlls;
    }

    public SecurityReferenceMonitor security() {
        return security;
    }

    /** The named objects the boot's servers made, by owner: what {@link HandleActivity} gives them handles to. */
    Map<String, List<long[]>> ownedObjects() {
        return ownedObjects;
    }

    /** The I/O manager: drivers, devices, files. */
    public IoManager io() {
        return io;
    }

    /** The configuration manager: hives, key control blocks, key objects. */
    public ConfigurationManager configuration() {
        return configuration;
    }

    /** Events, semaphores, queues: what the executive creates for waiters and handle holders. */
    public DispatcherObjects dispatcherObjects() {
        return dispatcherObjects;
    }
}
