package dev.kdlab.kernel.io;

import dev.kdlab.kernel.AvlTable;
import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ListEntry;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.kernel.image.NtGlobals;
import dev.kdlab.kernel.image.NtImage;
import dev.kdlab.kernel.image.NtRoutines;
import dev.kdlab.memory.LittleEndian;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The driver database cache PnP keeps of every driver it loads (PpCheckInDriverDatabase):
 * nt!PiDDBCacheTable, an RTL_AVL_TABLE ordered by PiCompareDDBCacheEntries (name without case, then
 * time stamp), whose nodes hold one PiDDBCacheEntry each, and nt!PiDDBCacheList, which links the same
 * entries in the order the drivers loaded. Tools that hide a driver look an entry up here by name and
 * TimeDateStamp.
 *
 * <p>PiDDBCacheEntry is not in the public PDB; its layout is the one published by those who read
 * these tables (19041 x64): List (LIST_ENTRY, 0x0), DriverName (UNICODE_STRING, 0x10), TimeDateStamp
 * (ULONG, 0x20), LoadStatus (NTSTATUS, 0x24), then 16 bytes of shim data (zero here), 0x38 in all.
 * The node's tag, 'PiDC', is kdlab's choice (no capture of it was at hand).
 */
public final class DriverDatabase {
    public static final int ENTRY_SIZE = 0x38;
    public static final int DRIVER_NAME = 0x10;
    public static final int TIME_DATE_STAMP = 0x20;
    public static final int LOAD_STATUS = 0x24;
    private static final String TAG = "PiDC";

    private record Entry(String name, long timeDateStamp, long node) {
    }

    private final KernelSpace space;
    private final Pool pagedPool;
    private final long listHead;
    private final AvlTable table;
    private final List<Entry> entries = new ArrayList<>();

    public DriverDatabase(KernelSpace space, Pool pagedPool, NtImage nt) {
        this.space = space;
        this.pagedPool = pagedPool;
        this.listHead = nt.address(NtGlobals.rva("PiDDBCacheList"));
        this.table = new AvlTable(space, nt.address(NtGlobals.rva("PiDDBCacheTable")));
        ListEntry.initializeHead(space.memory(), listHead);
        table.RtlInitializeGenericTableAvl(nt.address(NtRoutines.rva("PiCompareDDBCacheEntries")),
                nt.address(NtRoutines.rva("PiAllocateGenericTableEntry")),
                nt.address(NtRoutines.rva("PiFreeGenericTableEntry")));
    }

    /**
     * PpCheckInDriverDatabase as IopLoadDriver calls it: the driver is not known to be bad, so it
     * loads (LoadStatus STATUS_SUCCESS) and the cache remembers it, on the list at once and in the
     * table when {@link #PiUpdateDriverDBCache} links it.
     */
    public void PpCheckInDriverDatabase(String imageName, long timeDateStamp) {
        byte[] name = imageName.getBytes(StandardCharsets.UTF_16LE);
        long buffer = pagedPool.allocate(TAG, name.length);
        space.write(buffer, name);
        long node = pagedPool.allocate(TAG, AvlTable.USER_DATA + ENTRY_SIZE);
        long entry = node + AvlTable.USER_DATA;
        byte[] data = new byte[ENTRY_SIZE];
        LittleEndian.put(data, DRIVER_NAME, 2, name.length);
        LittleEndian.put(data, DRIVER_NAME + 2, 2, name.length);
        LittleEndian.putLong(data, DRIVER_NAME + 8, buffer);
        LittleEndian.put(data, TIME_DATE_STAMP, 4, timeDateStamp);
        space.write(entry, data);
        ListEntry.insertTail(space.memory(), listHead, entry);
        entries.add(new Entry(imageName, timeDateStamp, node));
    }

    /** The table's tree over every entry so far, in PiCompareDDBCacheEntries' order. */
    public void PiUpdateDriverDBCache() {
        List<Long> nodes = entries.stream()
                .sorted(Comparator.comparing((Entry e) -> e.name().toUpperCase(Locale.ROOT))
                        .thenComparingLong(Entry::timeDateStamp))
                .map(Entry::node).toList();
        table.link(nodes);
    }
}
