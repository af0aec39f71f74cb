package dev.kdlab.debugger;

import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

import java.util.OptionalLong;

/**
 * Reads executive handle tables: TableCode's low two bits give the levels above the pages of
 * 256 sixteen-byte entries; a handle value is the entry index times four.
 */
public final class HandleTables {
    private static final int ENTRIES_PER_PAGE = 256;
    private static final int POINTERS_PER_PAGE = 512;

    private HandleTables() {
    }

    /** The address of the entry for {@code handle}, or empty when the table does not reach it. */
    public static OptionalLong entry(VirtualMemory kernel, long table, long handle) throws MemoryAccessException {
        long index = handle / 4;
        long capacity = kernel.readInt(table);   // NextHandleNeedingPool
        if (handle <= 0 || handle >= capacity) {
            return OptionalLong.empty();
        }
        long code = kernel.readLong(table + 8);
        long base = code & ~3L;
        switch ((int) (code & 3)) {
            case 0:
                return OptionalLong.of(base + 16 * index);
            case 1:
                long page = kernel.readLong(base + 8 * (index / ENTRIES_PER_PAGE));
                return OptionalLong.of(page + 16 * (index % ENTRIES_PER_PAGE));
            default:
                long middle = kernel.readLong(base + 8 * (index / ((long) ENTRIES_PER_PAGE * POINTERS_PER_PAGE)));
                long leaf = kernel.readLong(middle + 8 * (index / ENTRIES_PER_PAGE % POINTERS_PER_PAGE));
                return OptionalLong.of(leaf + 16 * (index % ENTRIES_PER_PAGE));
        }
    }

    /** How many entries hold an object: what {@code !process} prints as HandleCount. */
    public static long countInUse(VirtualMemory kernel, long table) throws MemoryAccessException {
        long capacity = kernel.readInt(table);
        long count = 0;
        for (long handle = 4; handle < capacity; handle += 4) {
            long entry = entry(kernel, table, handle).orElseThrow();
            if (kernel.readLong(entry) >>> 20 != 0) {
                count++;
            }
        }
        return count;
    }
}
