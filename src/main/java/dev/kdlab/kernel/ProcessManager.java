package dev.kdlab.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * The process manager's half of process creation, stage by stage as Windows Internals (ch. 3)
 * describes it: NtCreateUserProcess -> PspAllocateProcess (3A-3F) -> PspCreateThread. Each stage is
 * its own routine and writes only what that stage writes on Windows, so the machine can later be
 * stopped between any two of them.
 */
public final class ProcessManager {
    static final long STATUS_PENDING = 0x103;
    private static final int PROCESS_OBJECT = 3;    // _KOBJECTS ProcessObject
    private static final long PROCESS_ALL_ACCESS = 0x1fffff;

    private final Kernel kernel;
    private final KernelSpace space;
    private final MemoryManager mm;
    private final KernelThreads threads;
    private final List<CreatedProcess> created = new ArrayList<>();

    public ProcessManager(Kernel kernel) {
        this.kernel = kernel;
        this.space = kernel.space();
        this.mm = kernel.memoryManager();
        this.threads = new KernelThreads(kernel);
    }

    /** The kernel's own record of a process it created (its bookkeeping, never the debugger's). */
    public record CreatedProcess(long eprocess, long processId, UserSpace user, HandleTable handles,
                                 UserImage image, List<Long> threads) {
    }

    /** The system call behind CreateProcess: allocate the process, then its initial thread(s). */
    public CreatedProcess NtCreateUserProcess(ProcessCreateInfo info) {
        CreatedProcess process = PspAllocateProcess(info);
        for (int i = 0; i < Math.max(1, info.threadCount()); i++) {
            PspCreateThread(process, i == 0);
        }
        created.add(process);
        return process;
    }

    /** Every process NtCreateUserProcess made, in creation order (the kernel's bookkeeping). */
    public List<CreatedProcess> createdProcesses() {
        return java.util.Collections.unmodifiableList(created);
    }

    public CreatedProcess PspAllocateProcess(ProcessCreateInfo info) {
        long eprocess = PspSetupProcess(info);                                        // 3A
        long dirBase = info.image() == null && info.parentProcess() == 0
                ? kernel.plan().systemDirectoryTableBase()
                : mm.MmCreateProcessAddressSpace();                                   // 3B
        KeInitializeProcess(eprocess, dirBase);                                       // 3C
        UserSpace user = info.image() == null ? null : mm.newUserSpace(dirBase);
        if (user != null) {
            MmInitializeProcessAddressSpace(eprocess, user, info.image());          // 3D
            MmCreatePeb(eprocess, user, info);                                        // 3E
        }
        HandleTable handles = ObInitProcess(eprocess, info);
        long processId = PspInsertProcess(eprocess, handles);                         // 3F
        return new CreatedProcess(eprocess, processId, user, handles, info.image(), new ArrayList<>());
    }

    /** 3A: the executive process object and the fields set before any address space exists. */
    long PspSetupProcess(ProcessCreateInfo info) {
        long eprocess = kernel.objects().create(ObjectTypeIndex.PROCESS, "Proc", 0xa40,
                ObjectManager.QUOTA_INFO | ObjectManager.PROCESS_INFO);
        StructWriter e = space.struct("_EPROCESS", eprocess)
                .put("InheritedFromUniqueProcessId", info.parentProcessId())
                .put("CreateTime", info.createTime())
                .put("ExitStatus", STATUS_PENDING)
                .put("PriorityClass", 2)
                .put("HighestUserAddress", 0x00007fff_ffff0000L)
                .put("Protection.Level", info.protection())
                .put("Flags2", 0xd000)
                .put("Cookie", kernel.random().nextInt() & 0xffffffffL)
                .put("ImagePathHash", kernel.random().nextInt() & 0xffffffffL)
                .put("DefaultHardErrorProcessing", 1)
                .emptyList("ThreadListHead")
                .emptyList("SessionProcessLinks")
                .emptyList("JobLinks")
                .putAnsi("ImageFileName", info.imageFileName(), 15);
        if (info.sessionId() >= 0) {
            e.put("Session", kernel.session(info.sessionId()));
        }
        long token = SeCreateToken(info);
        e.put("Token", token | 0xf);   // _EX_FAST_REF: low four bits count cached references
        return eprocess;
    }

    /** The primary token (duplicated from the parent on Windows); a minimal _TOKEN for now. */
    private long SeCreateToken(ProcessCreateInfo info) {
        long token = kernel.objects().create(5, "Toke", 0x498, 0);
        space.struct("_TOKEN", token)
                .put("TokenType", 1)   // TokenPrimary
                .put("AuthenticationId.LowPart", info.sessionId() <= 0 ? 0x3e7 : 0x1d2e4)
                .put("SessionId", Math.max(info.sessionId(), 0));
        return token;
    }

    /** 3C: the kernel process block, including DirectoryTableBase and the thread list head. */
    void KeInitializeProcess(long eprocess, long directoryTableBase) {
        space.struct("_KPROCESS", eprocess)
                .put("Header.Type", PROCESS_OBJECT)
                .emptyList("Header.WaitListHead")
                .emptyList("ProfileListHead")
                .put("DirectoryTableBase", directoryTableBase)
                .emptyList("ThreadListHead")
                .emptyList("ReadyListHead")
                .put("BasePriority", 8)
                .put("QuantumReset", 6)
                .put("Affinity.Count", 1)
                .put("Affinity.Size", 0x20)
                .put("UserDirectoryTableBase", 0);
        space.write64(space.struct("_KPROCESS", eprocess).addressOf("Affinity.Bitmap"),
                (1L << kernel.processorCount()) - 1);
    }

    /** 3D: map the image section at SectionBaseAddress and ntdll into the new address space. */
    void MmInitializeProcessAddressSpace(long eprocess, UserSpace user, UserImage image) {
        kernel.sharedUserData().mapInto(user);
        mm.mapImage(user, image);
        for (UserImage dll : kernel.systemDlls()) {
            mm.mapImage(user, dll);
        }
        // The loader writes PEB_LDR_DATA into ntdll's data page: that page becomes the process's own.
        mm.makePagePrivate(user, kernel.ntdll().base() + Loader.LDR_DATA_RVA);
        space.struct("_EPROCESS", eprocess)
                .put("SectionBaseAddress", image.base())
                .put("Flags", 0x144d0c01);   // AddressSpaceInitialized=3, HasAddressSpace, ProcessInSession ...
    }

    /** 3E: the PEB, the process parameters and, on the new thread's first run, the loader lists. */
    void MmCreatePeb(long eprocess, UserSpace user, ProcessCreateInfo info) {
        long peb = mm.MmCreatePeb(user, info.image().base(), info.sessionId(), kernel.processorCount());
        String directory = info.currentDirectory();
        long parameters = Loader.RtlCreateProcessParameters(user, info.image().path(), info.commandLine(),
                directory, info.image().path(), Environment.forSession(info.sessionId()));
        user.struct("_PEB", peb).put("ProcessParameters", parameters);
        List<UserImage> dlls = kernel.systemDlls();
        List<UserImage> loadOrder = new ArrayList<>();
        loadOrder.add(info.image());
        loadOrder.addAll(dlls);
        Loader.LdrInitializeThunk(user, peb, kernel.ntdll(), loadOrder, kernel.initializationOrder());
        space.struct("_EPROCESS", eprocess).put("Peb", peb);
    }

    /** The handle table (ObInitProcess), with the handles the process holds. */
    private HandleTable ObInitProcess(long eprocess, ProcessCreateInfo info) {
        HandleTable handles = HandleTable.create(space, kernel.pagedPool(), eprocess, 0, true);
        for (int i = 0; i < info.handleCount(); i++) {
            handles.add(kernel.sharedEvent(i), 0x1f0003);
        }
        space.struct("_EPROCESS", eprocess).put("ObjectTable", handles.address());
        return handles;
    }

    /** 3F: a PID from PspCidTable, and the tail of PsActiveProcessHead. */
    long PspInsertProcess(long eprocess, HandleTable handles) {
        long pid = kernel.cidTable().add(eprocess, 0);
        StructWriter e = space.struct("_EPROCESS", eprocess).put("UniqueProcessId", pid);
        space.struct("_HANDLE_TABLE", handles.address()).put("UniqueProcessId", pid);
        ListEntry.insertTail(space.memory(), kernel.activeProcessHead(), e.addressOf("ActiveProcessLinks"));
        return pid;
    }

    /** Stage 4: PspAllocateThread then PspInsertThread. */
    public long PspCreateThread(CreatedProcess process, boolean initialThread) {
        long ethread = PspAllocateThread(process, initialThread);
        PspInsertThread(process, ethread);
        process.threads().add(ethread);
        return ethread;
    }

    /** The thread object; KeInitThread gives it a kernel stack, its start addresses and state. */
    long PspAllocateThread(CreatedProcess process, boolean initialThread) {
        long ethread = kernel.objects().create(ObjectTypeIndex.THREAD, "Thre", 0x898, ObjectManager.QUOTA_INFO);
        threads.KeInitThread(ethread, process, initialThread);
        return ethread;
    }

    /** A TID from PspCidTable, the TEB, and both thread lists (KPROCESS and EPROCESS). */
    void PspInsertThread(CreatedProcess process, long ethread) {
        long tid = kernel.cidTable().add(ethread, 0);
        StructWriter thread = space.struct("_ETHREAD", ethread)
                .put("Cid.UniqueProcess", process.processId())
                .put("Cid.UniqueThread", tid);
        if (process.user() != null) {
            long[] stack = process.user().takeStack(3);
            long teb = mm.MmCreateTeb(process.user(), process.processId(), tid, stack);
            thread.put("Tcb.Teb", teb);
        }
        StructWriter eprocess = space.struct("_EPROCESS", process.eprocess());
        ListEntry.insertTail(space.memory(), eprocess.addressOf("Pcb.ThreadListHead"),
                thread.addressOf("Tcb.ThreadListEntry"));
        ListEntry.insertTail(space.memory(), eprocess.addressOf("ThreadListHead"),
                thread.addressOf("ThreadListEntry"));
        long active = space.read(eprocess.addressOf("ActiveThreads"), 4) + 1;
        eprocess.put("ActiveThreads", active);
        long watermark = space.read(eprocess.addressOf("ActiveThreadsHighWatermark"), 4);
        eprocess.put("ActiveThreadsHighWatermark", Math.max(active, watermark));
    }
}
