package dev.kdlab.debugger;

import dev.kdlab.memory.LittleEndian;
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
    private static final int ENTRY_SIZE = 16;

    private HandleTables() {
    }

    /** The address of the entry for {@code handle}, or empty when the table does not reach it. */
    public static OptionalLong entry(VirtualMemory kernel, long table, long handle) throws MemoryAccessException {
        StructReader header = new StructReader(kernel, "_HANDLE_TABLE", table);
        long index = handle / 4;
        if (handle <= 0 || handle >= header.get("NextHandleNeedingPool")) {
            return OptionalLong.empty();
        }
        long page = entryPage(kernel, header.get("TableCode"), index);
        return OptionalLong.of(page + ENTRY_SIZE * (index % ENTRIES_PER_PAGE));
    }

    /** How many entries hold an object: what {@code !process} prints as HandleCount. */
    public static long countInUse(VirtualMemory kernel, long table) throws MemoryAccessException {
        StructReader header = new StructReader(kernel, "_HANDLE_TABLE", table);
        long entries = header.get("NextHandleNeedingPool") / 4;
        long tableCode = header.get("TableCode");
        long count = 0;
        byte[] page = new byte[ENTRIES_PER_PAGE * ENTRY_SIZE];
        for (long first = 0; first < entries; first += ENTRIES_PER_PAGE) {
            kernel.read(entryPage(kernel, tableCode, first), page, 0, page.length);   // one read a page of entries
            for (long index = Math.max(first, 1); index < Math.min(first + ENTRIES_PER_PAGE, entries); index++) {
                if (LittleEndian.getLong(page, (int) (ENTRY_SIZE * (index - first))) >>> 20 != 0) {   // ObjectPointerBits
                    count++;
                }
            }
        }
        return count;
    }

    /** The page of entries that holds entry {@code index}, found through the table's levels. */
    public static long entryPage(VirtualMemory kernel, long tableCode, long index) throws MemoryAccessException {
        long base = tableCode & ~3L;
        switch ((int) (tableCode & 3)) {
            case 0:
                return base;
            case 1:
                return kernel.readLong(base + 8 * (index / ENTRIES_PER_PAGE));
            default:
                long middle = kernel.readLong(base + 8 * (index / ((long) ENTRIES_PER_PAGE * POINTERS_PER_PAGE)));
                return kernel.readLong(middle + 8 * (index / ENTRIES_PER_PAGE % POINTERS_PER_PAGE));
        }
    }
}
