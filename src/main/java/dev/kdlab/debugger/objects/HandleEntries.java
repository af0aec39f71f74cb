package dev.kdlab.debugger.objects;

import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.views.HandleTable;
import dev.kdlab.struct.StructView;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.types.FieldSlot;
import dev.kdlab.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * The entries of a process's (or the kernel's) handle table, read a page of 256 entries at a time
 * through TableCode's levels. An entry in use holds ObjectPointerBits (bits 20-63: the object
 * header's address shifted right by 4), its Attributes (bits 17-19) and GrantedAccessBits.
 */
public final class HandleEntries {
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
    public static List<Entry> inUse(Session session, long table) {
        VirtualMemory kernel = session.kernel();
        HandleTable levels = HandleTable.at(session, table);
        StructType entryType = session.type("_HANDLE_TABLE_ENTRY");
        int entrySize = (int) entryType.size();
        int entriesPerPage = PhysicalMemory.PAGE_SIZE / entrySize;
        FieldSlot objectPointer = entryType.slot("ObjectPointerBits");
        FieldSlot attributes = entryType.slot("Attributes");
        FieldSlot grantedAccess = entryType.slot("GrantedAccessBits");
        long bodyOffset = session.type("_OBJECT_HEADER").offsetOf("Body");
        List<Entry> entries = new ArrayList<>();
        long limit;
        long tableCode;
        try {
            StructView header = session.kernelStruct("_HANDLE_TABLE", table);
            limit = header.get("NextHandleNeedingPool") / 4;
            tableCode = header.get("TableCode");
        } catch (MemoryAccessException e) {
            return entries;
        }
        byte[] page = new byte[entriesPerPage * entrySize];
        for (long first = 0; first < limit; first += entriesPerPage) {
            long pageAddress;
            try {
                pageAddress = levels.entryPage(tableCode, first);
                kernel.read(pageAddress, page, 0, page.length);
            } catch (MemoryAccessException e) {
                break;
            }
            for (int i = first == 0 ? 1 : 0; i < entriesPerPage && first + i < limit; i++) {
                int at = entrySize * i;
                long objectBits = field(page, at, objectPointer);
                if (objectBits == 0) {
                    continue;
                }
                // the header's address without its low four bits and above bit 47, which extends
                long header = objectBits << (Long.SIZE - Long.bitCount(objectPointer.mask())) >> (Long.SIZE - 48);
                entries.add(new Entry(4 * (first + i), pageAddress + at, header + bodyOffset,
                        field(page, at, grantedAccess), (int) field(page, at, attributes)));
            }
        }
        return entries;
    }

    private static long field(byte[] page, int entry, FieldSlot slot) {
        return slot.extract(LittleEndian.get(page, entry + slot.offset(), slot.size()));
    }
}
