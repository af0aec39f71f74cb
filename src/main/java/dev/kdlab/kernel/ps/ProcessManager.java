package dev.kdlab.kernel.ps;

import dev.kdlab.struct.StructBuffer;
import dev.kdlab.struct.StructView;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.kernel.image.NtImage;
import dev.kdlab.kernel.ke.KeProcess;
import dev.kdlab.kernel.ke.SystemClock;
import dev.kdlab.kernel.ldr.KnownDlls;
import dev.kdlab.kernel.mm.SessionSpaces;
import dev.kdlab.kernel.mm.SharedUserData;
import java.util.SplittableRandom;
import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ListEntry;
import dev.kdlab.kernel.NtTypes;
import dev.kdlab.kernel.RoutineGate;
import dev.kdlab.kernel.ex.HandleTable;
import dev.kdlab.kernel.image.NtSymbols;
import dev.kdlab.kernel.image.UserImage;
import dev.kdlab.kernel.ke.KernelThreads;
import dev.kdlab.kernel.ldr.Environment;
import dev.kdlab.kernel.ldr.Loader;
import dev.kdlab.kernel.ldr.LoaderInitialization;
import dev.kdlab.kernel.mm.MemoryManager;
import dev.kdlab.kernel.mm.UserSpace;
import dev.kdlab.kernel.ob.ObjectManager;
import dev.kdlab.kernel.ob.ObjectTypeIndex;
import dev.kdlab.kernel.se.Account;
import dev.kdlab.kernel.se.SecurityDescriptors;
import dev.kdlab.kernel.se.SecurityReferenceMonitor;
import dev.kdlab.kernel.se.Sid;

import dev.kdlab.memory.LittleEndian;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The process manager's half of process creation, stage by stage as Windows Internals (ch. 3)
 * describes it: NtCreateUserProcess -> PspAllocateProcess (3A-3F) -> PspCreateThread -> the
 * initial thread's LdrInitializeThunk. Each stage is its own routine and writes only what that
 * stage writes on Windows, so the machine can be stopped between any two of them; what a stage
 * needs from an earlier one it reads from memory or from the {@link NewProcess} bookkeeping.
 */
public final class ProcessManager {
    static final long STATUS_PENDING = 0x103;
    /** PROCESS_ALL_ACCESS and THREAD_ALL_ACCESS (winnt.h, Vista and later). */
    public static final long PROCESS_ALL_ACCESS = 0x1fffff;
    public static final long THREAD_ALL_ACCESS = 0x1fffff;
    private static final int PROCESS_OBJECT = 3;    // _KOBJECTS ProcessObject
    /** PROCESS_PRIORITY_CLASS_* (the EPROCESS PriorityClass byte). */
    public static final int PRIORITY_IDLE = 1;
    public static final int PRIORITY_NORMAL = 2;
    public static final int PRIORITY_HIGH = 3;
    public static final int PRIORITY_BELOW_NORMAL = 5;
    /** The base priority of each class (indexed by PriorityClass): Idle 4, Normal 8, High 13, Realtime 24 ... */
    private static final int[] BASE_PRIORITY = {8, 4, 8, 13, 24, 6, 10};
    /** KPROCESS.QuantumReset on a client SKU: 6 (2 clock ticks of 3 units). */
    private static final int CLIENT_QUANTUM = 6;
    /** _EPROCESS Flags2: DefaultPagePriority 5, PrimaryTokenFrozen, as on the notepad of transcripts 2.2. */
    static final long FLAGS2 = 0xd000;
    /** _EPROCESS Flags3 of a Win32 process: AddressPolicyFrozen, ProcessFirstResume, SecurityFreezeComplete. */
    static final long FLAGS3_USER = 0x40c000;
    private static final long FLAGS3_MINIMAL = 0x1001;   // Minimal, SystemProcess
    private static final long FLAGS3_SYSTEM = 0x1000;    // SystemProcess

    private final KernelSpace space;
    private final NtImage nt;
    private final SplittableRandom random;
    private final ObjectManager objects;
    private final HandleTable cidTable;
    private final Pool pagedPool;
    private final Pool nonPagedPool;
    private final MemoryManager mm;
    private final SessionSpaces sessions;
    private final SecurityReferenceMonitor security;
    private final KnownDlls knownDlls;
    private final SharedUserData sharedUserData;
    private final KernelThreads threads;
    private final int processorCount;
    private final LoaderInitialization loader;
    private final JobObjects jobs;
    private final ProcessExit exits;
    private final RoutineGate gate;
    private final List<CreatedProcess> created = new ArrayList<>();
    /** Each process's handle table, by EPROCESS: the kernel's own record of where handles go. */
    private final Map<Long, HandleTable> handleTables = new HashMap<>();
    /** The csrss of each session, once it runs: CsrCreateProcess's server. */
    private final Map<Integer, CreatedProcess> sessionServers = new HashMap<>();
    private final Map<Long, CreatedProcess> byEprocess = new HashMap<>();
    private final Map<Long, Long> userQuotaBlocks = new HashMap<>();

    /** What process creation calls on: the other components of the booted kernel, each by itself. */
    public record Components(KernelSpace space, NtImage nt, SplittableRandom random, ObjectManager objects,
                             HandleTable cidTable, Pool pagedPool, Pool nonPagedPool, MemoryManager mm,
                             SessionSpaces sessions, SecurityReferenceMonitor security, KnownDlls knownDlls,
                             SharedUserData sharedUserData, KernelThreads threads, int processorCount,
                             LoaderInitialization loader, RoutineGate gate) {
    }

    public ProcessManager(Components c) {
        this.space = c.space();
        this.nt = c.nt();
        this.random = c.random();
        this.objects = c.objects();
        this.cidTable = c.cidTable();
        this.pagedPool = c.pagedPool();
        this.nonPagedPool = c.nonPagedPool();
        this.mm = c.mm();
        this.sessions = c.sessions();
        this.security = c.security();
        this.knownDlls = c.knownDlls();
        this.sharedUserData = c.sharedUserData();
        this.threads = c.threads();
        this.processorCount = c.processorCount();
        this.gate = c.gate();
        this.loader = c.loader();
        this.jobs = new JobObjects(objects, space);
        this.exits = new ProcessExit(space, nt, objects, sessions, security, pagedPool, gate);
        ListEntry.initializeHead(space.memory(), nt.address(NtSymbols.KI_PROCESS_LIST_HEAD));
    }

    /**
     * The kernel's own record of a process it created (its bookkeeping, never the debugger's);
     * {@code modules} are the images its loader mapped, in load order.
     */
    public record CreatedProcess(long eprocess, long processId, UserSpace user, HandleTable handles,
                                 UserImage image, List<Long> threads, ProcessCreateInfo info,
                                 List<UserImage> modules) implements KeProcess {
    }

    /** A process between the stages of PspAllocateProcess: what each stage leaves for the next. */
    public static final class NewProcess {
        final ProcessCreateInfo info;
        long eprocess;
        HandleTable handles;
        long directoryTableBase;
        UserSpace user;
        long processId;

        NewProcess(ProcessCreateInfo info) {
            this.info = info;
        }

        public long eprocess() {
            return eprocess;
        }

        public UserSpace user() {
            return user;
        }

        CreatedProcess created() {
            return new CreatedProcess(eprocess, processId, user, handles, info.image(), new ArrayList<>(), info,
                    new ArrayList<>());
        }
    }

    /** Job objects: what PspInsertProcess binds a child to when its parent runs in a job. */
    public JobObjects jobs() {
        return jobs;
    }

    /** Processes that ran before the machine's "now" and are gone, as their objects outlive them. */
    public ProcessExit exits() {
        return exits;
    }

    /** Every process created so far, in creation order. */
    public List<CreatedProcess> createdProcesses() {
        return Collections.unmodifiableList(created);
    }

    /**
     * The system call behind CreateProcess: allocate the process, then its initial thread (and the
     * threads it starts), then the initial thread's first act, the loader.
     */
    public CreatedProcess NtCreateUserProcess(ProcessCreateInfo info) {
        gate.enter("NtCreateUserProcess");
        CreatedProcess process = PspAllocateProcess(info).created();
        for (int i = 0; i < Math.max(1, info.threadCount()); i++) {
            PspCreateThread(process, i == 0, info.threadCreateTime(i));
        }
        ObOpenCreatorHandle(process);
        CsrCreateProcess(process);
        if (info.suspended()) {
            space.struct("_ETHREAD", process.threads().get(0)).put("Tcb.SuspendCount", 1);
        } else if (process.user() != null) {
            LdrInitializeThunk(process);
        }
        created.add(process);
        objects.ObpUpdateTypeTotals();
        if (info.image() != null && "csrss.exe".equalsIgnoreCase(info.imageFileName())) {
            sessionServers.put(info.sessionId(), process);
        }
        byEprocess.put(process.eprocess(), process);
        gate.leave("NtCreateUserProcess");
        return process;
    }

    /**
     * NtCreateUserProcess hands its caller a handle to the new process (PROCESS_ALL_ACCESS), which
     * the creator keeps to wait on or watch its child; the thread handle it closes. A process whose
     * creator has exited (csrss and winlogon after their smss instance) leaves no handle anywhere.
     */
    private void ObOpenCreatorHandle(CreatedProcess process) {
        ProcessCreateInfo info = process.info();
        if (info.parentProcess() == 0) {
            return;
        }
        StructView parent = space.struct("_EPROCESS", info.parentProcess());
        if (parent.get("UniqueProcessId") != info.parentProcessId() || parent.get("ObjectTable") == 0) {
            return;
        }
        HandleTable creatorTable = handleTables.get(info.parentProcess());
        if (creatorTable != null) {
            objects.ObOpenObjectByPointer(creatorTable, process.eprocess(), PROCESS_ALL_ACCESS, 0);
        }
    }

    /**
     * The Windows subsystem's part of creation (CsrCreateProcess, reached through BasepCreateProcess):
     * the session's csrss keeps a handle to every Win32 process of the session and to its initial thread.
     */
    private void CsrCreateProcess(CreatedProcess process) {
        ProcessCreateInfo info = process.info();
        CreatedProcess csrss = sessionServers.get(info.sessionId());
        if (csrss == null || info.image() == null || info.subsystem() == ProcessCreateInfo.SUBSYSTEM_NATIVE) {
            return;
        }
        objects.ObOpenObjectByPointer(csrss.handles(), process.eprocess(), PROCESS_ALL_ACCESS, 0);
        objects.ObOpenObjectByPointer(csrss.handles(), process.threads().get(0), THREAD_ALL_ACCESS, 0);
    }

    public NewProcess PspAllocateProcess(ProcessCreateInfo info) {
        gate.enter("PspAllocateProcess");
        NewProcess process = PspSetupProcess(info);                                   // 3A
        MmCreateProcessAddressSpace(process);                                         // 3B
        KeInitializeProcess(process);                                                 // 3C
        if (info.image() != null) {
            MmInitializeProcessAddressSpace(process);                                 // 3D
            MmCreatePeb(process);                                                     // 3E
        }
        PspInsertProcess(process);                                                    // 3F
        gate.leave("PspAllocateProcess");
        return process;
    }

    /**
     * 3A: the executive process object and what is set before any address space exists: parent
     * id, exit status, create time, priority class, protection, image name, working set limits,
     * token, quota block, audit name, handle table.
     */
    NewProcess PspSetupProcess(ProcessCreateInfo info) {
        gate.enter("PspSetupProcess");
        NewProcess process = new NewProcess(info);
        long eprocess = objects.create(ObjectTypeIndex.PROCESS, "Proc", 0xa40,
                ObjectManager.QUOTA_INFO | ObjectManager.PADDING_INFO);
        process.eprocess = eprocess;
        StructBuffer e = space.batch("_EPROCESS", eprocess)
                .put("InheritedFromUniqueProcessId", info.parentProcessId())
                .put("CreateTime", info.createTime())
                .put("CreateInterruptTime", info.createTime() - SystemClock.BOOT_TIME)   // KeQueryInterruptTime then
                .put("CreateUnbiasedInterruptTime", info.createTime() - SystemClock.BOOT_TIME)   // no sleep since boot
                .put("ExitStatus", STATUS_PENDING)
                .put("PriorityClass", priorityClass(info))
                .put("HighestUserAddress", 0x00007fff_ffff0000L)
                .put("Protection.Level", info.protection())
                .put("Flags2", FLAGS2)
                .put("DefaultIoPriority", 2)
                .put("Flags3", info.image() != null ? FLAGS3_USER : info.parentProcess() == 0 ? FLAGS3_SYSTEM
                        : FLAGS3_MINIMAL)
                .put("Cookie", random.nextInt() & 0xffffffffL)
                .put("ImagePathHash", random.nextInt() & 0xffffffffL)
                .put("DefaultHardErrorProcessing", 1)
                .put("Vm.Instance.MinimumWorkingSetSize", space.read(nt.symbol("PspMinimumWorkingSet"), 8))
                .put("Vm.Instance.MaximumWorkingSetSize", space.read(nt.symbol("PspMaximumWorkingSet"), 8))
                .emptyList("ThreadListHead")
                .emptyList("SvmProcessDeviceListHead")
                .emptyList("SharedCommitLinks")
                .emptyList("VirtualTimerListHead")
                .putAnsi("ImageFileName", info.imageFileName(), 15);
        if (info.image() != null) {
            e.put("MitigationFlags", 0x21).put("MitigationFlags2", 0x4000_0000L);
        }
        if (info.sessionId() >= 0) {
            e.put("Session", sessions.MmSessionCreate(info.sessionId(), info.createTime()));
        }
        e.flush();
        PspInitializeProcessSecurity(eprocess, info);
        PspInheritQuota(eprocess, info);
        gate.enter("SeInitializeProcessAuditName");
        security.SeInitializeProcessAuditName(eprocess, info.image() == null ? null : info.image().path());
        gate.leave("SeInitializeProcessAuditName");
        process.handles = ObInitProcess(eprocess, info);
        gate.leave("PspSetupProcess");
        return process;
    }

    /**
     * CreateProcess's default class is Normal, unless the creator runs Idle or Below Normal: then
     * the child inherits it. An explicit class wins.
     */
    private int priorityClass(ProcessCreateInfo info) {
        if (info.priorityClass() != 0) {
            return info.priorityClass();
        }
        if (info.parentProcess() != 0) {
            int parentClass = (int) space.read(space.struct("_EPROCESS", info.parentProcess()).addressOf("PriorityClass"), 1);
            if (parentClass == PRIORITY_IDLE || parentClass == PRIORITY_BELOW_NORMAL) {
                return parentClass;
            }
        }
        return PRIORITY_NORMAL;
    }

    /**
     * The primary token: SeMakeSystemToken for the first process, the token of the given logon
     * (CreateProcessAsUser), or else a duplicate of the creator's (SeSubProcessToken); a protected
     * process's token carries the trust level of its protection (PspInitializeProcessSecurity).
     */
    private void PspInitializeProcessSecurity(long eprocess, ProcessCreateInfo info) {
        gate.enter("PspInitializeProcessSecurity");
        SecurityReferenceMonitor se = security;
        int sessionId = Math.max(info.sessionId(), 0);
        long token;
        if (info.parentProcess() == 0 && info.account() == null) {
            token = se.SeMakeSystemToken();
        } else if (info.account() != null) {
            token = se.SeCreateToken(se.logon(info.account(), sessionId), sessionId,
                    SecurityReferenceMonitor.trustLevel(info.protection()));
        } else {
            long parentToken = space.read(space.struct("_EPROCESS", info.parentProcess()).addressOf("Token"), 8) & ~0xfL;
            token = se.SeSubProcessToken(parentToken, sessionId, SecurityReferenceMonitor.trustLevel(info.protection()));
        }
        se.SeAssignPrimaryToken(eprocess, token);
        gate.leave("PspInitializeProcessSecurity");
    }

    /**
     * PspInheritQuota: the parent's quota block, PspDefaultQuotaBlock at the root. A user's logon
     * gets its own block when winlogon starts the user's first process with the user's limits.
     */
    private void PspInheritQuota(long eprocess, ProcessCreateInfo info) {
        gate.enter("PspInheritQuota");
        long block;
        if (info.account() == Account.DESKTOP_USER) {
            long logonId = security.logon(Account.DESKTOP_USER, info.sessionId()).logonId();
            block = userQuotaBlocks.computeIfAbsent(logonId, id -> nonPagedPool.allocate("PsQb", 0x80));
        } else if (info.parentProcess() != 0) {
            block = space.read(space.struct("_EPROCESS", info.parentProcess()).addressOf("QuotaBlock"), 8);
        } else {
            block = nt.symbol("PspDefaultQuotaBlock");
        }
        space.struct("_EPROCESS", eprocess).put("QuotaBlock", block);
        gate.leave("PspInheritQuota");
    }

    /**
     * ObInitProcess: the process's handle table, on nt!HandleTableListHead, empty (the routines that
     * open handles fill it as the process runs); the System process's is the kernel's own
     * (nt!ObpKernelHandleTable). The process gets the device map of its logon session.
     */
    private HandleTable ObInitProcess(long eprocess, ProcessCreateInfo info) {
        gate.enter("ObInitProcess");
        HandleTable handles = info.parentProcess() == 0 && info.image() == null ? objects.kernelHandleTable()
                : HandleTable.create(space, pagedPool, eprocess, 0, true, nt.address(NtSymbols.HANDLE_TABLE_LIST_HEAD));
        handleTables.put(eprocess, handles);
        long token = space.read(space.struct("_EPROCESS", eprocess).addressOf("Token"), 8) & ~0xfL;
        long logonId = space.struct("_TOKEN", token).get("AuthenticationId.LowPart");
        objects.ObAssignSecurity(eprocess, SecurityDescriptors.processObject(Sid.of(security.SeQueryUserSid(token)),
                PROCESS_ALL_ACCESS));
        space.struct("_EPROCESS", eprocess)
                .put("ObjectTable", handles.address())
                .put("DeviceMap", objects.ObpReferenceDeviceMap(logonId));
        gate.leave("ObInitProcess");
        return handles;
    }

    /** 3B: the page directory, hyperspace, VAD bitmap and working set list pages, and their commit. */
    void MmCreateProcessAddressSpace(NewProcess process) {
        gate.enter("MmCreateProcessAddressSpace");
        ProcessCreateInfo info = process.info;
        process.directoryTableBase = mm.MmCreateProcessAddressSpace(process.eprocess,
                info.image() == null && info.parentProcess() == 0);
        gate.leave("MmCreateProcessAddressSpace");
    }

    /**
     * 3C, KeInitializeProcess: the kernel process block: dispatcher header, DirectoryTableBase,
     * thread list head, base priority of the class, default quantum, the affinity inherited from
     * the parent, state resident (ProcessInMemory), ideal node 0 with a seed processor, and a
     * place on nt!KiProcessListHead.
     */
    void KeInitializeProcess(NewProcess process) {
        gate.enter("KeInitializeProcess");
        long eprocess = process.eprocess;
        int priorityClass = (int) space.read(space.struct("_EPROCESS", eprocess).addressOf("PriorityClass"), 1);
        StructBuffer k = space.batch("_KPROCESS", eprocess)
                .put("Header.Type", PROCESS_OBJECT)
                .emptyList("Header.WaitListHead")
                .emptyList("ProfileListHead")
                .put("DirectoryTableBase", process.directoryTableBase)
                .emptyList("ThreadListHead")
                .emptyList("ReadyListHead")
                .put("BasePriority", BASE_PRIORITY[priorityClass])
                .put("QuantumReset", CLIENT_QUANTUM)
                .put("StackCount.State", 0)   // ProcessInMemory: resident
                .put("ActiveGroupsMask", 1)
                .put("UserDirectoryTableBase", 0);
        if (process.info.parentProcess() != 0) {
            byte[] parentAffinity = new byte[0xa8];
            space.memory().readAvailable(space.struct("_KPROCESS", process.info.parentProcess()).addressOf("Affinity"),
                    parentAffinity, 0, parentAffinity.length);
            k.putBytes("Affinity", parentAffinity);
        } else {
            k.put("Affinity.Count", 1).put("Affinity.Size", 0x20);
            k.putBytes("Affinity.Bitmap", longBytes((1L << processorCount) - 1));
        }
        int seed = random.nextInt(processorCount);
        k.putBytes("ThreadSeed", new byte[] {(byte) seed, 0}).putBytes("IdealProcessor", new byte[] {(byte) seed, 0});
        k.flush();
        ListEntry.insertTail(space.memory(), nt.address(NtSymbols.KI_PROCESS_LIST_HEAD),
                k.addressOf("ProcessListEntry"));
        gate.leave("KeInitializeProcess");
    }

    /** 3D, MmInitializeProcessAddressSpace: the user half gets the image, ntdll and KUSER_SHARED_DATA. */
    void MmInitializeProcessAddressSpace(NewProcess process) {
        gate.enter("MmInitializeProcessAddressSpace");
        ProcessCreateInfo info = process.info;
        process.user = mm.newUserSpace(process.eprocess, process.directoryTableBase);
        sharedUserData.mapInto(process.user);
        int tickCount = (int) ((info.createTime() - SystemClock.BOOT_TIME) / 156_250);   // 15.625 ms clock ticks
        mm.MmInitializeProcessAddressSpace(process.eprocess, process.user, info.image(), knownDlls.ntdll(),
                info.sessionId() >= 0, tickCount);
        gate.leave("MmInitializeProcessAddressSpace");
    }

    /** 3E: the PEB, and the process parameters the parent prepared (RtlCreateProcessParameters). */
    void MmCreatePeb(NewProcess process) {
        gate.enter("MmCreatePeb");
        ProcessCreateInfo info = process.info;
        UserSpace user = process.user;
        long peb = mm.MmCreatePeb(user, info.image().base(), info.sessionId(), processorCount,
                info.subsystem());
        long parameters = Loader.RtlCreateProcessParameters(user, info.image().path(), info.commandLine(),
                info.currentDirectory(), info.image().path(), environment(info));
        user.struct("_PEB", peb).put("ProcessParameters", parameters);
        space.struct("_EPROCESS", process.eprocess).put("Peb", peb);
        chargePrivatePages(process.eprocess, user);
        gate.leave("MmCreatePeb");
    }

    /**
     * The block the creator passes: one built for the account it starts the process as, or a copy of
     * its own; smss, whose creator is the System process, builds its own from the registry.
     */
    private String environment(ProcessCreateInfo info) {
        Account account = info.environmentAccount();
        if (account != null) {
            int session = Math.max(info.sessionId(), 0);
            return Environment.forAccount(account.accountName(session), account.authorityName());
        }
        CreatedProcess creator = byEprocess.get(info.parentProcess());
        return creator == null || creator.user() == null ? Environment.sessionManager() : Environment.of(creator.user());
    }

    /**
     * 3F, PspInsertProcess: a PID from PspCidTable, the tail of PsActiveProcessHead, the session's
     * process list, and the parent's job if it has one. The process is now visible.
     */
    void PspInsertProcess(NewProcess process) {
        gate.enter("PspInsertProcess");
        long eprocess = process.eprocess;
        long pid = cidTable.add(eprocess, 0);
        process.processId = pid;
        StructView e = space.struct("_EPROCESS", eprocess).put("UniqueProcessId", pid);
        space.struct("_HANDLE_TABLE", process.handles.address()).put("UniqueProcessId", pid);
        ListEntry.insertTail(space.memory(), nt.address(NtSymbols.PS_ACTIVE_PROCESS_HEAD), e.addressOf("ActiveProcessLinks"));
        if (process.info.sessionId() >= 0) {
            StructView session = space.struct("_MM_SESSION_SPACE", sessions.session(process.info.sessionId()));
            ListEntry.insertTail(space.memory(), session.addressOf("ProcessList"), e.addressOf("SessionProcessLinks"));
            session.put("ProcessReferenceToSession", space.read(session.addressOf("ProcessReferenceToSession"), 4) + 1);
        }
        if (process.info.parentProcess() != 0) {
            long job = space.read(space.struct("_EPROCESS", process.info.parentProcess()).addressOf("Job"), 8);
            if (job != 0) {
                jobs.PspAddProcessToJob(job, eprocess);
            }
        }
        e.put("ProcessInserted", 1).put("CreateReported", 1);
        gate.leave("PspInsertProcess");
    }

    /**
     * TerminateProcess: NtTerminateProcess and PspTerminateProcess run every thread down
     * (PspExitThread), the last one's exit runs PspExitProcess; when no handle holds the process any
     * more its last reference goes and PspProcessDelete takes it off the lists, its EPROCESS left in
     * a freed pool block. While a handle holds it, it stays a zombie on the active list (transcripts 6.5).
     */
    public void NtTerminateProcess(long eprocess, long exitStatus, long exitTime) {
        CreatedProcess process = byEprocess.get(eprocess);
        if (process == null) {
            throw new IllegalArgumentException("no live process at " + Long.toHexString(eprocess));
        }
        gate.enter("NtTerminateProcess");
        gate.enter("PspTerminateProcess");
        for (long thread : process.threads()) {
            exits.PspExitThread(eprocess, thread, exitTime, exitStatus);
        }
        exits.PspExitProcess(eprocess, exitTime, exitStatus);
        gate.leave("PspTerminateProcess");
        byEprocess.remove(eprocess);
        long header = eprocess - NtTypes.offsetOf("_OBJECT_HEADER", "Body");
        if (space.struct("_OBJECT_HEADER", header).get("HandleCount") == 0) {
            exits.PspProcessDelete(eprocess);
        }
        gate.leave("NtTerminateProcess");
    }

    /** True while the process has not been terminated. */
    public boolean isRunning(long eprocess) {
        return byEprocess.containsKey(eprocess);
    }

    /** Stage 4: PspAllocateThread then PspInsertThread; {@code createTime} is the system time it happens at. */
    public long PspCreateThread(CreatedProcess process, boolean initialThread, long createTime) {
        gate.enter("PspCreateThread");
        long ethread = PspAllocateThread(process, initialThread, createTime);
        PspInsertThread(process, ethread);
        process.threads().add(ethread);
        gate.leave("PspCreateThread");
        return ethread;
    }

    /**
     * The thread object (it references its process); KeInitThread gives it a kernel stack, its start
     * addresses and state, and the thread notes when it was created (KeQuerySystemTime into
     * ETHREAD.CreateTime).
     */
    long PspAllocateThread(CreatedProcess process, boolean initialThread, long createTime) {
        gate.enter("PspAllocateThread");
        long ethread = objects.create(ObjectTypeIndex.THREAD, "Thre", 0x898,
                ObjectManager.QUOTA_INFO | ObjectManager.PADDING_INFO);
        objects.ObReferenceObject(process.eprocess());
        long token = space.read(space.struct("_EPROCESS", process.eprocess()).addressOf("Token"), 8) & ~0xfL;
        objects.ObAssignSecurity(ethread, SecurityDescriptors.processObject(Sid.of(security.SeQueryUserSid(token)),
                THREAD_ALL_ACCESS));
        gate.enter("KeInitThread");
        threads.KeInitThread(ethread, process, initialThread);
        gate.leave("KeInitThread");
        space.batch("_ETHREAD", ethread)
                .put("CreateTime", createTime)
                .emptyList("ActiveTimerListHead")
                .emptyList("IrpList")
                .emptyList("BoostList")
                .emptyList("DeboostList")
                .emptyList("OwnerEntryListHead")
                .emptyList("DisownedOwnerEntryListHead")
                .flush();
        gate.leave("PspAllocateThread");
        return ethread;
    }

    /**
     * A TID from PspCidTable, the TEB, the process's thread list and count, then KeStartThread puts the
     * thread on the kernel process's list.
     */
    void PspInsertThread(CreatedProcess process, long ethread) {
        gate.enter("PspInsertThread");
        long tid = cidTable.add(ethread, 0);
        StructView thread = space.struct("_ETHREAD", ethread)
                .put("Cid.UniqueProcess", process.processId())
                .put("Cid.UniqueThread", tid);
        if (process.user() != null) {
            gate.enter("MmCreateTeb");
            long[] stack = process.user().takeStack(3);
            long teb = mm.MmCreateTeb(process.user(), process.processId(), tid, stack);
            thread.put("Tcb.Teb", teb);
            chargePrivatePages(process.eprocess(), process.user());
            gate.leave("MmCreateTeb");
        }
        StructView eprocess = space.struct("_EPROCESS", process.eprocess());
        ListEntry.insertTail(space.memory(), eprocess.addressOf("ThreadListHead"),
                thread.addressOf("ThreadListEntry"));
        long active = space.read(eprocess.addressOf("ActiveThreads"), 4) + 1;
        eprocess.put("ActiveThreads", active);
        long watermark = space.read(eprocess.addressOf("ActiveThreadsHighWatermark"), 4);
        eprocess.put("ActiveThreadsHighWatermark", Math.max(active, watermark));
        KeStartThread(eprocess, thread);
        gate.leave("PspInsertThread");
    }

    /** KeStartThread: the thread joins its kernel process's thread list, from which the scheduler picks it. */
    private void KeStartThread(StructView eprocess, StructView thread) {
        gate.enter("KeStartThread");
        ListEntry.insertTail(space.memory(), eprocess.addressOf("Pcb.ThreadListHead"),
                thread.addressOf("Tcb.ThreadListEntry"));
        gate.leave("KeStartThread");
    }

    /**
     * Stage 7, the initial thread's first run in user mode (LdrInitializeThunk): the process heap,
     * the image's DLLs mapped, and the loader's module lists in ntdll's (now private) data page. A
     * Win32 process loads KERNEL32 and KERNELBASE before its own imports; a native one (smss, csrss)
     * has ntdll and its own imports only.
     */
    void LdrInitializeThunk(CreatedProcess process) {
        gate.enter("ntdll!LdrInitializeThunk");
        UserSpace user = process.user();
        UserImage ntdll = knownDlls.ntdll();
        boolean win32 = process.info().subsystem() != ProcessCreateInfo.SUBSYSTEM_NATIVE;
        List<UserImage> loadOrder = new ArrayList<>();
        loadOrder.add(process.image());
        loadOrder.addAll(win32 ? knownDlls.baseDlls() : List.of(ntdll));
        int firstImport = loadOrder.size();
        for (UserImage dll : process.info().dlls()) {
            if (!loadOrder.contains(dll)) {
                loadOrder.add(dll);
            }
        }
        for (UserImage dll : loadOrder.subList(2, loadOrder.size())) {   // the exe and ntdll are mapped (3D)
            mm.mapImage(user, dll);
        }
        List<UserImage> initOrder = new ArrayList<>(win32 ? knownDlls.initializationOrder() : List.of(ntdll));
        initOrder.addAll(loadOrder.subList(firstImport, loadOrder.size()));
        process.modules().addAll(loadOrder);
        mm.makePagePrivate(user, ntdll.base() + Loader.LDR_DATA_RVA);
        long processHeaps = ntdll.base() + MemoryManager.PROCESS_HEAPS_RVA;
        user.struct("_PEB", user.peb())
                .put("ProcessHeap", user.heapBase())
                .put("NumberOfHeaps", 1)
                .put("ProcessHeaps", processHeaps);
        user.write(processHeaps, longBytes(user.heapBase()));
        // The initial thread runs about a millisecond after it was created, and loads as it starts.
        Loader.LdrInitializeThunk(user, user.peb(), ntdll, loadOrder, initOrder,
                process.info().threadCreateTime(0) + 10_000, gate);
        chargePrivatePages(process.eprocess(), user);
        long token = space.read(space.struct("_EPROCESS", process.eprocess()).addressOf("Token"), 8) & ~0xfL;
        loader.LdrpInitializeProcess(new LoaderInitialization.StartingProcess(process.handles(), process.eprocess(),
                process.processId(), process.info().sessionId(), process.info().currentDirectory(),
                process.info().subsystem(), loadOrder, security.SeQueryUserSid(token), user));
        gate.leave("ntdll!LdrInitializeThunk");
    }

    private static byte[] longBytes(long value) {
        byte[] bytes = new byte[8];
        LittleEndian.putLong(bytes, 0, value);
        return bytes;
    }

    /** Commit for the private pages the process got since the last charge (PEB, TEBs, stacks, heap). */
    private void chargePrivatePages(long eprocess, UserSpace user) {
        long pages = user.takeUncharged();
        if (pages > 0) {
            mm.MiChargeCommitment(eprocess, pages);
            StructView e = space.struct("_EPROCESS", eprocess);
            e.put("NumberOfPrivatePages", space.read(e.addressOf("NumberOfPrivatePages"), 8) + pages);
        }
    }
}
