package dev.kdlab.kernel.ps;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ListEntry;
import dev.kdlab.kernel.RoutineGate;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.kernel.image.NtImage;
import dev.kdlab.kernel.image.NtSymbols;
import dev.kdlab.kernel.ke.SystemClock;
import dev.kdlab.kernel.mm.SessionSpaces;
import dev.kdlab.kernel.ob.ObjectManager;
import dev.kdlab.kernel.ob.ObjectTypeIndex;
import dev.kdlab.kernel.se.SecurityReferenceMonitor;
import dev.kdlab.struct.StructView;

/**
 * Processes that ran and ended before the machine's "now": the session instances of smss (each
 * starts its session's csrss and wininit or winlogon, then exits; the master smss closes its handle)
 * and userinit (it starts explorer and exits). kdlab does not play their short lives; it writes what
 * outlives them. Their objects were created as every process's is ({@link #PspInsertShortLivedProcess}:
 * the object, ids, times, session, audit name and a place on PsActiveProcessHead), then the last
 * thread's exit ran {@link #PspExitProcess} and the last reference's release {@link #PspProcessDelete},
 * which takes the process off the active and session lists and frees its object. The freed pool
 * block keeps its bytes (tag Proc, ExitTime, no threads, no handle table), so a pool scan finds the
 * process as terminated while !process and the active list no longer show it (machine-19045.md 1.1:
 * the smss instances are in no process list; a capture that still held a handle to userinit would
 * show it as a zombie on the active list, transcripts 6.5).
 */
public final class ProcessExit {
    private static final int PROCESS_OBJECT = 3;   // _KOBJECTS ProcessObject
    private static final int TERMINATED = 4;       // _KTHREAD_STATE Terminated

    private final KernelSpace space;
    private final NtImage nt;
    private final ObjectManager objects;
    private final SessionSpaces sessions;
    private final SecurityReferenceMonitor security;
    private final Pool pagedPool;
    private final RoutineGate gate;

    ProcessExit(KernelSpace space, NtImage nt, ObjectManager objects, SessionSpaces sessions,
                SecurityReferenceMonitor security, Pool pagedPool, RoutineGate gate) {
        this.gate = gate;
        this.space = space;
        this.nt = nt;
        this.objects = objects;
        this.sessions = sessions;
        this.security = security;
        this.pagedPool = pagedPool;
    }

    /**
     * The process object as PspAllocateProcess and PspInsertProcess left it, in the parts that
     * outlive the process: its page directory was freed when it ended (the frame the next allocation
     * reuses), its PID is an entry of PspCidTable freed since ({@code processId}). Returns the EPROCESS.
     *
     * @param imagePath the image's path, for the audit name
     */
    public long PspInsertShortLivedProcess(ProcessCreateInfo info, String imagePath, long processId) {
        long eprocess = objects.create(ObjectTypeIndex.PROCESS, "Proc", 0xa40,
                ObjectManager.QUOTA_INFO | ObjectManager.PADDING_INFO);
        long sinceBoot = info.createTime() - SystemClock.BOOT_TIME;
        space.batch("_EPROCESS", eprocess)
                .put("Pcb.Header.Type", PROCESS_OBJECT)
                .put("Pcb.DirectoryTableBase", space.frames().peek() << 12)
                .emptyList("Pcb.ThreadListHead")
                .emptyList("Pcb.Header.WaitListHead")
                .emptyList("Pcb.ProfileListHead")
                .emptyList("Pcb.ReadyListHead")
                .emptyList("SvmProcessDeviceListHead")
                .emptyList("SharedCommitLinks")
                .emptyList("VirtualTimerListHead")
                .put("UniqueProcessId", processId)
                .put("InheritedFromUniqueProcessId", info.parentProcessId())
                .put("CreateTime", info.createTime())
                .put("CreateInterruptTime", sinceBoot)
                .put("CreateUnbiasedInterruptTime", sinceBoot)
                .put("PriorityClass", ProcessManager.PRIORITY_NORMAL)
                .put("Protection.Level", info.protection())
                .put("Flags2", ProcessManager.FLAGS2)
                .put("Flags3", ProcessManager.FLAGS3_USER)
                .put("CreateReported", 1)
                .put("ProcessInserted", 1)
                .emptyList("ThreadListHead")
                .putAnsi("ImageFileName", info.imageFileName(), 15)
                .flush();
        security.SeInitializeProcessAuditName(eprocess, imagePath);
        StructView e = space.struct("_EPROCESS", eprocess);
        ListEntry.insertTail(space.memory(), nt.address(NtSymbols.PS_ACTIVE_PROCESS_HEAD), e.addressOf("ActiveProcessLinks"));
        if (info.sessionId() >= 0) {
            StructView session = space.struct("_MM_SESSION_SPACE",
                    sessions.MmSessionCreate(info.sessionId(), info.createTime()));
            e.put("Session", session.address());
            ListEntry.insertTail(space.memory(), session.addressOf("ProcessList"), e.addressOf("SessionProcessLinks"));
            session.put("ProcessReferenceToSession", session.get("ProcessReferenceToSession") + 1);
        }
        objects.ObpUpdateTypeTotals();
        return eprocess;
    }

    /** The last thread is gone: the exit time and status, and ObKillProcess has left no handle table. */
    public void PspExitProcess(long eprocess, long exitTime, long exitStatus) {
        gate.enter("PspExitProcess");
        space.struct("_EPROCESS", eprocess)
                .put("ExitTime", exitTime)
                .put("ExitStatus", exitStatus)
                .put("ProcessExiting", 1)
                .put("ObjectTable", 0)
                .put("ActiveThreads", 0);
        gate.leave("PspExitProcess");
    }

    /**
     * A thread of a terminating process runs down (PspExitThread): its exit time and status, state
     * Terminated; it stays on its process's thread lists until its own last reference goes. One thread
     * fewer is active.
     */
    public void PspExitThread(long eprocess, long ethread, long exitTime, long exitStatus) {
        gate.enter("PspExitThread");
        space.struct("_ETHREAD", ethread)
                .put("ExitTime", exitTime)
                .put("ExitStatus", exitStatus)
                .put("Tcb.State", TERMINATED)
                .put("Terminated", 1);
        StructView e = space.struct("_EPROCESS", eprocess);
        e.put("ActiveThreads", Math.max(0, e.get("ActiveThreads") - 1));
        gate.leave("PspExitThread");
    }

    /**
     * The last reference is gone: off the active and session lists (the entry keeps its old links),
     * the address space deleted, the audit name and the object freed.
     */
    public void PspProcessDelete(long eprocess) {
        gate.enter("PspProcessDelete");
        StructView e = space.struct("_EPROCESS", eprocess);
        ListEntry.remove(space.memory(), e.addressOf("ActiveProcessLinks"));
        long session = e.get("Session");
        if (session != 0) {
            ListEntry.remove(space.memory(), e.addressOf("SessionProcessLinks"));
            StructView s = space.struct("_MM_SESSION_SPACE", session);
            s.put("ProcessReferenceToSession", s.get("ProcessReferenceToSession") - 1);
        }
        e.put("ProcessDelete", 1).put("VmDeleted", 1);
        pagedPool.free(e.get("SeAuditProcessCreationInfo.ImageFileName"));
        objects.ObpFreeObject(ObjectTypeIndex.PROCESS, eprocess);
        gate.leave("PspProcessDelete");
    }
}
