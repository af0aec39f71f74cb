package dev.kdlab.kernel;

/**
 * An executive handle table ({@code _HANDLE_TABLE}): pages of 256 {@code _HANDLE_TABLE_ENTRY}s,
 * reached through TableCode, whose low two bits give the number of levels above the entries.
 * A handle value is the entry index times four; index 0 is never used. PspCidTable is one of these
 * whose entries point at object bodies; a process's table points at object headers.
 */
public final class HandleTable {
    public static final int ENTRIES_PER_PAGE = 256;
    private static final int ENTRY_SIZE = 16;
    private static final int HANDLE_STEP = 4;

    private final KernelSpace kernel;
    private final Pool pagedPool;
    private final long address;
    private final boolean entriesPointAtHeaders;
    private long level0Page;
    private long level1Page;
    private int pages;
    private long nextHandle = HANDLE_STEP;
    private int used;

    private HandleTable(KernelSpace kernel, Pool pagedPool, long address, boolean entriesPointAtHeaders) {
        this.kernel = kernel;
        this.pagedPool = pagedPool;
        this.address = address;
        this.entriesPointAtHeaders = entriesPointAtHeaders;
    }

    /** ExCreateHandleTable: one page of entries, owned by {@code quotaProcess} (0 for PspCidTable). */
    public static HandleTable create(KernelSpace kernel, Pool pagedPool, long quotaProcess, long processId,
                                     boolean entriesPointAtHeaders) {
        long table = pagedPool.allocate("Obtb", 0x80);
        HandleTable handles = new HandleTable(kernel, pagedPool, table, entriesPointAtHeaders);
        handles.level0Page = pagedPool.allocatePages(1);
        handles.pages = 1;
        kernel.struct("_HANDLE_TABLE", table)
                .put("TableCode", handles.level0Page)
                .put("QuotaProcess", quotaProcess)
                .put("UniqueProcessId", processId)
                .emptyList("HandleTableList");
        handles.writeCapacity();
        return handles;
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
        nextHandle += HANDLE_STEP;
        long entry = entryAddress(handle);
        long target = entriesPointAtHeaders ? objectBody - 0x30 : objectBody;
        long low = (target >>> 4) << 20 | 1;   // ObjectPointerBits | Unlocked
        kernel.write64(entry, low);
        kernel.write64(entry + 8, grantedAccess & 0x1ffffff);
        used++;
        return handle;
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
        while (page >= pages) {
            grow();
        }
        long pageAddress = level1Page == 0 ? level0Page : kernel.read(level1Page + 8L * page, 8);
        return pageAddress + ENTRY_SIZE * (index % ENTRIES_PER_PAGE);
    }

    /** A second page of entries turns the table into a two-level one (TableCode | 1). */
    private void grow() {
        if (level1Page == 0) {
            level1Page = pagedPool.allocatePages(1);
            kernel.write64(level1Page, level0Page);
            kernel.struct("_HANDLE_TABLE", address).put("TableCode", level1Page | 1);
        }
        kernel.write64(level1Page + 8L * pages, pagedPool.allocatePages(1));
        pages++;
        writeCapacity();
    }

    private void writeCapacity() {
        kernel.struct("_HANDLE_TABLE", address)
                .put("NextHandleNeedingPool", (long) pages * ENTRIES_PER_PAGE * HANDLE_STEP);
    }
}
