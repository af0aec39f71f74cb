package dev.kdlab.debugger.dx.model;

import dev.kdlab.debugger.dx.ModelCollection;
import dev.kdlab.debugger.dx.ModelObject;
import dev.kdlab.debugger.dx.NativeValue;
import dev.kdlab.debugger.dx.NumberValue;
import dev.kdlab.debugger.dx.StringValue;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.views.HandleTable;
import dev.kdlab.debugger.views.ObjectHeader;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.struct.StructView;
import dev.kdlab.types.FieldSlot;
import dev.kdlab.types.StructType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A process's handles ({@code Io.Handles}), read from its handle table's bytes (ObjectTable): every entry in use,
 * keyed by its handle value, with the handle, the object's type (from its header), the access granted and the
 * object's header ({@code [Type: _OBJECT_HEADER]}). A process table's entries point at object headers
 * (ObjectPointerBits: bits 20-63, the header's address shifted right by 4, extended from bit 47). An exited
 * process has no table and no handles. The entries are read a page at a time when the collection is iterated.
 */
final class HandleModel {
    static final String HELP = "The handles of the process, keyed by handle value";
    private static final int HANDLE_MULTIPLE = 4;

    private final DxContext context;
    private final Session session;
    /** Object type names by decoded type index: a table holds thousands of handles of a few dozen types. */
    private final Map<Integer, String> typeNames = new HashMap<>();

    HandleModel(DxContext context) {
        this.context = context;
        this.session = context.session();
    }

    ModelCollection of(long eprocess) {
        return new ModelCollection(() -> {
            List<ModelCollection.Element> handles = new ArrayList<>();
            long table = session.kernelStruct("_EPROCESS", eprocess).get("ObjectTable");
            if (table != 0) {
                for (Entry entry : inUse(table)) {
                    handles.add(new ModelCollection.Element(NumberValue.unsigned(entry.handle()), handle(entry)));
                }
            }
            return handles.iterator();
        }, context.poll(), HELP);
    }

    /** A handle in use: its value, its object's header and the access granted. */
    record Entry(long handle, long header, long grantedAccess) {
    }

    /** The table's entries in use, in handle order; ends quietly at a page of the table that cannot be read. */
    List<Entry> inUse(long table) {
        StructType entryType = session.type("_HANDLE_TABLE_ENTRY");
        int entrySize = (int) entryType.size();
        int perPage = PhysicalMemory.PAGE_SIZE / entrySize;
        FieldSlot objectPointer = entryType.slot("ObjectPointerBits");
        FieldSlot grantedAccess = entryType.slot("GrantedAccessBits");
        int width = Long.bitCount(objectPointer.mask());
        StructView header = session.kernelStruct("_HANDLE_TABLE", table);
        long limit = header.get("NextHandleNeedingPool") / HANDLE_MULTIPLE;
        long tableCode = header.get("TableCode");
        HandleTable levels = HandleTable.at(session, table);
        List<Entry> entries = new ArrayList<>();
        byte[] page = new byte[perPage * entrySize];
        for (long first = 0; first < limit; first += perPage) {
            context.poll().run();
            try {
                session.kernel().read(levels.entryPage(tableCode, first), page, 0, page.length);
            } catch (MemoryAccessException e) {
                break;
            }
            for (int i = first == 0 ? 1 : 0; i < perPage && first + i < limit; i++) {
                long bits = field(page, entrySize * i, objectPointer);
                if (bits != 0) {
                    long address = bits << (Long.SIZE - width) >> (Long.SIZE - 48);
                    entries.add(new Entry(HANDLE_MULTIPLE * (first + i), address,
                            field(page, entrySize * i, grantedAccess)));
                }
            }
        }
        return entries;
    }

    private static long field(byte[] page, int entry, FieldSlot slot) {
        return slot.extract(LittleEndian.get(page, entry + slot.offset(), slot.size()));
    }

    private String typeName(long body) {
        ObjectHeader header = ObjectHeader.ofBody(session, body);
        int index = header.typeIndex();
        String name = typeNames.get(index);
        if (name == null) {
            name = header.typeName().orElse("");
            typeNames.put(index, name);
        }
        return name;
    }

    private ModelObject handle(Entry entry) {
        long body = entry.header() + session.type("_OBJECT_HEADER").offsetOf("Body");
        return ModelObject.of(null, "A handle of the process")
                .add("Handle", "The handle's value", NumberValue.unsigned(entry.handle()))
                .add("Type", "The type of the object the handle refers to",
                        () -> new StringValue(typeName(body)))
                .add("GrantedAccess", "The access the handle grants", NumberValue.unsigned(entry.grantedAccess()))
                .add("Object", "The header of the object the handle refers to",
                        () -> NativeValue.at(session.type("_OBJECT_HEADER"), session.kernel(), entry.header()));
    }
}
