package dev.kdlab.kernel.ex;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.image.NtImage;
import dev.kdlab.struct.StructBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * nt!PoolBigPageTable: one _POOL_TRACKER_BIG_PAGES per pool block of a page or more (Va, the tag
 * as Key, the pool type, NumberOfBytes), which {@code !poolfind}, {@code !poolused} and Volatility's
 * bigpools read. Unused entries hold Va = 1 (POOL_BIG_TABLE_ENTRY_FREE, ReactOS expool.c), and
 * the table has a power-of-two size with room to spare, as ExpAddTagForBigPages keeps it.
 */
public final class BigPoolTable {
    private static final long FREE = 1;
    private static final int MINIMUM_ENTRIES = 0x200;
    private static final int ENTRY_SIZE = 0x18;

    private BigPoolTable() {
    }

    /** Writes the table for every big block the pools have handed out, and nt!PoolBigPageTable(Size). */
    public static void ExpInitializeBigPoolTable(KernelSpace space, NtImage nt, Pool nonPagedPool, List<Pool> pools) {
        List<Pool.BigPage> blocks = new ArrayList<>();
        for (Pool pool : pools) {
            blocks.addAll(pool.bigPages());
        }
        int entries = MINIMUM_ENTRIES;
        while (entries < 2 * blocks.size()) {
            entries *= 2;
        }
        long table = nonPagedPool.allocatePages((entries * ENTRY_SIZE + 0xfff) / 0x1000);
        for (int i = 0; i < entries; i++) {
            long entry = table + (long) i * ENTRY_SIZE;
            if (i < blocks.size()) {
                Pool.BigPage block = blocks.get(i);
                StructBuffer buffer = space.batch("_POOL_TRACKER_BIG_PAGES", entry)
                        .put("Va", block.va())
                        .put("Key", block.tag())
                        .put("PoolType", block.poolType())
                        .put("NumberOfBytes", block.bytes());
                buffer.flush();
            } else {
                space.write64(entry, FREE);
            }
        }
        space.write64(nt.symbol("PoolBigPageTable"), table);
        space.write64(nt.symbol("PoolBigPageTableSize"), entries);
    }
}
