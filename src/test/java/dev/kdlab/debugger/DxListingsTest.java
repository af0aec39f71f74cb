package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data model's listings agree with the commands a user would check them against, on every process of the
 * default machine: dx's processes with {@code !process 0 0}, each process's threads with {@code !thread}, its
 * modules with {@code lm} in its context, its handles with its handle table read by hand (TargetBytes: the
 * {@code !handle} command is being built on another branch), and the current thread's frames with {@code k}.
 */
class DxListingsTest {
    private static final Pattern GRID_ROW = Pattern.compile("^= (\\[[^\\]]*\\]) +- (.*) =$");
    private static final Pattern PROCESS = Pattern.compile("^PROCESS ([0-9a-f]{16})$");
    private static final Pattern CID = Pattern.compile("Cid: ([0-9a-f]+)");
    private static final Pattern THREAD = Pattern.compile(
            "^THREAD ([0-9a-f]{16})  Cid ([0-9a-f]+)\\.([0-9a-f]+)  Teb: ([0-9a-f]{16}) ");
    private static final Pattern LM_ROW = Pattern.compile("^([0-9a-f]{8})`([0-9a-f]{8}) ([0-9a-f]{8})`([0-9a-f]{8})   (\\S+) ");

    private static Lkd lkd;
    private static TargetBytes bytes;
    /** The processes as dx lists them: id -> (EPROCESS, name), Idle first. */
    private static Map<Long, List<String>> dxProcesses;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
        bytes = new TargetBytes(lkd.target());
        dxProcesses = grid("@$cursession.Processes.Select(p => new { Object = &p.KernelObject, Name = p.Name })");
    }

    @Test
    void theProcessesAreIdleThenThoseOfBangProcess() {
        List<String> listing = lkd.run("!process 0 0");
        Map<Long, List<String>> expected = new LinkedHashMap<>();
        for (int i = 0; i < listing.size(); i++) {
            Matcher process = PROCESS.matcher(listing.get(i));
            if (process.matches()) {
                Matcher cid = CID.matcher(listing.get(i + 1));
                assertThat(cid.find()).isTrue();
                String image = listing.get(i + 3).strip().substring("Image: ".length());
                expected.put(Long.parseLong(cid.group(1), 16), List.of("0x" + strip(process.group(1)), image));
            }
        }
        assertThat(expected).hasSize(63);   // the desktop's 61 and the elevated cmd.exe with its conhost.exe (issue 11)
        Map<Long, List<String>> listed = new LinkedHashMap<>(dxProcesses);
        List<String> idle = listed.remove(0L);
        assertThat(idle.get(1)).isEqualTo("Idle");
        assertThat(new ArrayList<>(listed.entrySet())).containsExactlyElementsOf(expected.entrySet());
        assertThat(lkd.run("dx @$cursession.Processes.Count()"))
                .containsExactly("@$cursession.Processes.Count() : 0x" + Long.toHexString(expected.size() + 1));
    }

    @Test
    void everyProcessesThreadsAreThoseBangThreadShows() {
        int threads = 0;
        for (Map.Entry<Long, List<String>> process : dxProcesses.entrySet()) {
            String pid = "0x" + Long.toHexString(process.getKey());
            Map<Long, List<String>> listed = grid("@$cursession.Processes[" + pid + "].Threads.Select(t => new { Object ="
                    + " &t.KernelObject, Id = t.Id, Teb = t.Environment.EnvironmentBlock.NtTib.Self })");
            for (Map.Entry<Long, List<String>> thread : listed.entrySet()) {
                String header = lkd.run("!thread " + thread.getValue().get(0) + " 0").get(0);
                Matcher m = THREAD.matcher(header);
                assertThat(m.find()).as(header).isTrue();
                assertThat("0x" + strip(m.group(1))).isEqualTo(thread.getValue().get(0));
                assertThat(Long.parseLong(m.group(2), 16)).isEqualTo(process.getKey());
                assertThat(Long.parseLong(m.group(3), 16)).isEqualTo(thread.getKey());
                assertThat("0x" + Long.toHexString(Long.parseLong(m.group(3), 16))).isEqualTo(thread.getValue().get(1));
                if (Long.parseUnsignedLong(m.group(4), 16) != 0) {
                    // a user thread's TEB begins with its NT_TIB, whose Self is the TEB
                    assertThat("0x" + strip(m.group(4))).isEqualTo(thread.getValue().get(2));
                }
                threads++;
            }
            assertThat(listed.keySet()).containsExactlyElementsOf(bytesThreadIds(process.getValue().get(0)));
        }
        assertThat(threads).isGreaterThan(700);
    }

    private static List<Long> bytesThreadIds(String eprocess) {
        List<Long> ids = new ArrayList<>();
        for (long ethread : bytes.threads(Long.parseUnsignedLong(eprocess.substring(2), 16))) {
            ids.add(TargetBytes.read(bytes.kernel(), ethread, TargetBytes.ETHREAD, "Cid.UniqueThread"));
        }
        return ids;
    }

    @Test
    void everyProcessesModulesAreThoseLmListsInItsContext() {
        for (Map.Entry<Long, List<String>> process : dxProcesses.entrySet()) {
            String pid = "0x" + Long.toHexString(process.getKey());
            // Idle is no process object .process takes; it has no user half: its modules are the kernel's
            boolean idle = process.getKey() == 0;
            if (!idle) {
                lkd.run(".process /p " + process.getValue().get(0));
            }
            Map<Long, String[]> lm = new LinkedHashMap<>();
            for (String row : lkd.run(idle ? "lm k" : "lm")) {
                Matcher m = LM_ROW.matcher(row);
                if (m.find()) {
                    long start = Long.parseUnsignedLong(m.group(1) + m.group(2), 16);
                    lm.put(start, new String[] {m.group(3) + m.group(4), m.group(5)});
                }
            }
            Map<Long, List<String>> listed = grid("@$cursession.Processes[" + pid + "].Modules.Select(m => new { Base ="
                    + " m.BaseAddress, Size = m.Size, Name = m.Name })");
            assertThat(listed).as(process.getValue().get(1)).hasSameSizeAs(lm);
            for (List<String> module : listed.values()) {
                long base = Long.parseUnsignedLong(module.get(0).substring(2), 16);
                long size = Long.parseUnsignedLong(module.get(1).substring(2), 16);
                String[] row = lm.get(base);
                assertThat(row).as(module.get(2)).isNotNull();
                assertThat(Long.parseUnsignedLong(row[0], 16)).isEqualTo(base + size);
                assertThat(row[1]).isIn(lmNames(module.get(2), base));
            }
        }
        lkd.run(".process 0");
    }

    /** What lm calls a module dx names by its path: its file's stem, nt for the kernel, or the stem and its base. */
    private static List<String> lmNames(String path, long base) {
        String file = path.substring(path.lastIndexOf('\\') + 1);
        String stem = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
        return file.equals("ntkrnlmp.exe") ? List.of("nt") : List.of(stem, stem + "_" + Long.toHexString(base));
    }

    @Test
    void everyProcessesHandlesAreItsHandleTablesEntries() {
        int handles = 0;
        java.util.Set<String> types = new java.util.TreeSet<>();
        for (Map.Entry<Long, List<String>> process : dxProcesses.entrySet()) {
            String pid = "0x" + Long.toHexString(process.getKey());
            Map<Long, List<String>> listed = grid("@$cursession.Processes[" + pid + "].Io.Handles.Select(h => new {"
                    + " Header = &h.Object, Access = h.GrantedAccess, Type = h.Type })");
            List<TargetBytes.Handle> table = bytes.handles(Long.parseUnsignedLong(process.getValue().get(0).substring(2), 16));
            Map<Long, List<String>> expected = new LinkedHashMap<>();
            for (TargetBytes.Handle handle : table) {
                String type = listed.containsKey(handle.value()) ? listed.get(handle.value()).get(2) : "";
                expected.put(handle.value(), List.of("0x" + Long.toHexString(handle.header()),
                        "0x" + Long.toHexString(handle.grantedAccess()), type));
                types.add(type);
            }
            assertThat(listed).as(process.getValue().get(1)).containsExactlyEntriesOf(expected);
            handles += table.size();
            if (process.getKey() != 0) {
                String count = lkd.run("!process " + process.getValue().get(0) + " 0").stream()
                        .filter(l -> l.contains("HandleCount:")).findFirst().orElseThrow();
                assertThat(count).endsWith(" " + table.size() + ".");
            }
        }
        assertThat(handles).isGreaterThan(5000);
        assertThat(types).doesNotContain("").contains("Event");
    }

    @Test
    void theCurrentThreadsFramesAreThoseOfK() {
        List<String> k = lkd.run("k");
        List<String> frames = lkd.run("dx @$curthread.Stack.Frames");
        assertThat(frames).hasSize(k.size());
        for (int i = 1; i < k.size(); i++) {
            String callSite = k.get(i).substring(k.get(i).lastIndexOf(' ') + 1);
            assertThat(frames.get(i)).isEqualTo(String.format(Locale.ROOT, "    %-16s : %s [Switch To]",
                    "[0x" + Integer.toHexString(i - 1) + "]", callSite.replace("+0x", " + 0x")));
        }
    }

    /** Every row of a dx -g of the expression, page after page (-c), by key: the cells after the key. */
    static Map<Long, List<String>> grid(String expression) {
        Map<Long, List<String>> rows = new LinkedHashMap<>();
        for (int skip = 0; ; skip += 100) {
            List<String> lines = lkd.run("dx -g -c " + skip + " " + expression);
            assertThat(lkd.lastSucceeded()).as(String.join("\n", lines)).isTrue();
            boolean more = false;
            for (String line : lines) {
                Matcher row = GRID_ROW.matcher(line);
                if (!row.matches()) {
                    continue;
                }
                if (row.group(1).equals("[...]")) {
                    more = true;
                    continue;
                }
                List<String> cells = new ArrayList<>();
                for (String cell : row.group(2).split(" - ", -1)) {
                    cells.add(cell.strip());
                }
                rows.put(Long.parseUnsignedLong(row.group(1).substring(3, row.group(1).length() - 1), 16), cells);
            }
            if (!more) {
                return rows;
            }
        }
    }

    private static String strip(String hex) {
        return Long.toHexString(Long.parseUnsignedLong(hex, 16));
    }
}
