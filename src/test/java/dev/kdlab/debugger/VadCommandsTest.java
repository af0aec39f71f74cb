package dev.kdlab.debugger;

import dev.kdlab.memory.PageTableScan;
import dev.kdlab.memory.PagingLevel;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.target.Target;
import dev.kdlab.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.kdlab.debugger.TargetBytes.EPROCESS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * VAD trees (issue 11): every process with a user half has a balanced VAD tree whose VadCount and
 * VadRoot agree with the bytes, {@code !vad} covers its image, PEB, TEBs, stacks and every DLL of its
 * loader list, and every present user PTE lies inside some VAD, checked by walking the page tables
 * and the tree by bytes, independently of the debugger's readers.
 */
class VadCommandsTest {
    private static final Pattern ROW = Pattern.compile(
            "^([0-9a-f]{16}) +(\\d+) +([0-9a-f]+) +([0-9a-f]+) +(\\d+) (Private|Mapped {2}Exe|Mapped) +(\\S+) +(.*)$");
    private static Target target;
    private static TargetBytes bytes;
    private static Lkd lkd;
    private static final StructType VAD = TargetBytes.TYPES.struct("_MMVAD_SHORT");

    @BeforeAll
    static void boot() {
        target = DefaultMachine.boot(DefaultMachine.DEFAULT_SEED);
        bytes = new TargetBytes(target);
        lkd = new Lkd(target);
    }

    /** A VAD read by bytes: its page range and whether it is private. */
    private record Node(long address, long startVpn, long endVpn) {
    }

    /** The tree by bytes, in order; checks order, parent links and AVL balance on the way. */
    private static List<Node> walk(long node, long parent, long low, long high, int[] height) throws Exception {
        List<Node> nodes = new ArrayList<>();
        if (node == 0) {
            height[0] = 0;
            return nodes;
        }
        VirtualMemory k = bytes.kernel();
        long start = bytes.read(node, VAD, "StartingVpn") | bytes.read(node, VAD, "StartingVpnHigh") << 32;
        long end = bytes.read(node, VAD, "EndingVpn") | bytes.read(node, VAD, "EndingVpnHigh") << 32;
        assertThat(start).isGreaterThanOrEqualTo(low).isLessThanOrEqualTo(end);
        assertThat(end).isLessThanOrEqualTo(high);
        long parentValue = bytes.read(node, VAD, "VadNode.ParentValue");
        assertThat(parentValue & ~7L).as("parent of %x", node).isEqualTo(parent);
        int[] left = new int[1];
        int[] right = new int[1];
        nodes.addAll(walk(k.readLong(node), node, low, start - 1, left));
        nodes.add(new Node(node, start, end));
        nodes.addAll(walk(k.readLong(node + 8), node, end + 1, high, right));
        int balance = right[0] - left[0];
        assertThat(Math.abs(balance)).as("AVL balance at %x", node).isLessThanOrEqualTo(1);
        assertThat(parentValue >>> 1 & 3).as("Balance bits of %x", node).isEqualTo((long) (balance & 3));
        height[0] = 1 + Math.max(left[0], right[0]);
        return nodes;
    }

    @Test
    void everyVadTreeIsABalancedSearchTreeThatVadCountCounts() throws Exception {
        int trees = 0;
        for (long eprocess : bytes.processes()) {
            if (bytes.read(eprocess, EPROCESS, "Peb") == 0) {
                continue;
            }
            long root = bytes.read(eprocess, EPROCESS, "VadRoot.Root");
            List<Node> nodes = walk(root, 0, 0, Long.MAX_VALUE, new int[1]);
            assertThat(bytes.read(eprocess, EPROCESS, "VadCount")).isEqualTo(nodes.size());
            assertThat(nodes).extracting(Node::address).contains(bytes.read(eprocess, EPROCESS, "VadHint"));
            trees++;
        }
        assertThat(trees).isGreaterThan(55);
    }

    @Test
    void everyPresentUserPteLiesInsideSomeVad() throws Exception {
        int pages = 0;
        for (long eprocess : bytes.processes()) {
            if (bytes.read(eprocess, EPROCESS, "Peb") == 0) {
                continue;
            }
            List<Node> nodes = walk(bytes.read(eprocess, EPROCESS, "VadRoot.Root"), 0, 0, Long.MAX_VALUE, new int[1]);
            List<Long> present = new ArrayList<>();
            new PageTableScan(target.physical()).scan(bytes.read(eprocess, EPROCESS, "Pcb.DirectoryTableBase") & ~0xfffL,
                    0, 255, -1, (level, va, at, entry) -> {
                        if ((entry & 1) != 0 && (level == PagingLevel.PTE || (entry & 0x80) != 0 && level != PagingLevel.PXE)) {
                            present.add(va);
                        }
                    });
            for (long va : present) {
                long vpn = va >>> 12;
                assertThat(nodes).as("%s: %x", bytes.imageName(eprocess), va)
                        .anyMatch(n -> n.startVpn() <= vpn && vpn <= n.endVpn());
            }
            pages += present.size();
        }
        assertThat(pages).isGreaterThan(10_000);
    }

    /** The rows of !vad for a process, as start and end page with the description. */
    private static List<String[]> rows(long eprocess) {
        lkd.run(String.format(".process /p /r %x", eprocess));
        List<String[]> rows = new ArrayList<>();
        for (String line : lkd.run("!vad")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.add(new String[] {m.group(3), m.group(4), m.group(6), m.group(7), m.group(8)});
            }
        }
        return rows;
    }

    private static boolean covered(List<String[]> rows, long address) {
        long vpn = address >>> 12;
        return rows.stream().anyMatch(r -> Long.parseLong(r[0], 16) <= vpn && vpn <= Long.parseLong(r[1], 16));
    }

    @Test
    void vadCoversImagePebTebsStacksAndEveryLoadedDll() throws Exception {
        int processes = 0;
        for (long eprocess : bytes.processes()) {
            long peb = bytes.read(eprocess, EPROCESS, "Peb");
            if (peb == 0) {
                continue;
            }
            List<String[]> rows = rows(eprocess);
            String name = bytes.imageName(eprocess);
            assertThat(rows.size()).isEqualTo((int) bytes.read(eprocess, EPROCESS, "VadCount"));
            long image = bytes.read(eprocess, EPROCESS, "SectionBaseAddress");
            assertThat(rows).as(name).anyMatch(r -> Long.parseLong(r[0], 16) == image >>> 12 && r[2].equals("Mapped  Exe")
                    && r[3].equals("EXECUTE_WRITECOPY"));
            assertThat(covered(rows, peb)).as(name + " PEB").isTrue();
            VirtualMemory user = bytes.userSpace(eprocess);
            for (long ethread : bytes.threads(eprocess)) {
                long teb = bytes.read(ethread, TargetBytes.ETHREAD, "Tcb.Teb");
                long stackBase = TargetBytes.read(user, teb, TargetBytes.TYPES.struct("_TEB"), "NtTib.StackBase");
                long stackLimit = TargetBytes.read(user, teb, TargetBytes.TYPES.struct("_TEB"), "NtTib.StackLimit");
                assertThat(covered(rows, teb)).as(name + " TEB").isTrue();
                assertThat(covered(rows, stackBase - 1)).as(name + " stack").isTrue();
                assertThat(covered(rows, stackLimit)).as(name + " stack limit").isTrue();
            }
            List<String> dlls = lkd.run("!peb").stream().filter(l -> l.matches(" +[0-9a-f]{8,} +[0-9a-f]+ .*"))
                    .toList();
            assertThat(dlls).as(name).hasSizeGreaterThan(1);
            for (String dll : dlls) {
                long base = Long.parseLong(dll.trim().split(" +")[0], 16);
                assertThat(rows).as(name + " " + dll).anyMatch(r -> Long.parseLong(r[0], 16) == base >>> 12
                        && r[2].equals("Mapped  Exe") && dll.toLowerCase().endsWith(
                                r[4].substring(r[4].lastIndexOf('\\') + 1).toLowerCase()));
            }
            processes++;
        }
        assertThat(processes).isGreaterThan(55);
    }

    @Test
    void theVadTableHasWinDbgsColumnsAndTotals() {
        lkd.run(".process /p /r 0");
        List<String> lines = lkd.run("!vad");
        assertThat(lines.get(0)).isEqualTo("VAD             Level         Start             End              Commit");
        assertThat(lines).anyMatch(l -> l.matches("[0-9a-f]{16} +\\d+ {11}7ffe0 {11}7ffe0 {15}1 Private {8}READONLY {11}"));
        assertThat(lines).anyMatch(l -> l.endsWith("Mapped         READONLY           \\Windows\\System32\\locale.nls"));
        assertThat(lines).anyMatch(l -> l.contains("Mapped  Exe    EXECUTE_WRITECOPY  \\Windows\\SYSTEM32\\ntdll.dll"));
        assertThat(lines).anyMatch(l -> l.matches("Total VADs: \\d+, average level: \\d+, maximum depth: \\d+"));
        assertThat(lines.get(lines.size() - 2)).matches("Total private commit: 0x[0-9a-f]+ pages \\(\\d+ KB\\)");
        long root = lkd.eval("poi(@$proc+#FIELD_OFFSET(_EPROCESS, VadRoot))");
        assertThat(lkd.run("!process -1 1").get(4)).startsWith(String.format("    VadRoot %016x Vads %d Clone 0",
                root, lkd.eval("poi(@$proc+#FIELD_OFFSET(_EPROCESS, VadCount))")));
        assertThat(lkd.run("!process -1 1").get(5)).isEqualTo(String.format("    DeviceMap %016x",
                lkd.eval("poi(@$proc+#FIELD_OFFSET(_EPROCESS, DeviceMap))")));
    }

    @Test
    void oneVadInDetailByItsAddressOrAnAddressItMaps() {
        lkd.run(".process /p /r 0");
        long ntdll = lkd.eval("ntdll");
        List<String> detail = lkd.run(String.format("!vad %x 1", ntdll + 0x1234));
        assertThat(detail.get(1)).matches("VAD @ [0-9a-f]{16}");
        assertThat(detail).anyMatch(l -> l.startsWith("  Start VPN: ") && l.contains(Long.toHexString(ntdll >>> 12)));
        assertThat(detail).contains("   ViewShare ImageMap EXECUTE_WRITECOPY", "\\Windows\\SYSTEM32\\ntdll.dll");
        assertThat(lkd.run(detail.get(1).replace("VAD @ ", "!vad ") + " 1")).isEqualTo(detail);
        assertThat(lkd.text("!vad 10000 1")).startsWith("No VAD found for address 10000");
    }

    @Test
    void addressNamesTheRegionThatHoldsAnAddress() {
        lkd.run(".process /p /r 0");
        List<String> image = lkd.run("!address ntdll+1234");
        assertThat(image).contains("Usage:                  Image", "Type:                   01000000          MEM_IMAGE",
                "Image Path:             \\Windows\\SYSTEM32\\ntdll.dll", "Module Name:            ntdll");
        assertThat(image.get(1)).isEqualTo("Base Address:           " + String.format("%08x`%08x", lkd.eval("ntdll") >>> 32,
                lkd.eval("ntdll") & 0xffffffffL));
        assertThat(lkd.run("!address @$peb")).contains("Usage:                  PEB",
                "State:                  00001000          MEM_COMMIT", "Type:                   00020000          MEM_PRIVATE");
        assertThat(lkd.run("!address @$teb")).contains("Usage:                  TEB");
        assertThat(lkd.run("!address 7ffe0000")).contains("Usage:                  Other",
                "Protect:                00000002          PAGE_READONLY", "Additional info:        User Shared Data");
        assertThat(lkd.run("!address 10000")).contains("Usage:                  Free",
                "State:                  00010000          MEM_FREE");
        List<String> stack = lkd.run(String.format("!address %x", lkd.eval("poi(@$teb+8)") - 8));
        assertThat(stack).contains("Usage:                  Stack", "State:                  00001000          MEM_COMMIT");
        assertThat(lkd.run("!address nt!KeBugCheckEx")).contains("Usage:                  Module",
                "Module name:            ntoskrnl.exe", "Module path:            [\\SystemRoot\\system32\\ntoskrnl.exe]");
    }

    @Test
    void addressSummaryTalliesTheWholeUserSpace() {
        lkd.run(".process /p /r 0");
        List<String> summary = lkd.run("!address -summary");
        assertThat(summary).contains("--- Usage Summary ---------------- RgnCount ----------- Total Size -------- %ofBusy %ofTotal",
                "--- Largest Region by Usage ----------- Base Address -------- Region Size ----------");
        assertThat(summary).anyMatch(l -> l.matches("Image +\\d+ +0`[0-9a-f]{8} \\( +[\\d.]+ MB\\) +[\\d.]+% +[\\d.]+%"));
        assertThat(summary).anyMatch(l -> l.startsWith("Free ") && l.endsWith("%"));
    }
}
