package dev.kdlab.kernel.ex;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.memory.LittleEndian;

/**
 * nt!PoolBigPageTable: one {@code _POOL_TRACKER_BIG_PAGES} per allocation of a page or more (which
 * carries no pool header): its address, tag, pool type and size, so {@code !pool} can name a big
 * block ("large page allocation, tag is Proc, size is 0x1000 bytes"). A free slot's Va has its low
 * bit set; an allocation goes to the slot its page number picks, or the next free one after it.
 */
public final class BigPoolTable {
    public static final int ENTRIES = 0x1000;
    private static final int ENTRY_SIZE = 0x18;
    private static final long FREE = 1;

    private final KernelSpace kernel;
    private final long table;
    private final boolean[] used = new boolean[ENTRIES];

    /** ExInitializePoolDescriptor's big-page table: every slot free, the globals pointing at it. */
    public BigPoolTable(KernelSpace kernel, Pool nonPagedPool, long tableGlobal, long sizeGlobal) {
        this.kernel = kernel;
        this.table = nonPagedPool.allocatePages("Pool", ENTRIES * ENTRY_SIZE / 0x1000);
        byte[] slots = new byte[ENTRIES * ENTRY_SIZE];
        for (int i = 0; i < ENTRIES; i++) {
            LittleEndian.putLong(slots, i * ENTRY_SIZE, FREE);
        }
        kernel.write(table, slots);
        kernel.write64(tableGlobal, table);
        kernel.write64(sizeGlobal, ENTRIES);
    }

    /** ExpAddTagForBigPages: records a big allocation. */
    void insert(long va, long tag, int poolType, long bytes) {
        int slot = (int) (va >>> 12) & (ENTRIES - 1);
        for (int probe = 0; probe < ENTRIES && used[slot]; probe++) {
            slot = (slot + 1) & (ENTRIES - 1);
        }
        if (used[slot]) {
            throw new IllegalStateException("nt!PoolBigPageTable is full");
        }
        used[slot] = true;
        byte[] entry = new byte[ENTRY_SIZE];
        LittleEndian.putLong(entry, 0, va);
        LittleEndian.put(entry, 8, 4, tag);
        LittleEndian.put(entry, 0xc, 4, (long) poolType << 8);
        LittleEndian.putLong(entry, 0x10, bytes);
        kernel.write(table + (long) slot * ENTRY_SIZE, entry);
    }
}
