package dev.kdlab.exercises.checks;

import dev.kdlab.exercises.Exercises;
import dev.kdlab.exercises.Lab;
import dev.kdlab.exercises.Reads;
import dev.kdlab.exercises.Truth;
import dev.kdlab.scenario.Anomaly;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Objects, handles and tokens: the encoded TypeIndex, a handle decoded by hand, the integrity level. */
public final class ObjectChecks {
    /** The object header precedes the body (layouts-19041/_OBJECT_HEADER.txt: Body at +0x30). */
    static final long HEADER_SIZE = 0x30;
    /** Mandatory label RIDs (S-1-16-RID): the integrity levels. */
    private static final Map<String, String> LEVELS = Map.of("S-1-16-0", "Untrusted", "S-1-16-4096", "Low",
            "S-1-16-8192", "Medium", "S-1-16-8448", "Medium Plus", "S-1-16-12288", "High", "S-1-16-16384", "System",
            "S-1-16-20480", "Protected");

    private ObjectChecks() {
    }

    public static void define(Exercises.Definitions d) {
        d.add("l3-object-type", Anomaly.NONE, ObjectChecks::objectType);
        d.add("l3-handle-decode", Anomaly.NONE, ObjectChecks::handleDecode);
        d.add("l3-token-integrity", Anomaly.NONE, ObjectChecks::tokenIntegrity);
    }

    /** A handle table's entries that hold an object, as {handle, entry address}, read quietly. */
    static List<long[]> handles(Machine m, long eprocess) {
        Reads r = m.r;
        long table = r.peek(m.kernel, "_EPROCESS", eprocess, "ObjectTable");
        long tableCode = r.peek(m.kernel, "_HANDLE_TABLE", table, "TableCode");
        long next = r.peek(m.kernel, "_HANDLE_TABLE", table, "NextHandleNeedingPool");
        List<long[]> found = new ArrayList<>();
        for (long handle = 4; handle < next; handle += 4) {
            long entry = entryAddress(m, tableCode, handle, false);
            long low = m.kernel.readLong(entry);
            if (low >> 20 != 0) {
                found.add(new long[] {handle, entry});
            }
        }
        return found;
    }

    /** The _HANDLE_TABLE_ENTRY of a handle: TableCode's low 2 bits are the levels above the 256-entry pages. */
    static long entryAddress(Machine m, long tableCode, long handle, boolean logged) {
        long index = handle / 4;
        long base = tableCode & ~3L;
        return switch ((int) (tableCode & 3)) {
            case 0 -> base + index * 0x10;
            case 1 -> read(m, base + index / 0x100 * 8, logged) + index % 0x100 * 0x10;
            default -> read(m, read(m, base + index / 0x20000 * 8, logged) + index / 0x100 % 0x200 * 8, logged)
                    + index % 0x100 * 0x10;
        };
    }

    private static long read(Machine m, long address, boolean logged) {
        return logged ? m.r.pointer(address) : m.kernel.readLong(address);
    }

    /** The type's name by the Windows 10 encoding: stored TypeIndex ^ nt!ObHeaderCookie ^ header byte 1. */
    static String typeName(Reads r, long body) {
        long header = body - HEADER_SIZE;
        long stored = r.field("_OBJECT_HEADER", header, "TypeIndex");
        long cookie = r.kernel().readByte(r.symbol("ObHeaderCookie"));
        r.note("nt!ObHeaderCookie (byte) = 0x%x", cookie);
        long index = stored ^ cookie ^ (header >>> 8 & 0xff);
        r.note("index = 0x%x ^ 0x%x ^ ((%s >> 8) & 0xff) = 0x%x", stored, cookie, Reads.address(header), index);
        long type = r.pointer(r.symbol("ObTypeIndexTable") + index * 8);
        return r.unicode(r.kernel(), "_OBJECT_TYPE", type, "Name");
    }

    static Truth objectType(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        long owner = lab.pick(m.named(lab.pick(List.of("explorer.exe", "notepad.exe", "lsass.exe", "services.exe",
                "winlogon.exe"))));
        long[] handle = lab.pick(handles(m, owner));
        long body = ((m.kernel.readLong(handle[1]) >> 20) << 4) + HEADER_SIZE;
        r.note("the object body at %s; its header 0x30 before it", Reads.address(body));
        long header = body - HEADER_SIZE;
        long stored = r.peek(m.kernel, "_OBJECT_HEADER", header, "TypeIndex");
        long index = stored ^ m.kernel.readByte(r.symbolQuietly("ObHeaderCookie")) ^ (header >>> 8 & 0xff);
        String name = typeName(r, body);
        return Truth.builder(r).parameter("object", Reads.address(body)).name("the type", name)
                .near(stored, "That is the stored TypeIndex, encoded: XOR it with nt!ObHeaderCookie and the header "
                        + "address's second byte.")
                .near(index, "That is the type's index; nt!ObTypeIndexTable[index] is the _OBJECT_TYPE whose Name "
                        + "is the answer.")
                .build();
    }

    static Truth handleDecode(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        long eprocess = lab.pick(m.named(lab.pick(List.of("explorer.exe", "notepad.exe", "cmd.exe", "winlogon.exe",
                "dwm.exe"))));
        List<long[]> all = handles(m, eprocess);
        long handle = lab.pick(all)[0];
        m.identify(eprocess);
        long table = r.field("_EPROCESS", eprocess, "ObjectTable");
        long tableCode = r.field("_HANDLE_TABLE", table, "TableCode");
        long entry = entryAddress(m, tableCode, handle, true);
        r.note("handle %s: index %s / 4, level %d table: entry at %s", Reads.hex(handle), Reads.hex(handle),
                tableCode & 3, Reads.address(entry));
        long low = r.pointer(entry);
        long header = (low >> 20) << 4;
        long body = header + HEADER_SIZE;
        r.note("ObjectPointerBits: (%s >> 20) << 4 = %s, the _OBJECT_HEADER; body = header + 0x30 = %s",
                Reads.hex(low), Reads.address(header), Reads.address(body));
        String type = typeName(r, body);
        return Truth.builder(r).parameter("image", m.name(eprocess)).parameter("pid", m.pid(eprocess))
                .parameter("handle", Reads.hex(handle))
                .hex("the object body", body)
                .objectHeader(body)
                .near(low, "That is the raw _HANDLE_TABLE_ENTRY; ObjectPointerBits are bits 20-63: (value >> 0n20) "
                        + "<< 4, sign-extended, is the header.")
                .near(entry, "That is the entry's address; decode the entry it holds.")
                .name("the type", type)
                .build();
    }

    static Truth tokenIntegrity(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        List<Long> candidates = new ArrayList<>();
        for (String image : List.of("explorer.exe", "notepad.exe", "cmd.exe", "lsass.exe", "services.exe",
                "audiodg.exe", "SearchApp.exe", "sihost.exe")) {
            candidates.addAll(m.named(image));
        }
        long eprocess = m.identify(lab.pick(candidates));
        long token = m.token(eprocess);
        long index = r.field("_TOKEN", token, "IntegrityLevelIndex");
        long groups = r.field("_TOKEN", token, "UserAndGroups");
        long size = r.type("_SID_AND_ATTRIBUTES").size();
        long sidAddress = r.field("_SID_AND_ATTRIBUTES", groups + index * size, "Sid");
        String sid = m.sid(sidAddress);
        r.note("UserAndGroups[%d].Sid = %s", index, sid);
        String level = LEVELS.getOrDefault(sid, sid);
        String before = m.sid(r.peek(m.kernel, "_SID_AND_ATTRIBUTES", groups + (index - 1) * size, "Sid"));
        return Truth.builder(r).parameter("image", m.name(eprocess)).parameter("pid", m.pid(eprocess))
                .name("the integrity level", level, sid, level + " Mandatory Level", level + " integrity")
                .nearName(before, "Off by one: IntegrityLevelIndex counts UserAndGroups from the user ([0]); "
                        + "!token numbers the groups from UserAndGroups[1].")
                .build();
    }
}
