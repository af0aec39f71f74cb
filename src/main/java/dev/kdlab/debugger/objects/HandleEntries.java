package dev.kdlab.debugger.objects;

import dev.kdlab.debugger.HandleTables;
import dev.kdlab.debugger.StructReader;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

import java.util.ArrayList;
import java.util.List;

/**
 * The entries of a process's (or the kernel's) handle table, read a page of 256 entries at a time
 * through TableCode's levels. An entry in use holds ObjectPointerBits (bits 20-63: the object
 * header's address shifted right by 4), its Attributes (bits 17-19) and GrantedAccessBits.
 */
public final class HandleEntries {
    private static final int ENTRIES_PER_PAGE = 256;
    private static final int ENTRY_SIZE = 16;
    /** Attributes bits as !handle names them. */
    public static final int PROTECT_FROM_CLOSE = 1;
    public static final int INHERIT = 2;
    public static final int AUDIT = 4;

    private HandleEntries() {
    }

    /** A handle in use: its value, where its entry is, the object's body, the access and attributes. */
    public record Entry(long handle, long entryAddress, long object, long grantedAccess, int attributes) {
    }

    /** Every entry in use, in handle order; stops quietly at a page of the table that cannot be read. */
    public static List<Entry> inUse(VirtualMemory kernel, long table) {
        List<Entry> entries = new ArrayList<>();
        long limit;
        long tableCode;
        try {
            StructReader header = new StructReader(kernel, "_HANDLE_TABLE", table);
            limit = header.get("NextHandleNeedingPool") / 4;
            tableCode = header.get("TableCode");
        } catch (MemoryAccessException e) {
            return entries;
        }
        byte[] page = new byte[ENTRIES_PER_PAGE * ENTRY_SIZE];
        for (long first = 0; first < limit; first += ENTRIES_PER_PAGE) {
            long pageAddress;
            try {
                pageAddress = HandleTables.entryPage(kernel, tableCode, first);
                kernel.read(pageAddress, page, 0, page.length);
            } catch (MemoryAccessException e) {
                break;
            }
            for (int i = first == 0 ? 1 : 0; i < ENTRIES_PER_PAGE && first + i < limit; i++) {
                long low = LittleEndian.getLong(page, ENTRY_SIZE * i);
                long objectBits = low >> 20;
                if (objectBits == 0) {
                    continue;
                }
                long high = LittleEndian.getLong(page, ENTRY_SIZE * i + 8);
                entries.add(new Entry(4 * (first + i), pageAddress + (long) ENTRY_SIZE * i,
                        (objectBits << 4) + KernelObject.HEADER_SIZE, high & 0x1ffffff, (int) (low >>> 17) & 7));
            }
        }
        return entries;
    }
}
