package dev.kdlab.debugger.views;

import dev.kdlab.debugger.Session;
import dev.kdlab.struct.StructView;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.types.ArrayType;
import dev.kdlab.types.FieldSlot;

import java.util.List;
import java.util.OptionalLong;

/**
 * A process as commands read it: an {@code _EPROCESS} in kernel memory, its fields read by name
 * through the target's catalog when asked (layouts-19041/_EPROCESS.txt). The view also gives the
 * process's threads (ThreadListHead) and its own address space (Pcb.DirectoryTableBase), as
 * Volatility's EPROCESS adds a process layer.
 */
public final class Eprocess {
    /** ImageFileName is a 15-character array (kdexts prints it whole, NUL or not). */
    private static final int IMAGE_FILE_NAME_LENGTH = 15;

    private final Session session;
    private final StructView fields;

    private Eprocess(Session session, long address) {
        this.session = session;
        this.fields = session.kernelStruct("_EPROCESS", address);
    }

    public static Eprocess at(Session session, long address) {
        return new Eprocess(session, address);
    }

    public long address() {
        return fields.address();
    }

    public long processId() throws MemoryAccessException {
        return fields.get("UniqueProcessId");
    }

    public long parentProcessId() throws MemoryAccessException {
        return fields.get("InheritedFromUniqueProcessId");
    }

    public String imageFileName() throws MemoryAccessException {
        return fields.ansi("ImageFileName", IMAGE_FILE_NAME_LENGTH);
    }

    public long peb() throws MemoryAccessException {
        return fields.get("Peb");
    }

    public long directoryTableBase() throws MemoryAccessException {
        return fields.get("Pcb.DirectoryTableBase");
    }

    /** Memory as this process sees it: its own page tables. */
    public VirtualMemory addressSpace() throws MemoryAccessException {
        return session.target().addressSpace(directoryTableBase());
    }

    public long objectTable() throws MemoryAccessException {
        return fields.get("ObjectTable");
    }

    /** The session's id from its _MM_SESSION_SPACE; empty for a process in no session (System, Idle). */
    public OptionalLong sessionId() {
        try {
            long space = fields.get("Session");
            return space == 0 ? OptionalLong.empty()
                    : OptionalLong.of(session.kernelStruct("_MM_SESSION_SPACE", space).get("SessionId"));
        } catch (MemoryAccessException e) {
            return OptionalLong.empty();
        }
    }

    /** The primary token: the EX_FAST_REF's object, its reference count bits cleared. */
    public long token() throws MemoryAccessException {
        FieldSlot refCount = session.type("_EX_FAST_REF").slot("RefCnt");
        return fields.get("Token") & ~(refCount.mask() << refCount.bitPosition());
    }

    public long deviceMap() throws MemoryAccessException {
        return fields.get("DeviceMap");
    }

    /** When the process was created, as a FILETIME (0 when unknown). */
    public long createTime() throws MemoryAccessException {
        return fields.get("CreateTime");
    }

    /** The ETHREADs of ThreadListHead, in list order. */
    public List<Long> threads() {
        long linkOffset = session.type("_ETHREAD").offsetOf("ThreadListEntry");
        return ListWalk.entries(session.kernel(), fields.addressOf("ThreadListHead"), linkOffset);
    }

    /** Whether the object header in front of it says Process. */
    public boolean isProcessObject() {
        return ObjectHeader.ofBody(session, address()).typeName().map("Process"::equals).orElse(false);
    }

    /** The counters {@code !process} shows with flag 1, in its order. */
    public Counters counters() throws MemoryAccessException {
        // ProcessQuotaUsage[PagedPool], [NonPagedPool]: an array whose element the catalog sizes
        ArrayType quotaArray = (ArrayType) session.type("_EPROCESS").resolved("ProcessQuotaUsage")
                .field().type();
        int quotaSize = (int) quotaArray.element().size();
        long quota = fields.addressOf("ProcessQuotaUsage");
        VirtualMemory kernel = session.kernel();
        return new Counters(fields.get("VadRoot.Root"), fields.get("VadCount"), fields.get("NumberOfPrivatePages"),
                fields.get("ModifiedPageCount"), fields.get("NumberOfLockedPages"), fields.get("Pcb.UserTime"),
                fields.get("Pcb.KernelTime"), kernel.readUnsigned(quota, quotaSize),
                kernel.readUnsigned(quota + quotaSize, quotaSize), fields.get("Vm.Instance.WorkingSetLeafSize"),
                fields.get("Vm.Instance.MinimumWorkingSetSize"), fields.get("Vm.Instance.MaximumWorkingSetSize"),
                fields.get("Vm.Instance.PeakWorkingSetSize"), fields.get("VirtualSize"), fields.get("PeakVirtualSize"),
                fields.get("Vm.Instance.PageFaultCount"), fields.get("Vm.Instance.Flags.MemoryPriority"),
                fields.get("Pcb.BasePriority"), fields.get("CommitCharge"));
    }

    /**
     * Memory and time counters of a process: VADs, page counts, run times in ticks, pool quota
     * (ProcessQuotaUsage[0] paged, [1] non-paged), working set in pages, sizes in bytes.
     */
    public record Counters(long vadRoot, long vadCount, long privatePages, long modifiedPages, long lockedPages,
                           long userTime, long kernelTime, long pagedPoolQuota, long nonPagedPoolQuota,
                           long workingSetSize, long minimumWorkingSetSize, long maximumWorkingSetSize,
                           long peakWorkingSetSize, long virtualSize, long peakVirtualSize, long pageFaultCount,
                           long memoryPriority, long basePriority, long commitCharge) {
    }
}
