package dev.kdlab.kernel.ps;

import dev.kdlab.struct.StructView;
import dev.kdlab.kernel.ob.ObjectManager;
import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ListEntry;
import dev.kdlab.kernel.ob.ObjectTypeIndex;

/**
 * Job objects (_EJOB): created empty for a session, given processes one by one. PspInsertProcess
 * binds a new process to its parent's job here (Windows Internals ch. 3, stage 3F).
 */
public final class JobObjects {
    private final ObjectManager objects;
    private final KernelSpace space;

    JobObjects(ObjectManager objects, KernelSpace space) {
        this.objects = objects;
        this.space = space;
    }

    /** NtCreateJobObject: an empty job of a session. */
    public long NtCreateJobObject(int sessionId) {
        long job = objects.create(ObjectTypeIndex.JOB, "Job ", 0x640, 0);
        space.struct("_EJOB", job)
                .emptyList("Event.Header.WaitListHead")
                .emptyList("ProcessListHead")
                .put("SessionId", Math.max(sessionId, 0));
        return job;
    }

    /** PspAddProcessToJob: the job's process list gets the process; its counters move. */
    public void PspAddProcessToJob(long job, long eprocess) {
        StructView j = space.struct("_EJOB", job);
        StructView e = space.struct("_EPROCESS", eprocess).put("Job", job);
        ListEntry.insertTail(space.memory(), j.addressOf("ProcessListHead"), e.addressOf("JobLinks"));
        j.put("ActiveProcesses", space.read(j.addressOf("ActiveProcesses"), 4) + 1)
                .put("TotalProcesses", space.read(j.addressOf("TotalProcesses"), 4) + 1);
    }
}
