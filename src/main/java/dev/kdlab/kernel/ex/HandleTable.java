package dev.kdlab.kernel.ex;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ListEntry;
import dev.kdlab.kernel.NtTypes;

import dev.kdlab.memory.LittleEndian;
import dev.kdlab.types.FieldSlot;

import java.util.ArrayList;
import java.util.List;

/**
 * An executive handle table ({@code _HANDLE_TABLE}): pages of 256 {@code _HANDLE_TABLE_ENTRY}s,
 * reached through TableCode, whose low two bits give the number of levels above the entries.
 * A handle value is the entry index times four; index 0 is never used. PspCidTable is one of these
 * whose entries point at object bodies; a process's table points at object headers.
 */
public final class HandleTable {
    public static final int ENTRIES_PER_PAGE = 256;
    private static final int POINTERS_PER_PAGE = 512;
    private static final int ENTRY_SIZE = (int) NtTypes.struct("_HANDLE_TABLE_ENTRY").size();
    /** How far an object's body is from its header: entries of object tables point at headers. */
    private static final int OBJECT_BODY = NtTypes.offsetOf("_OBJECT_HEADER", "Body");
    /** _HANDLE_TABLE_ENTRY's bitfields, placed by the catalog. */
    private static final FieldSlot UNLOCKED = NtTypes.struct("_HANDLE_TABLE_ENTRY").slot("Unlocked");
    private static final FieldSlot REF_CNT = NtTypes.struct("_HANDLE_TABLE_ENTRY").slot("RefCnt");
    private static final FieldSlot ATTRIBUTES = NtTypes.struct("_HANDLE_TABLE_ENTRY").slot("Attributes");
    private static final FieldSlot OBJECT_POINTER_BITS = NtTypes.struct("_HANDLE_TABLE_ENTRY").slot("ObjectPointerBits");
    private static final FieldSlot GRANTED_ACCESS_BITS = NtTypes.struct("_HANDLE_TABLE_ENTRY").slot("GrantedAccessBits");
    private static final int HANDLE_STEP = 4;
    /** _HANDLE_TABLE_ENTRY.Attributes (bits 17-19): what !handle prints as (Protected), (Inherit), (Audit). */
    public static final int PROTECT_FROM_CLOSE = 1;
    public static final int INHERIT = 2;
    public static final int AUDIT_ON_CLOSE = 4;
    /**
     * A new entry's RefCnt (bits 1-16): the references the entry caches (0x7fff, all unused), which the
     * object's PointerCount carries on the entry's behalf (ObpIncrementHandleCount's bias).
     */
    public static final long CACHED_REFERENCES = 0x7fff;

    private final KernelSpace kernel;
    private final Pool pagedPool;
    private final long address;
    private final boolean entriesPointAtHeaders;
    /** The pages of entries, in handle order; the Java side of what the table levels point at. */
    private final List<Long> entryPages = new ArrayList<>();
    /** The pages of pointers one level up (TableCode | 1), under a top page (TableCode | 2) once there are many. */
    private final List<Long> middlePages = new ArrayList<>();
    private long topPage;
    private long nextHandle = HANDLE_STEP;
    private int used;

    private HandleTable(KernelSpace kernel, Pool pagedPool, long address, boolean entriesPointAtHeaders) {
        this.kernel = kernel;
        this.pagedPool = pagedPool;
        this.address = address;
        this.entriesPointAtHeaders = entriesPointAtHeaders;
    }

    /**
     * ExCreateHandleTable: one page of entries, owned by {@code quotaProcess} (0 for PspCidTable and
     * the kernel's table), on the list at {@code tableListHead} (nt!HandleTableListHead) unless that is
     * 0: PspCidTable is taken off the list again (ExRemoveHandleTable), so it is never on it.
     */
    public static HandleTable create(KernelSpace kernel, Pool pagedPool, long quotaProcess, long processId,
                                     boolean entriesPointAtHeaders, long tableListHead) {
        long table = pagedPool.allocate("Obtb", 0x80);
        HandleTable handles = new HandleTable(kernel, pagedPool, table, entriesPointAtHeaders);
        long first = pagedPool.allocatePages("Obtb", 1);
        handles.entryPages.add(first);
        kernel.struct("_HANDLE_TABLE", table)
                .put("TableCode", first)
                .put("QuotaProcess", quotaProcess)
                .put("UniqueProcessId", processId)
                .emptyList("HandleTableList");
        if (tableListHead != 0) {
            ListEntry.insertTail(kernel.memory(), tableListHead, table + NtTypes.offsetOf("_HANDLE_TABLE", "HandleTableList"));
        }
        handles.writeCapacity();
        return handles;
    }

    /**
     * ExCreateHandle for an object table: the entry points at the object's header, caches
     * {@link #CACHED_REFERENCES} references and carries the handle's attributes; returns the handle.
     */
    public long add(long objectBody, long grantedAccess, int attributes) {
        long handle = nextHandle;
        long header = objectBody - OBJECT_BODY;
        byte[] entry = new byte[ENTRY_SIZE];
        long low = OBJECT_POINTER_BITS.insert(0, header >>> 4);
        low = ATTRIBUTES.insert(low, attributes);
        low = REF_CNT.insert(low, CACHED_REFERENCES);
        LittleEndian.putLong(entry, OBJECT_POINTER_BITS.offset(), UNLOCKED.insert(low, 1));
        LittleEndian.putLong(entry, GRANTED_ACCESS_BITS.offset(), GRANTED_ACCESS_BITS.insert(0, grantedAccess));
        kernel.write(entryAddress(handle), entry);
        nextHandle += HANDLE_STEP;
        used++;
        return handle;
    }

    public long address() {
        return address;
    }

    public int count() {
        return used;
    }

    /** Inserts an object at the next free handle and returns the handle value. */
    public long add(long objectBody, long grantedAccess) {
        long handle = nextHandle;
        addAll(new long[] {objectBody}, grantedAccess);
        return handle;
    }

    /**
     * Inserts objects at the next free handles, in order (ObInitProcess filling a new table):
     * each page of entries is written at once.
     */
    public void addAll(long[] objectBodies, long grantedAccess) {
        int i = 0;
        while (i < objectBodies.length) {
            long first = entryAddress(nextHandle);
            int room = (int) (ENTRIES_PER_PAGE - nextHandle / HANDLE_STEP % ENTRIES_PER_PAGE);
            int run = Math.min(room, objectBodies.length - i);
            byte[] entries = new byte[ENTRY_SIZE * run];
            for (int j = 0; j < run; j++) {
                long target = entriesPointAtHeaders ? objectBodies[i + j] - OBJECT_BODY : objectBodies[i + j];
                LittleEndian.putLong(entries, ENTRY_SIZE * j + OBJECT_POINTER_BITS.offset(),
                        UNLOCKED.insert(OBJECT_POINTER_BITS.insert(0, target >>> 4), 1));
                LittleEndian.putLong(entries, ENTRY_SIZE * j + GRANTED_ACCESS_BITS.offset(),
                        GRANTED_ACCESS_BITS.insert(0, grantedAccess));
            }
            kernel.write(first, entries);
            nextHandle += (long) HANDLE_STEP * run;
            used += run;
            i += run;
        }
    }

    /**
     * Takes a handle value and leaves its entry free, as an object that came and went does (an
     * exited process's PID, a thread that ended). Returns the value.
     */
    public long skip() {
        long handle = nextHandle;
        entryAddress(handle);
        nextHandle += HANDLE_STEP;
        return handle;
    }

    private long entryAddress(long handle) {
        long index = handle / HANDLE_STEP;
        int page = (int) (index / ENTRIES_PER_PAGE);
        while (page >= entryPages.size()) {
            grow();
        }
        return entryPages.get(page) + ENTRY_SIZE * (index % ENTRIES_PER_PAGE);
    }

    /**
     * Another page of entries. The second one turns the table into a two-level one (TableCode | 1,
     * a page of 512 pointers); past 512 pages of entries a top page of pointers to such pages makes
     * it three-level (TableCode | 2), as ExpAllocateHandleTableEntrySlow grows it.
     */
    private void grow() {
        int page = entryPages.size();
        if (middlePages.isEmpty()) {
            middlePages.add(pagedPool.allocatePages("Obtb", 1));
            kernel.write64(middlePages.get(0), entryPages.get(0));
            kernel.struct("_HANDLE_TABLE", address).put("TableCode", middlePages.get(0) | 1);
        }
        if (page / POINTERS_PER_PAGE == middlePages.size()) {
            if (topPage == 0) {
                topPage = pagedPool.allocatePages("Obtb", 1);
                kernel.write64(topPage, middlePages.get(0));
                kernel.struct("_HANDLE_TABLE", address).put("TableCode", topPage | 2);
            }
            middlePages.add(pagedPool.allocatePages("Obtb", 1));
            kernel.write64(topPage + 8L * (middlePages.size() - 1), middlePages.get(middlePages.size() - 1));
        }
        long entries = pagedPool.allocatePages("Obtb", 1);
        kernel.write64(middlePages.get(page / POINTERS_PER_PAGE) + 8L * (page % POINTERS_PER_PAGE), entries);
        entryPages.add(entries);
        writeCapacity();
    }

    private void writeCapacity() {
        kernel.struct("_HANDLE_TABLE", address)
                .put("NextHandleNeedingPool", (long) entryPages.size() * ENTRIES_PER_PAGE * HANDLE_STEP);
    }
}
