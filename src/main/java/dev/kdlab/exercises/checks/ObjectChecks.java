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
        d.add("l3-token-privileges", Anomaly.NONE, ObjectChecks::tokenPrivileges);
        d.add("l3-vad-mapped", Anomaly.NONE, ObjectChecks::vadMapped);
        d.add("l4-pool-object-layout", Anomaly.NONE, ObjectChecks::poolObjectLayout);
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

    /** InfoMask bit of _OBJECT_HEADER_PADDING_INFO (ObpInfoMaskToOffset's highest bit). */
    private static final long PADDING_INFO = 0x80;

    /** Privileges by their LUID (winnt.h SE_*_PRIVILEGE): the bit of SEP_TOKEN_PRIVILEGES' masks. */
    private static final Map<String, Integer> PRIVILEGES = Map.of("SeDebugPrivilege", 20, "SeShutdownPrivilege", 19,
            "SeChangeNotifyPrivilege", 23, "SeImpersonatePrivilege", 29, "SeTcbPrivilege", 7,
            "SeIncreaseWorkingSetPrivilege", 33);

    static Truth tokenPrivileges(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        List<Long> candidates = new ArrayList<>();
        for (String image : List.of("explorer.exe", "cmd.exe", "lsass.exe", "services.exe", "notepad.exe",
                "winlogon.exe")) {
            candidates.addAll(m.named(image));
        }
        long eprocess = m.identify(lab.pick(candidates));
        String privilege = lab.pick(PRIVILEGES.keySet().stream().sorted().toList());
        int bit = PRIVILEGES.get(privilege);
        long token = m.token(eprocess);
        long enabled = r.field("_TOKEN", token, "Privileges.Enabled");
        long present = r.peek(m.kernel, "_TOKEN", token, "Privileges.Present");
        boolean on = (enabled >>> bit & 1) != 0;
        r.note("%s is LUID %d: bit %d of Enabled is %d", privilege, bit, bit, on ? 1 : 0);
        Truth.Builder truth = Truth.builder(r).parameter("image", m.name(eprocess)).parameter("pid", m.pid(eprocess))
                .parameter("privilege", privilege).parameter("bit", Integer.toString(bit))
                .yesNo("enabled", on)
                .hex("the Enabled mask", enabled);
        if (present != enabled) {
            truth.near(present, "That is Present: the privileges the token holds. Only those whose bit is also in "
                    + "Enabled can be used.");
        }
        return truth.near(r.peek(m.kernel, "_TOKEN", token, "Privileges.EnabledByDefault"), "That is "
                + "EnabledByDefault, what AdjustTokenPrivileges restores; the question asks Enabled.").build();
    }

    static Truth vadMapped(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        long eprocess = m.named(lab.pick(List.of("notepad.exe", "explorer.exe", "cmd.exe", "lsass.exe"))).get(0);
        List<long[]> vads = new ArrayList<>();   // {start, end, vad, file object or 0}
        List<Long> pending = new ArrayList<>(List.of(r.peek(m.kernel, "_EPROCESS", eprocess, "VadRoot.Root")));
        while (!pending.isEmpty() && vads.size() < Reads.MAX_LINKS) {
            long node = pending.remove(pending.size() - 1);
            if (node == 0) {
                continue;
            }
            pending.add(r.peek(m.kernel, "_RTL_BALANCED_NODE", node, "Left"));
            pending.add(r.peek(m.kernel, "_RTL_BALANCED_NODE", node, "Right"));
            long start = vpn(r, m, node, "StartingVpn") << 12;
            long end = (vpn(r, m, node, "EndingVpn") << 12) | 0xfff;
            boolean isPrivate = r.peek(m.kernel, "_MMVAD_SHORT", node, "u.VadFlags.PrivateMemory") != 0;
            long file = isPrivate ? 0 : fileOf(r, m, node);
            if (isPrivate || file != 0) {
                vads.add(new long[] {start, end, node, file});
            }
        }
        vads.sort((a, b) -> Long.compareUnsigned(a[0], b[0]));
        boolean wantPrivate = lab.variant().nextBoolean();
        List<long[]> kind = vads.stream().filter(v -> (v[3] == 0) == wantPrivate).toList();
        long[] chosen = lab.pick(kind.isEmpty() ? vads : kind);
        long va = chosen[0] + (lab.variant().nextLong(chosen[1] - chosen[0]) & ~0xfffL) + 0x123;
        m.identify(eprocess);
        r.field("_EPROCESS", eprocess, "VadRoot.Root");
        r.note("the AVL tree's nodes compared by StartingVpn/EndingVpn (+ the High bytes) with VA >> 12 = %s",
                Reads.hex(va >>> 12));
        r.field("_MMVAD_SHORT", chosen[2], "StartingVpn");
        r.field("_MMVAD_SHORT", chosen[2], "EndingVpn");
        long privateMemory = r.field("_MMVAD_SHORT", chosen[2], "u.VadFlags.PrivateMemory");
        Truth.Builder truth = Truth.builder(r).parameter("image", m.name(eprocess)).parameter("pid", m.pid(eprocess))
                .parameter("va", Reads.address(va));
        String image = m.name(eprocess);
        if (privateMemory != 0) {
            return truth.name("what is mapped", "private", "private memory", "MEM_PRIVATE", "none")
                    .nearName(image, "That is the process's image; this address is in a private VAD "
                            + "(VadFlags.PrivateMemory = 1).")
                    .build();
        }
        long subsection = r.field("_MMVAD", chosen[2], "Subsection");
        long controlArea = r.field("_SUBSECTION", subsection, "ControlArea");
        long file = r.field("_CONTROL_AREA", controlArea, "FilePointer") & ~Machine.FAST_REF_COUNT;
        String path = r.unicode(m.kernel, "_FILE_OBJECT", file, "FileName");
        String name = path.substring(path.lastIndexOf('\\') + 1);
        truth.name("what is mapped", name, path)
                .nearName("private", "It is not private (VadFlags.PrivateMemory = 0): follow Subsection -> ControlArea "
                        + "-> FilePointer to the file.");
        if (!name.equalsIgnoreCase(image)) {
            truth.nearName(image, "That is the process's image; this address is in another VAD.");
        }
        return truth.build();
    }

    private static long vpn(Reads r, Machine m, long vad, String field) {
        return r.peek(m.kernel, "_MMVAD_SHORT", vad, field) | r.peek(m.kernel, "_MMVAD_SHORT", vad, field + "High") << 32;
    }

    /** A mapped VAD's file object (Subsection -> ControlArea -> FilePointer), or 0 for a pagefile-backed section. */
    private static long fileOf(Reads r, Machine m, long vad) {
        long subsection = r.peek(m.kernel, "_MMVAD", vad, "Subsection");
        if (subsection == 0) {
            return 0;
        }
        long controlArea = r.peek(m.kernel, "_SUBSECTION", subsection, "ControlArea");
        return controlArea == 0 ? 0 : r.peek(m.kernel, "_CONTROL_AREA", controlArea, "FilePointer") & ~Machine.FAST_REF_COUNT;
    }

    static Truth poolObjectLayout(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        long eprocess = lab.pick(m.named(lab.pick(List.of("explorer.exe", "notepad.exe", "lsass.exe", "dwm.exe"))));
        String kind = lab.pick(List.of("process", "thread"));
        long body = kind.equals("process") ? eprocess : lab.pick(m.threadsQuietly(eprocess));
        long header = body - HEADER_SIZE;
        long infoMask = r.field("_OBJECT_HEADER", header, "InfoMask");
        long optional = r.kernel().readByte(r.symbol("ObpInfoMaskToOffset") + (infoMask & ~PADDING_INFO));
        r.note("nt!ObpInfoMaskToOffset[0x%x & 0x7f] = 0x%x bytes of optional headers below the _OBJECT_HEADER",
                infoMask, optional);
        long padding = 0;
        if ((infoMask & PADDING_INFO) != 0) {
            // Volatility's _POOL_HEADER.get_object reading: the 4 bytes below them, from the block's body to them
            padding = r.field("_OBJECT_HEADER_PADDING_INFO", header - optional - 4, "PaddingAmount");
        }
        long block = header - optional - padding - r.type("_POOL_HEADER").size();
        r.note("the _POOL_HEADER: header - 0x%x - padding 0x%x - 0x%x = %s", optional, padding,
                r.type("_POOL_HEADER").size(), Reads.address(block));
        long tag = r.field("_POOL_HEADER", block, "PoolTag");
        String text = new String(new byte[] {(byte) tag, (byte) (tag >>> 8), (byte) (tag >>> 16),
            (byte) (tag >>> 24 & 0x7f)}, java.nio.charset.StandardCharsets.ISO_8859_1);
        r.note("PoolTag %s = '%s'", Reads.hex(tag), text);
        if (!text.equals(kind.equals("process") ? "Proc" : "Thre")) {
            throw new IllegalStateException("the pool block is not the object's: " + text);
        }
        r.note("body - block = %s - %s = 0x%x", Reads.address(body), Reads.address(block), body - block);
        return Truth.builder(r).parameter("object", Reads.address(body)).parameter("kind", kind)
                .hex("the bytes from block to body", body - block)
                .near(header - block, "That reaches the _OBJECT_HEADER; the body starts 0x30 bytes after it.")
                .near(body - block - 0x10, "That leaves out the _POOL_HEADER (0x10 bytes) at the block's start.")
                .name("the pool tag", text)
                .build();
    }
}
