package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The object namespace and handles as a user checks them (issue 11): explorer's handle table
 * walked by hand with {@code dq} gives exactly what {@code !handle 0 3} lists, every object's type
 * agrees with {@code !object}, named objects have full names, Process and Thread handles point at
 * live objects whose HandleCount counts every handle to them; {@code !object \} and
 * {@code !object \Driver} list what a 22H2 desktop has.
 */
class ObjectsAndHandlesTest {
    private static final Pattern ENTRY = Pattern.compile(
            "^([0-9a-f]{4,}): Object: ([0-9a-f]{16})  GrantedAccess: ([0-9a-f]{8})( \\(Protected\\))?( \\(Inherit\\))?( \\(Audit\\))? Entry: ([0-9a-f]{16})$");
    private static final Pattern TITLE = Pattern.compile("^Object: ([0-9a-f]{16})  Type: \\(([0-9a-f]{16})\\) (.+)$");
    private static Lkd lkd;
    private static long explorer;
    private static List<String> explorerHandles;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
        explorer = lkd.processAddress("explorer.exe");
        explorerHandles = lkd.run(String.format("!handle 0 3 %x", explorer));
    }

    /** A handle as listed: handle value, object body, granted access, entry address, type name, name line. */
    private record Listed(long handle, long object, long access, long entry, String type, String name) {
    }

    private static Map<Long, Listed> listed(List<String> lines) {
        Map<Long, Listed> handles = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = ENTRY.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            Matcher title = TITLE.matcher(lines.get(i + 1));
            assertThat(title.matches()).as(lines.get(i + 1)).isTrue();
            String name = lines.get(i + 4).startsWith("        Directory Object: ") ? lines.get(i + 4) : null;
            long handle = Long.parseLong(m.group(1), 16);
            handles.put(handle, new Listed(handle, Long.parseUnsignedLong(m.group(2), 16), Long.parseLong(m.group(3), 16),
                    Long.parseUnsignedLong(m.group(7), 16), title.group(3), name));
        }
        return handles;
    }

    /** Every QWORD of a {@code dq} listing, in order. */
    private static List<Long> qwords(String command) {
        List<Long> values = new ArrayList<>();
        for (String line : lkd.run(command)) {
            String[] cells = line.trim().split("\\s+");
            for (int i = 1; i < cells.length; i++) {
                values.add(Long.parseUnsignedLong(cells[i].replace("`", ""), 16));
            }
        }
        return values;
    }

    @Test
    void explorersHandleTableWalkedByHandIsWhatHandleLists() {
        Map<Long, Listed> listed = listed(explorerHandles);
        assertThat(explorerHandles.get(6)).isEqualTo(String.format("Handle table at %016x with %d entries in use",
                lkd.eval(String.format("poi(%x+#FIELD_OFFSET(_EPROCESS, ObjectTable))", explorer)), listed.size()));
        long table = lkd.eval(String.format("poi(%x+#FIELD_OFFSET(_EPROCESS, ObjectTable))", explorer));
        long tableCode = lkd.eval(String.format("poi(%x+8)", table));
        long entries = lkd.eval(String.format("dwo(%x)", table)) / 4;
        assertThat(tableCode & 3).as("a table of 2164 handles has two levels").isEqualTo(1);
        Map<Long, long[]> walked = new HashMap<>();
        for (long page = 0; page < entries / 256; page++) {
            long pageAddress = lkd.eval(String.format("poi(%x)", (tableCode & ~3L) + 8 * page));
            List<Long> values = qwords(String.format("dq %x L200", pageAddress));
            for (int i = 0; i < 256; i++) {
                long low = values.get(2 * i);
                if (low >> 20 == 0) {
                    continue;
                }
                long header = (low >> 20) << 4;
                walked.put(4 * (page * 256 + i), new long[] {header + 0x30, values.get(2 * i + 1) & 0x1ffffff,
                        pageAddress + 16L * i});
            }
        }
        assertThat(walked.keySet()).isEqualTo(listed.keySet());
        for (Listed handle : listed.values()) {
            long[] byHand = walked.get(handle.handle());
            assertThat(new long[] {handle.object(), handle.access(), handle.entry()}).as("handle %x", handle.handle())
                    .containsExactly(byHand);
        }
        assertThat(listed).hasSize(2164);
    }

    @Test
    void everyObjectsTypeIsWhatObjectReports() {
        Map<Long, String> types = new HashMap<>();
        for (Listed handle : listed(explorerHandles).values()) {
            types.put(handle.object(), handle.type());
        }
        for (Map.Entry<Long, String> object : types.entrySet()) {
            String title = lkd.run(String.format("!object %x 0", object.getKey())).get(0);
            assertThat(title).endsWith(") " + object.getValue());
        }
        assertThat(new HashSet<>(types.values())).contains("Event", "Key", "File", "Section", "Thread", "Process",
                "ALPC Port", "EtwRegistration", "WaitCompletionPacket", "IRTimer", "TpWorkerFactory", "IoCompletion",
                "Directory", "WindowStation", "Desktop", "Mutant", "Semaphore");
    }

    @Test
    void namedObjectsShowTheirNames() {
        Map<Long, Listed> listed = listed(explorerHandles);
        Set<String> files = new HashSet<>();
        Set<String> keys = new HashSet<>();
        List<Listed> namedEvents = new ArrayList<>();
        for (Listed handle : listed.values()) {
            if (handle.type().equals("File")) {
                assertThat(handle.name()).as("every file has a name").isNotNull();
                files.add(handle.name());
            } else if (handle.type().equals("Key")) {
                assertThat(handle.name()).startsWith("        Directory Object: 00000000  Name: \\REGISTRY\\");
                keys.add(handle.name());
            } else if (handle.type().equals("Event") && handle.name() != null) {
                namedEvents.add(handle);
            }
        }
        assertThat(files).contains("        Directory Object: 00000000  Name: \\Users\\learner {HarddiskVolume3}");
        assertThat(keys).contains(
                "        Directory Object: 00000000  Name: \\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control\\Session Manager");
        assertThat(namedEvents).isNotEmpty();
        Listed event = namedEvents.get(0);
        long directory = Long.parseUnsignedLong(event.name().substring(26, 42), 16);
        assertThat(lkd.run(String.format("!object %x 21", event.object())).get(3))
                .matches("    Directory Object: [0-9a-f]{16}  Name: \\\\Sessions\\\\1\\\\BaseNamedObjects\\\\\\w+");
        assertThat(directory).isEqualTo(lookup("\\Sessions\\1\\BaseNamedObjects"));
        assertThat(lkd.run(String.format("!object %x", directory)).get(3))
                .isEqualTo(String.format("    Directory Object: %016x  Name: BaseNamedObjects", lookup("\\Sessions\\1")));
    }

    private static long lookup(String path) {
        return Long.parseUnsignedLong(lkd.run("!object " + path + " 0").get(0).substring(8, 24), 16);
    }

    @Test
    void processAndThreadHandlesPointAtLiveObjectsThatCountThem() {
        Map<Long, Integer> handlesTo = new HashMap<>();
        Map<Long, String> typeOf = new HashMap<>();
        for (String type : List.of("Process", "Thread")) {
            for (String line : lkd.run("!handle 0 1 0 " + type)) {
                Matcher m = Pattern.compile("^[0-9a-f]{4,}: Object: ([0-9a-f]{16})  GrantedAccess").matcher(line);
                if (m.find()) {
                    long object = Long.parseUnsignedLong(m.group(1), 16);
                    handlesTo.merge(object, 1, Integer::sum);
                    typeOf.put(object, type);
                }
            }
        }
        Set<Long> processes = new HashSet<>(lkd.processAddresses());
        Set<Long> threads = new HashSet<>();
        for (String line : lkd.run("!process 0 4")) {
            Matcher m = Pattern.compile("^\\s+THREAD ([0-9a-f]{16})").matcher(line);
            if (m.find()) {
                threads.add(Long.parseUnsignedLong(m.group(1), 16));
            }
        }
        assertThat(handlesTo).hasSizeGreaterThan(100);
        for (Map.Entry<Long, Integer> object : handlesTo.entrySet()) {
            assertThat(typeOf.get(object.getKey()).equals("Process") ? processes : threads).contains(object.getKey());
            assertThat(lkd.eval(String.format("poi(%x-0x30+8)", object.getKey())))
                    .as("HandleCount of %x", object.getKey()).isEqualTo((long) object.getValue());
        }
    }

    @Test
    void theRootDirectoryListsWhatA22H2DesktopHas() {
        String root = lkd.text("!object \\");
        assertThat(root).contains("Type: (").contains("Directory Object: 00000000  Name: \\");
        for (String entry : List.of("Directory     ArcName", "Directory     BaseNamedObjects", "Directory     Callback",
                "Directory     Device", "Directory     Driver", "Directory     FileSystem", "Directory     GLOBAL??",
                "Directory     KernelObjects", "Directory     KnownDlls", "Directory     ObjectTypes",
                "Directory     RPC Control", "Directory     Sessions", "Directory     Windows", "Directory     NLS",
                "SymbolicLink  DosDevices", "SymbolicLink  SystemRoot", "Key           \\REGISTRY",
                "ALPC Port     SeLsaCommandPort", "ALPC Port     SmApiPort", "ALPC Port     PowerPort",
                "Event         UniqueSessionIdEvent", "Device        Ntfs")) {
            assertThat(root).as(entry).contains(entry);
        }
        assertThat(root).contains("     03  ").contains("     16  ");
        assertThat(lkd.text("!object \\DosDevices")).endsWith("    Target String is '\\??'");
        assertThat(lkd.text("!object \\GLOBAL??\\C:")).endsWith("    Target String is '\\Device\\HarddiskVolume3'");
    }

    @Test
    void theDriverDirectoryHoldsTheLoadedDriversAndTheKernelsOwn() {
        String drivers = lkd.text("!object \\Driver");
        for (String name : List.of("Null", "Beep", "AFD", "KSecDD", "condrv", "Tcpip", "NDIS", "ACPI", "pci", "disk",
                "volmgr", "volsnap", "fvevol", "PnpManager", "WMIxWDM", "ACPI_HAL")) {
            assertThat(drivers).containsPattern("Driver        " + name + "\n");
        }
        assertThat(drivers).doesNotContain("Ntfs").doesNotContain(" hal").doesNotContain("CLASSPNP");
        String fileSystems = lkd.text("!object \\FileSystem");
        assertThat(fileSystems).contains("Driver        Ntfs").contains("Driver        FltMgr")
                .contains("Driver        Npfs").contains("Directory     Filters");
        assertThat(lkd.run("!object \\ObjectTypes").stream().filter(l -> l.matches(" +(\\d\\d  )?[0-9a-f]{16} Type .*")).count())
                .isEqualTo(67);
    }

    @Test
    void badInputGetsWinDbgsErrorAndTheSessionGoesOn() {
        assertThat(lkd.text("!object \\NoSuchThing")).isEqualTo("Object \\NoSuchThing not found");
        long notAnObject = lkd.eval("nt!PsActiveProcessHead");
        assertThat(lkd.text(String.format("!object %x", notAnObject)))
                .isEqualTo(String.format("%016x: Not a valid object (ObjectType invalid)", notAnObject));
        assertThat(lkd.text(String.format("!handle fffc 3 %x", explorer))).contains("Could not find Handle fffc");
        assertThat(lkd.run("!process 0 0 explorer.exe")).isNotEmpty();
    }

    @Test
    void handleFlagsZeroSummarisesTheTableByType() {
        List<String> summary = lkd.run(String.format("!handle 0 0 %x", explorer));
        assertThat(summary).contains("2164 Handles", "Type           \tCount");
        int total = 0;
        for (String line : summary) {
            Matcher m = Pattern.compile("^(\\S[^\\t]*?)\\s*\\t(\\d+)$").matcher(line);
            if (m.matches() && !m.group(1).equals("Type")) {
                total += Integer.parseInt(m.group(2));
            }
        }
        assertThat(total).isEqualTo(2164);
    }

    @Test
    void everyObjectTypesMethodsAreRoutinesOfNtAndItsCallbackListIsEmpty() {
        long ntBase = lkd.eval("nt");
        long ntEnd = ntBase + 0x1046000;
        int methods = 0;
        for (int index = 2; index <= 68; index++) {
            long type = lkd.eval(String.format("poi(nt!ObTypeIndexTable+%x)", 8 * index));
            long callbacks = type + 0xc8;
            assertThat(lkd.eval(String.format("poi(%x)", callbacks))).as("CallbackList of type %d", index).isEqualTo(callbacks);
            assertThat(lkd.eval(String.format("poi(%x)", callbacks + 8))).isEqualTo(callbacks);
            for (int method = 0; method < 8; method++) {
                long routine = lkd.eval(String.format("poi(%x+0x40+0x30+%x)", type, 8 * method));
                if (routine != 0) {
                    assertThat(routine).as("method %d of type %d", method, index).isBetween(ntBase, ntEnd);
                    methods++;
                }
            }
        }
        assertThat(methods).isGreaterThan(80);
        assertThat(lkd.eval("poi(poi(nt!PsProcessType)+0x40+0x38)")).isEqualTo(lkd.eval("nt!PspProcessOpen"));
        assertThat(lkd.eval("poi(poi(nt!PsThreadType)+0x40+0x38)")).isEqualTo(lkd.eval("nt!PspThreadOpen"));
        assertThat(lkd.eval("poi(poi(nt!IoFileObjectType)+0x40+0x50)")).isEqualTo(lkd.eval("nt!IopParseFile"));
        assertThat(lkd.text("ln poi(poi(nt!PsProcessType)+0x40+0x48)")).contains("nt!PspProcessDelete");
        assertThat(lkd.text("dt nt!_OBJECT_TYPE poi(nt!IoFileObjectType) Name")).contains("\"File\"");
    }

    @Test
    void handleTableListHeadLinksEveryProcesssTable() {
        long head = lkd.eval("nt!HandleTableListHead");
        Set<Long> linked = new HashSet<>();
        long previous = head;
        for (long link = lkd.eval(String.format("poi(%x)", head)); link != head; link = lkd.eval(String.format("poi(%x)", link))) {
            assertThat(lkd.eval(String.format("poi(%x)", link + 8))).as("Blink of %x", link).isEqualTo(previous);
            assertThat(linked.add(link - 0x18)).isTrue();
            previous = link;
        }
        Set<Long> tables = new HashSet<>();
        for (long eprocess : lkd.processAddresses()) {
            long table = lkd.eval(String.format("poi(%x+#FIELD_OFFSET(_EPROCESS, ObjectTable))", eprocess));
            if (table != 0) {
                tables.add(table);
            }
        }
        assertThat(linked).isEqualTo(tables);
        assertThat(linked).contains(lkd.eval("poi(nt!ObpKernelHandleTable)"));
        assertThat(linked).doesNotContain(lkd.eval("poi(nt!PspCidTable)"));
    }
}
