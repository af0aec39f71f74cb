package dev.kdlab.debugger;

import dev.kdlab.kernel.init.Kernel;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.scenario.LiveTargets;
import dev.kdlab.target.ImageSymbols;
import dev.kdlab.target.SymbolStore;
import dev.kdlab.target.Target;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kernel modules come from nt!PsLoadedModuleList in memory and nowhere else: a driver unlinked
 * from it with {@code eq} (DKOM, as rootkits hide drivers) is gone from lm, ln, x, k, dps and
 * symbol lookups alike. The symbol store here also has a PDB for tcpip.sys, so that the driver
 * has symbols for ln, x and k to show while it is listed.
 */
class ModuleUnlinkTest {
    private static final long TCP_RECEIVE = 0x1200;
    private static final long IPP_SEND = 0x5000;

    private Lkd lkd;
    private Target target;
    private long tcpip;

    @BeforeEach
    void boot() {
        Kernel kernel = DefaultMachine.bootKernel(DefaultMachine.DEFAULT_SEED);
        SymbolStore store = LiveTargets.symbolStore(kernel).add("tcpip.sys",
                new ImageSymbols("tcpip.sys", Map.of("TcpReceive", TCP_RECEIVE, "IppSendDatagramsCommon", IPP_SEND)));
        target = LiveTargets.of(kernel, store);
        lkd = new Lkd(target);
        tcpip = lkd.eval("tcpip");
    }

    @Test
    void anUnlinkedDriverIsGoneFromLmLnXKDpsAndExpressions() throws Exception {
        long returnSlot = frameChildSp(1) - 8;   // where frame 0 returns to: frame 1's call site
        lkd.run("eq " + hex(returnSlot) + " tcpip+0x1234");
        assertThat(lkd.run("lm m tcpip")).hasSize(2).last().asString()
                .startsWith(Hex.backtick(tcpip) + " ").contains(" tcpip ", "(pdb symbols)");
        assertThat(lkd.run("ln tcpip+0x1234")).containsExactly("(" + Hex.backtick(tcpip + TCP_RECEIVE)
                + ")   tcpip!TcpReceive+0x34   |  (" + Hex.backtick(tcpip + IPP_SEND) + ")   tcpip!IppSendDatagramsCommon");
        assertThat(lkd.run("x /a tcpip!*")).containsExactly(
                Hex.backtick(tcpip + TCP_RECEIVE) + " tcpip!TcpReceive = <no type information>",
                Hex.backtick(tcpip + IPP_SEND) + " tcpip!IppSendDatagramsCommon = <no type information>");
        assertThat(lkd.eval("tcpip!TcpReceive")).isEqualTo(tcpip + TCP_RECEIVE);
        assertThat(lkd.run("kn").get(2)).endsWith("     tcpip!TcpReceive+0x34");
        assertThat(lkd.run("dps " + hex(returnSlot) + " L1")).containsExactly(Hex.backtick(returnSlot) + "  "
                + Hex.backtick(tcpip + 0x1234) + " tcpip!TcpReceive+0x34");

        unlink(entryOf(tcpip));

        assertThat(lkd.run("lm m tcpip")).containsExactly("start             end                 module name");
        assertThat(lkd.run("lm")).noneMatch(line -> line.contains(" tcpip "));
        assertThat(lkd.run("ln " + hex(tcpip + 0x1234))).isEmpty();
        assertThat(lkd.run("x tcpip!*")).isEmpty();
        assertThat(lkd.run("? tcpip!TcpReceive")).containsExactly("Couldn't resolve error at 'tcpip!TcpReceive'");
        assertThat(lkd.run("? tcpip")).containsExactly("Couldn't resolve error at 'tcpip'");
        List<String> stack = lkd.run("kn");
        assertThat(stack.get(2)).endsWith("     0xfffff805`" + String.format("%08x", (tcpip + 0x1234) & 0xffffffffL))
                .startsWith("01 ");
        assertThat(stack).noneMatch(line -> line.contains("tcpip"));
        assertThat(lkd.run("dps " + hex(returnSlot) + " L1")).containsExactly(Hex.backtick(returnSlot) + "  "
                + Hex.backtick(tcpip + 0x1234));
        // the modules around it are still there
        assertThat(lkd.run("lm m NETIO")).hasSize(2);
        assertThat(lkd.run("ln nt!KiSwapContext")).hasSize(3);
    }

    @Test
    void relinkingTheDriverBringsItBack() throws Exception {
        long entry = entryOf(tcpip);
        VirtualMemory kernel = target.kernelSpace();
        long flink = kernel.readLong(entry);
        long blink = kernel.readLong(entry + 8);
        unlink(entry);
        assertThat(lkd.run("x tcpip!*")).isEmpty();
        assertThat(lkd.run("lm m tcpip")).hasSize(1);
        lkd.run("eq " + hex(blink) + " " + hex(entry));
        lkd.run("eq " + hex(flink) + "+8 " + hex(entry));
        assertThat(lkd.run("x tcpip!*")).hasSize(2);
        assertThat(lkd.run("lm m tcpip")).hasSize(2);
        assertThat(lkd.eval("tcpip")).isEqualTo(tcpip);
    }

    /** Takes the entry out of its list as DKOM does: its neighbours' links skip it, with eq. */
    private void unlink(long entry) throws Exception {
        VirtualMemory kernel = target.kernelSpace();
        long flink = kernel.readLong(entry);
        long blink = kernel.readLong(entry + 8);
        lkd.run("eq " + hex(blink) + " " + hex(flink));
        assertThat(lkd.lastSucceeded()).isTrue();
        lkd.run("eq " + hex(flink) + "+8 " + hex(blink));
        assertThat(lkd.lastSucceeded()).isTrue();
    }

    /** The _KLDR_DATA_TABLE_ENTRY whose DllBase is the base, found by bytes (InLoadOrderLinks at 0). */
    private long entryOf(long base) throws Exception {
        VirtualMemory kernel = target.kernelSpace();
        long head = target.versionBlock().psLoadedModuleList();
        long dllBase = TargetBytes.TYPES.struct("_KLDR_DATA_TABLE_ENTRY").offsetOf("DllBase");
        for (long link = kernel.readLong(head); link != head; link = kernel.readLong(link)) {
            if (kernel.readLong(link + dllBase) == base) {
                return link;
            }
        }
        throw new AssertionError("no loader entry at " + Hex.backtick(base));
    }

    private long frameChildSp(int frame) {
        String line = lkd.run("kn").get(1 + frame);
        return Long.parseUnsignedLong(line.substring(3, 20).replace("`", ""), 16);
    }

    private static String hex(long value) {
        return Long.toHexString(value);
    }
}
