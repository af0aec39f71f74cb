package dev.kdlab.debugger;

import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The globals callback, rootkit and SSDT scripts read (issue 12), through scripts in WinDbg's style
 * (src/test/resources/dev/kdlab/scripts: notify.wds, unloaded.wds, piddb.wds, ssdt.wds), each line
 * checked against the bytes read by hand: the notify arrays and their routine blocks, the unloaded
 * drivers (and lm's section built from them), the driver database cache's list and AVL tree, and the
 * service table.
 */
class KernelGlobalsScriptsTest {
    private static final List<String> SCRIPTS = List.of("notify.wds", "unloaded.wds", "piddb.wds", "ssdt.wds");
    private static final StructType KLDR = TargetBytes.TYPES.struct("_KLDR_DATA_TABLE_ENTRY");
    /** {@code %y}: module!routine, or module+0x... for a routine its PDB does not name (peauth has none). */
    private static final Pattern NOTIFY_LINE = Pattern.compile(" ?(\\d+) ([0-9a-f]{16}) (\\w+)(!\\w+|\\+0x[0-9a-f]+) "
            + "\\(([0-9a-f]{8})`([0-9a-f]{8})\\)");

    @TempDir
    static Path scripts;
    private static Lkd lkd;
    private static TargetBytes bytes;
    /** The kernel's modules by stem (tcpip), read from PsLoadedModuleList by hand: base, size, time stamp. */
    private static final Map<String, long[]> MODULES = new HashMap<>();

    @BeforeAll
    static void boot() throws IOException, MemoryAccessException {
        for (String name : SCRIPTS) {
            try (InputStream in = KernelGlobalsScriptsTest.class.getResourceAsStream("/dev/kdlab/scripts/" + name)) {
                Files.write(scripts.resolve(name), in.readAllBytes());
            }
        }
        lkd = new Lkd().workIn(scripts);
        bytes = new TargetBytes(lkd.target());
        for (long entry : bytes.walk(bytes.kernel(), bytes.symbol("PsLoadedModuleList"), 0)) {
            String name = TargetBytes.unicode(bytes.kernel(), entry + KLDR.offsetOf("BaseDllName"));
            MODULES.put(name.toLowerCase(Locale.ROOT), new long[] {bytes.read(entry, KLDR, "DllBase"),
                    bytes.read(entry, KLDR, "SizeOfImage"), bytes.read(entry, KLDR, "TimeDateStamp")});
        }
    }

    private static String hex(long v) {
        return String.format("%016x", v);
    }

    /** The modules a notify array's routines lie in, checked slot by slot against the array's bytes. */
    private static List<String> notifyRoutines(String array) throws MemoryAccessException {
        List<String> lines = lkd.run("$$>a< notify.wds nt!" + array);
        long slots = bytes.symbol(array);
        List<String> owners = new ArrayList<>();
        int line = 0;
        for (int slot = 0; slot < 64; slot++) {
            long value = bytes.kernel().readLong(slots + 8L * slot);
            if (value == 0) {
                continue;
            }
            assertThat(value & 0xf).as("fast reference count of slot %d", slot).isEqualTo(0xf);
            long block = value & ~0xfL;
            long function = bytes.kernel().readLong(block + 8);
            assertThat(bytes.kernel().readLong(block)).as("RundownProtect: 15 references").isEqualTo(0x1e);
            Matcher m = NOTIFY_LINE.matcher(lines.get(line++));
            assertThat(m.matches()).as(lines.get(line - 1)).isTrue();
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(slot);
            assertThat(Long.parseUnsignedLong(m.group(2), 16)).isEqualTo(block);
            assertThat(Long.parseUnsignedLong(m.group(5) + m.group(6), 16)).isEqualTo(function);
            long[] module = MODULES.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(m.group(3).toLowerCase(Locale.ROOT) + "."))
                    .map(Map.Entry::getValue).findFirst().orElseThrow();
            assertThat(function).isBetween(module[0], module[0] + module[1] - 1);
            assertThat(lkd.eval(m.group(3) + m.group(4))).as("%y describes the routine").isEqualTo(function);
            assertThat(lkd.run("!pool " + Long.toHexString(block) + " 2")).anyMatch(l -> l.contains("(Allocated) *Cbrb"));
            owners.add(m.group(3));
        }
        assertThat(lines).hasSize(line);
        return owners;
    }

    private static long dword(String symbol) throws MemoryAccessException {
        return bytes.kernel().readUnsigned(bytes.symbol(symbol), 4);
    }

    @Test
    void theProcessNotifyArrayHoldsTheDesktopsDriversInLoadOrder() throws MemoryAccessException {
        assertThat(notifyRoutines("PspCreateProcessNotifyRoutine")).containsExactly("ksecdd", "CI", "cng", "WdFilter",
                "tcpip", "iorate", "dxgkrnl", "ahcache", "peauth");
        assertThat(dword("PspCreateProcessNotifyRoutineCount")).isEqualTo(6);
        assertThat(dword("PspCreateProcessNotifyRoutineExCount")).isEqualTo(3);
        // the Ex registrations (WdFilter, tcpip, ahcache) carry the Ex flag in their block's Context
        long slots = bytes.symbol("PspCreateProcessNotifyRoutine");
        List<Long> contexts = new ArrayList<>();
        for (int slot = 0; slot < 9; slot++) {
            contexts.add(bytes.kernel().readLong((bytes.kernel().readLong(slots + 8L * slot) & ~0xfL) + 0x10));
        }
        assertThat(contexts).containsExactly(0L, 0L, 0L, 2L, 2L, 0L, 0L, 2L, 0L);
        assertThat(lkd.run("$$>a< notify.wds")).containsExactly("Usage: $$>a< notify.wds <notify array>");
    }

    @Test
    void theThreadAndImageArraysHoldWdFilterMmcssAndAhcache() throws MemoryAccessException {
        assertThat(notifyRoutines("PspCreateThreadNotifyRoutine")).containsExactly("WdFilter", "WdFilter", "mmcss");
        assertThat(notifyRoutines("PspLoadImageNotifyRoutine")).containsExactly("WdFilter", "ahcache");
        assertThat(dword("PspCreateThreadNotifyRoutineCount")).isEqualTo(3);
        assertThat(dword("PspLoadImageNotifyRoutineCount")).isEqualTo(2);
        assertThat(dword("PspNotifyEnableMask")).isEqualTo(0xf);
    }

    @Test
    void theUnloadedDriversAreWhatLmListsAndAnEditChangesLm() throws MemoryAccessException {
        List<String> lines = lkd.run("$$><unloaded.wds");
        long array = bytes.kernel().readLong(bytes.symbol("MmUnloadedDrivers"));
        assertThat(dword("MmLastUnloadedDriver")).isEqualTo(5);
        List<String> expected = new ArrayList<>();
        List<String> lm = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long entry = array + 0x28L * i;
            long start = bytes.kernel().readLong(entry + 0x10);
            long end = bytes.kernel().readLong(entry + 0x18);
            String name = TargetBytes.unicode(bytes.kernel(), entry);
            expected.add(hex(start) + " " + hex(end) + " " + name);
            lm.add(backtick(start) + " " + backtick(end) + "   " + name);
            for (long[] module : MODULES.values()) {   // the range is free: no loaded image overlaps it
                assertThat(start >= module[0] + module[1] || end <= module[0]).as(name).isTrue();
            }
            assertThat(bytes.kernel().readLong(entry + 0x20)).isGreaterThan(0);   // CurrentTime
        }
        assertThat(bytes.kernel().readShort(array + 0x28L * 5)).isZero();
        assertThat(lines).isEqualTo(expected);
        assertThat(lines).extracting(l -> l.substring(34)).containsExactly("dump_storport.sys", "dump_stornvme.sys",
                "dump_dumpfve.sys", "WdBoot.sys", "hwpolicy.sys");

        List<String> listing = lkd.run("lm");
        int section = listing.indexOf("Unloaded modules:");
        assertThat(listing.get(section - 1)).isEmpty();
        assertThat(listing.subList(section + 1, listing.size())).isEqualTo(lm);
        assertThat(lkd.run("lm m WdB*")).endsWith("Unloaded modules:", lm.get(3));
        assertThat(lkd.run("lm o")).doesNotContain("Unloaded modules:");

        long start = array + 0x28L * 3 + 0x10;
        long was = bytes.kernel().readLong(start);
        lkd.run("eq " + Long.toHexString(start) + " fffff80012340000");
        assertThat(last(lkd.run("lm m WdB*"))).startsWith("fffff800`12340000 ");
        lkd.run("eq " + Long.toHexString(start) + " " + Long.toHexString(was));
        assertThat(last(lkd.run("lm m WdB*"))).isEqualTo(lm.get(3));
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    private static String backtick(long v) {
        return String.format("%08x`%08x", v >>> 32, v & 0xffffffffL);
    }

    @Test
    void theDriverDatabaseListAndTableHoldEveryLoadedDriverWithItsTimeStamp() throws MemoryAccessException {
        List<String> lines = lkd.run("$$><piddb.wds");
        long table = bytes.symbol("PiDDBCacheTable");
        StructType avl = TargetBytes.TYPES.struct("_RTL_AVL_TABLE");
        long count = bytes.read(table, avl, "NumberGenericTableElements");
        List<Long> entries = bytes.walk(bytes.kernel(), bytes.symbol("PiDDBCacheList"), 0);
        assertThat(entries).hasSize((int) count);
        assertThat(count).isGreaterThan(100);
        assertThat(lines.get(0)).isEqualTo(count + " entries in the table");
        assertThat(lines).hasSize(1 + 2 * entries.size());
        for (int i = 0; i < entries.size(); i++) {
            long entry = entries.get(i);
            String name = TargetBytes.unicode(bytes.kernel(), entry + 0x10);
            long stamp = bytes.kernel().readUnsigned(entry + 0x20, 4);
            assertThat(lines.get(1 + 2 * i)).isEqualTo(String.format("%s %08x 00000000 %s", hex(entry), stamp, name));
            assertThat(stamp).as(name).isEqualTo(MODULES.get(name.toLowerCase(Locale.ROOT))[2]);
        }
        assertThat(lines).anyMatch(l -> l.endsWith(" tcpip.sys")).anyMatch(l -> l.endsWith(" WdFilter.sys"));

        // the AVL tree: root under BalancedRoot.RightChild, parents, balances, and the compare order in order
        StructType links = TargetBytes.TYPES.struct("_RTL_BALANCED_LINKS");
        assertThat(bytes.read(table, avl, "BalancedRoot.Parent")).isEqualTo(table);
        long root = bytes.read(table, avl, "BalancedRoot.RightChild");
        assertThat(bytes.read(root, links, "Parent")).isEqualTo(table);
        List<Long> inOrder = new ArrayList<>();
        int depth = walkTree(root, links, inOrder);
        assertThat(bytes.read(table, avl, "DepthOfTree")).isEqualTo(depth);
        Set<Long> listed = new HashSet<>(entries);
        List<String> names = new ArrayList<>();
        for (long node : inOrder) {
            assertThat(listed).contains(node + 0x20);   // the entry is the node's user data
            names.add(TargetBytes.unicode(bytes.kernel(), node + 0x20 + 0x10).toUpperCase(Locale.ROOT));
        }
        assertThat(inOrder).hasSize(entries.size());
        assertThat(names).isSorted();
    }

    /** Checks each node's links and Balance; returns the subtree's height. */
    private static int walkTree(long node, StructType links, List<Long> inOrder) throws MemoryAccessException {
        if (node == 0) {
            return 0;
        }
        long left = bytes.read(node, links, "LeftChild");
        long right = bytes.read(node, links, "RightChild");
        for (long child : new long[] {left, right}) {
            if (child != 0) {
                assertThat(bytes.read(child, links, "Parent")).isEqualTo(node);
            }
        }
        int leftHeight = walkTree(left, links, inOrder);
        inOrder.add(node);
        int rightHeight = walkTree(right, links, inOrder);
        assertThat((byte) bytes.read(node, links, "Balance")).isEqualTo((byte) (rightHeight - leftHeight));
        assertThat(Math.abs(rightHeight - leftHeight)).isLessThanOrEqualTo(1);
        return 1 + Math.max(leftHeight, rightHeight);
    }

    @Test
    void theServiceTableLeadsEachNumberToItsRoutine() throws MemoryAccessException {
        List<String> lines = lkd.run("$$><ssdt.wds");
        long table = bytes.symbol("KiServiceTable");
        long arguments = bytes.symbol("KiArgumentTable");
        int limit = (int) dword("KiServiceLimit");
        assertThat(limit).isEqualTo(0x1d8);
        assertThat(lines.get(0)).isEqualTo("Base " + hex(table) + " Count 0000000000000000 Limit 1d8 Number " + hex(arguments));
        assertThat(lines).hasSize(1 + limit);
        assertThat(lines.subList(1, 10)).extracting(l -> l.substring(0, l.indexOf(' '))).containsExactly(
                "nt!NtAccessCheck", "nt!NtWorkerFactoryWorkerReady", "nt!NtAcceptConnectPort",
                "nt!NtMapUserPhysicalPagesScatter", "nt!NtWaitForSingleObject", "nt!NtCallbackReturn", "nt!NtReadFile",
                "nt!NtDeviceIoControlFile", "nt!NtWriteFile");
        assertThat(lines.get(1 + 0x36)).startsWith("nt!NtQuerySystemInformation (");
        assertThat(lines.get(1 + 0x26)).startsWith("nt!NtOpenProcess (");
        assertThat(lines.get(1 + 0xf)).startsWith("nt!NtClose (");
        assertThat(lines.get(1 + 0xc8)).startsWith("nt!NtCreateUserProcess (");
        Pattern address = Pattern.compile("\\S+ \\(([0-9a-f]{8})`([0-9a-f]{8})\\)");
        for (int number = 0; number < limit; number++) {
            long entry = bytes.kernel().readUnsigned(table + 4L * number, 4);
            Matcher m = address.matcher(lines.get(1 + number));
            assertThat(m.matches()).as(lines.get(1 + number)).isTrue();
            assertThat(Long.parseUnsignedLong(m.group(1) + m.group(2), 16)).isEqualTo(table + (entry >>> 4));
            assertThat(bytes.kernel().readUnsigned(arguments + number, 1)).isEqualTo(8 * (entry & 0xf));
        }
        assertThat(bytes.kernel().readUnsigned(table + 4 * 0xc8, 4) & 0xf).isEqualTo(7);   // 11 parameters, 7 on the stack
        assertThat(bytes.kernel().readUnsigned(table + 4 * 0x36, 4) & 0xf).isZero();

        assertThat(lkd.run("u nt!KiServiceTable + (dwo(nt!KiServiceTable+4*0x36) >>> 4) L1").get(0))
                .isEqualTo("nt!NtQuerySystemInformation:");
        List<String> descriptor = lkd.run("dps nt!KeServiceDescriptorTable L4");
        assertThat(descriptor.get(0)).endsWith(" nt!KiServiceTable");
        assertThat(descriptor.get(2)).endsWith("00000000`000001d8");
        assertThat(descriptor.get(3)).endsWith(" nt!KiArgumentTable");
        long shadow = bytes.symbol("KeServiceDescriptorTableShadow");
        assertThat(bytes.kernel().read(shadow, 0x20)).isEqualTo(bytes.kernel().read(bytes.symbol("KeServiceDescriptorTable"), 0x20));
    }

    @Test
    void kiInitialProcessIsTheIdleProcessFirstOnMmProcessListAndPsIdleProcessPointsAtIt() throws MemoryAccessException {
        long idle = bytes.symbol("KiInitialProcess");
        assertThat(lkd.run("dt nt!_EPROCESS nt!KiInitialProcess ImageFileName"))
                .containsExactly("   +0x5a8 ImageFileName : [15]  \"Idle\"");
        assertThat(bytes.kernel().readLong(bytes.symbol("PsIdleProcess"))).isEqualTo(idle);
        assertThat(lkd.run("dt nt!_EPROCESS poi(nt!PsIdleProcess) ImageFileName"))
                .containsExactly("   +0x5a8 ImageFileName : [15]  \"Idle\"");
        assertThat(lkd.run("ln nt!KiInitialProcess").get(0)).startsWith("(" + backtick(idle) + ")   nt!KiInitialProcess ");
        assertThat(bytes.kernel().readLong(bytes.symbol("MmProcessList")))
                .isEqualTo(idle + TargetBytes.EPROCESS.offsetOf("MmProcessLinks"));
    }
}
