package dev.kdlab.debugger.views;

import dev.kdlab.debugger.Session;
import dev.kdlab.struct.StructView;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.VirtualMemory;

import java.util.Optional;

/**
 * An executive handle table ({@code _HANDLE_TABLE}): TableCode's low two bits give the levels above
 * the pages of {@code _HANDLE_TABLE_ENTRY}s; a page of pointers holds 512 of them; a handle value is
 * the entry's index times four. PspCidTable is one, keyed by process and thread ids.
 */
public final class HandleTable {
    private static final int POINTER_SIZE = 8;
    private static final int HANDLE_MULTIPLE = 4;

    private final Session session;
    private final StructView fields;
    private final int entrySize;
    private final int entriesPerPage;

    private HandleTable(Session session, long address) {
        this.session = session;
        this.fields = session.kernelStruct("_HANDLE_TABLE", address);
        this.entrySize = (int) session.type("_HANDLE_TABLE_ENTRY").size();
        this.entriesPerPage = PhysicalMemory.PAGE_SIZE / entrySize;
    }

    public static HandleTable at(Session session, long address) {
        return new HandleTable(session, address);
    }

    /** nt!PspCidTable: processes and threads by id. */
    public static HandleTable cidTable(Session session) throws MemoryAccessException {
        return at(session, session.kernel().readLong(session.symbolOrZero("PspCidTable")));
    }

    /** The entry for {@code handle}, or empty when the table does not reach it. */
    public Optional<HandleTableEntry> entry(long handle) throws MemoryAccessException {
        long index = handle / HANDLE_MULTIPLE;
        if (handle <= 0 || handle >= fields.get("NextHandleNeedingPool")) {
            return Optional.empty();
        }
        long page = entryPage(fields.get("TableCode"), index);
        long address = page + (long) entrySize * (index % entriesPerPage);
        return Optional.of(HandleTableEntry.read(session, address));
    }

    /** How many entries hold an object: what {@code !process} prints as HandleCount. */
    public long countInUse() throws MemoryAccessException {
        VirtualMemory kernel = session.kernel();
        long entries = fields.get("NextHandleNeedingPool") / HANDLE_MULTIPLE;
        long tableCode = fields.get("TableCode");
        HandleTableEntry.Decoder decoder = HandleTableEntry.decoder(session);
        long count = 0;
        byte[] page = new byte[entriesPerPage * entrySize];
        for (long first = 0; first < entries; first += entriesPerPage) {
            kernel.read(entryPage(tableCode, first), page, 0, page.length);   // one read a page of entries
            for (long index = Math.max(first, 1); index < Math.min(first + entriesPerPage, entries); index++) {
                if (decoder.holdsObject(LittleEndian.getLong(page, (int) (entrySize * (index - first))))) {
                    count++;
                }
            }
        }
        return count;
    }

    /** The page of entries that holds entry {@code index}, found through the table's levels. */
    public long entryPage(long tableCode, long index) throws MemoryAccessException {
        VirtualMemory kernel = session.kernel();
        int pointersPerPage = PhysicalMemory.PAGE_SIZE / POINTER_SIZE;
        long base = tableCode & ~3L;
        switch ((int) (tableCode & 3)) {
            case 0:
                return base;
            case 1:
                return kernel.readLong(base + POINTER_SIZE * (index / entriesPerPage));
            default:
                long middle = kernel.readLong(base + POINTER_SIZE * (index / ((long) entriesPerPage * pointersPerPage)));
                return kernel.readLong(middle + POINTER_SIZE * (index / entriesPerPage % pointersPerPage));
        }
    }
}
