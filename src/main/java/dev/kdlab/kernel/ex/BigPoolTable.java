package dev.kdlab.kernel.ex;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.memory.LittleEndian;

import java.util.ArrayList;
import java.util.List;

/**
 * nt!PoolBigPageTable: one {@code _POOL_TRACKER_BIG_PAGES} per allocation of a page or more (which
 * carries no pool header): its address, tag, pool type and size, so {@code !pool} can name a big
 * block ("large page allocation, tag is Proc, size is 0x1000 bytes"). A free slot's Va has its low
 * bit set; an allocation goes to the slot its page number picks, or the next free one after it.
 * When the table is three quarters full it is replaced by one twice its size (ExpExpandBigPageTable)
 * and nt!PoolBigPageTable and nt!PoolBigPageTableSize follow.
 */
public final class BigPoolTable {
    private static final int INITIAL_ENTRIES = 0x1000;
    private static final int ENTRY_SIZE = 0x18;
    private static final long FREE = 1;

    private record Allocation(long va, long tag, int poolType, long bytes) {
    }

    private final KernelSpace kernel;
    private final Pool nonPagedPool;
    private final long tableGlobal;
    private final long sizeGlobal;
    private final List<Allocation> allocations = new ArrayList<>();
    private long table;
    private int entries;
    private boolean[] used;

    /** ExInitializePoolDescriptor's big-page table: every slot free, the globals pointing at it. */
    public BigPoolTable(KernelSpace kernel, Pool nonPagedPool, long tableGlobal, long sizeGlobal) {
        this.kernel = kernel;
        this.nonPagedPool = nonPagedPool;
        this.tableGlobal = tableGlobal;
        this.sizeGlobal = sizeGlobal;
        allocateTable(INITIAL_ENTRIES);
    }

    private void allocateTable(int size) {
        entries = size;
        used = new boolean[size];
        table = nonPagedPool.allocatePages("Pool", size * ENTRY_SIZE / 0x1000);
        byte[] slots = new byte[size * ENTRY_SIZE];
        for (int i = 0; i < size; i++) {
            LittleEndian.putLong(slots, i * ENTRY_SIZE, FREE);
        }
        kernel.write(table, slots);
        kernel.write64(tableGlobal, table);
        kernel.write64(sizeGlobal, size);
    }

    /** ExpAddTagForBigPages: records a big allocation, growing the table first when it is filling up. */
    void insert(long va, long tag, int poolType, long bytes) {
        if (4L * (allocations.size() + 1) > 3L * entries) {
            allocateTable(2 * entries);   // the new table's own pages are recorded below, with the rest
            for (Allocation a : allocations) {
                place(a);
            }
        }
        Allocation allocation = new Allocation(va, tag, poolType, bytes);
        allocations.add(allocation);
        place(allocation);
    }

    private void place(Allocation a) {
        int slot = (int) (a.va() >>> 12) & (entries - 1);
        while (used[slot]) {
            slot = (slot + 1) & (entries - 1);
        }
        used[slot] = true;
        byte[] entry = new byte[ENTRY_SIZE];
        LittleEndian.putLong(entry, 0, a.va());
        LittleEndian.put(entry, 8, 4, a.tag());
        LittleEndian.put(entry, 0xc, 4, (long) a.poolType() << 8);
        LittleEndian.putLong(entry, 0x10, a.bytes());
        kernel.write(table + (long) slot * ENTRY_SIZE, entry);
    }
}
