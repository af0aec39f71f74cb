package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** x, dps/dqs/dds, da/du and dl: their lines, and what they show checked against ? and dq. */
class SymbolCommandsTest {
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    private static String at(String symbol) {
        return Hex.backtick(lkd.eval(symbol));
    }

    @Test
    void xPrintsDataWithoutTypeInformationAndFunctionsWithVoid() {
        assertThat(lkd.run("x nt!PsActiveProcessHead"))
                .containsExactly(at("nt!PsActiveProcessHead") + " nt!PsActiveProcessHead = <no type information>");
        assertThat(lkd.run("x NT!psactiveprocesshead"))
                .containsExactly(at("nt!PsActiveProcessHead") + " nt!PsActiveProcessHead = <no type information>");
        assertThat(lkd.run("x nt!KiInitial*")).containsExactly(
                at("nt!KiInitializeContextThread") + " nt!KiInitializeContextThread (void)",
                at("nt!KiInitializeKernel") + " nt!KiInitializeKernel (void)",
                at("nt!KiInitialPCR") + " nt!KiInitialPCR = <no type information>",
                at("nt!KiInitialThread") + " nt!KiInitialThread = <no type information>");
        assertThat(lkd.run("x nt!KiSystemStartup")).containsExactly(at("nt!KiSystemStartup") + " nt!KiSystemStartup (void)");
        assertThat(lkd.run("x nt!NoSuch*")).isEmpty();
        assertThat(lkd.run("x nosuchmodule!*")).isEmpty();
        assertThat(lkd.lastSucceeded()).isTrue();
    }

    @Test
    void aBareModuleNameIsItsBase() {
        long base = lkd.eval("nt!PsActiveProcessHead") - 0xc1e5e0L;   // the symbol's RVA in NtSymbols
        assertThat(lkd.eval("nt")).isEqualTo(base);
        assertThat(lkd.eval("nt+0x10")).isEqualTo(base + 0x10);
        assertThat(lkd.run("dq nt L1").get(0)).endsWith("00000003`00905a4d");   // MZ, then e_cblp 0x90
    }

    @Test
    void xOptionsSortByAddressAndTrimColumns() {
        List<String> byAddress = lkd.run("x /a nt!*");
        List<Long> addresses = new ArrayList<>();
        for (String line : byAddress) {
            addresses.add(Long.parseUnsignedLong(line.substring(0, 17).replace("`", ""), 16));
        }
        assertThat(addresses).isSorted().hasSizeGreaterThan(20);
        assertThat(lkd.run("x /0 nt!PsIdleProcess")).containsExactly(at("nt!PsIdleProcess"));
        assertThat(lkd.run("x /1 nt!PsIdle*")).containsExactly("nt!PsIdleProcess");
        assertThat(lkd.run("x /2 nt!PsIdleProcess")).containsExactly(at("nt!PsIdleProcess") + " nt!PsIdleProcess");
        assertThat(lkd.run("x PsIdleProcess")).containsExactly(at("nt!PsIdleProcess") + " nt!PsIdleProcess = <no type information>");
        assertThat(lkd.run("x /z nt!*")).containsExactly("Unknown option '/z'");
        assertThat(lkd.lastSucceeded()).isFalse();
    }

    @Test
    void dpsNamesThePointersThatLandInAModule() {
        long block = lkd.eval("nt!KiProcessorBlock");
        List<String> lines = lkd.run("dps nt!KiProcessorBlock L4");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo(Hex.backtick(block) + "  " + Hex.backtick(lkd.eval("poi(nt!KiProcessorBlock)"))
                + " nt!KiInitialPCR+0x180");
        for (int i = 1; i < 4; i++) {
            long prcb = lkd.eval("poi(nt!KiProcessorBlock+0x" + Integer.toHexString(8 * i) + ")");
            assertThat(lines.get(i)).isEqualTo(Hex.backtick(block + 8L * i) + "  " + Hex.backtick(prcb));   // pool: no symbol
        }
        assertThat(lkd.run("dqs @$prcb+0x18 L1")).containsExactly(
                Hex.backtick(lkd.eval("@$prcb+0x18")) + "  " + at("nt!KiInitialThread") + " nt!KiInitialThread");
        assertThat(lkd.run("dqs")).hasSize(16);   // goes on after the last display, 0x80 bytes
        List<String> dwords = lkd.run("dds nt!KiProcessorBlock L2");
        assertThat(dwords).containsExactly(
                Hex.backtick(block) + "  " + Hex.padded(lkd.eval("dwo(nt!KiProcessorBlock)"), 8),
                Hex.backtick(block + 4) + "  " + Hex.padded(lkd.eval("dwo(nt!KiProcessorBlock+4)"), 8));
        assertThat(lkd.run("dps 0 L1")).containsExactly("00000000`00000000  ????????`????????");
    }

    @Test
    void duAndDaWrapAfter32CharactersAtTheirOwnAddresses() {
        long parameters = lkd.eval("poi(@$peb+0x20)");
        long imagePath = lkd.eval("poi(" + Long.toHexString(parameters) + "+0x68)");
        assertThat(lkd.run("du " + Long.toHexString(imagePath))).containsExactly(
                Hex.backtick(imagePath) + "  \"C:\\Program Files (x86)\\Windows K\"",
                Hex.backtick(imagePath + 0x40) + "  \"its\\10\\Debuggers\\x64\\kd.exe\"");
        assertThat(lkd.run("du " + Long.toHexString(imagePath) + " L3"))
                .containsExactly(Hex.backtick(imagePath) + "  \"C:\\\"");
        long image = lkd.eval("poi(@$peb+0x10)");
        assertThat(lkd.run("da " + Long.toHexString(image))).containsExactly(Hex.backtick(image) + "  \"MZ.\"");
        assertThat(lkd.run("da 0")).containsExactly("00000000`00000000  " + "?".repeat(32));
    }

    @Test
    void dlWalksTheIdleProcessThreadListBackToItsHead() {
        long head = lkd.eval("nt!PsIdleProcess+0x30");   // KPROCESS.ThreadListHead
        List<String> lines = lkd.run("dl nt!PsIdleProcess+0x30");
        assertThat(lines).hasSize(2 * 5);   // the head and one idle thread per processor
        long node = head;
        for (int i = 0; i < 5; i++) {
            long flink = lkd.eval("poi(" + Long.toHexString(node) + ")");
            long blink = lkd.eval("poi(" + Long.toHexString(node + 8) + ")");
            assertThat(lines.get(2 * i)).isEqualTo(Hex.backtick(node) + "  " + Hex.backtick(flink) + " " + Hex.backtick(blink));
            assertThat(lines.get(2 * i + 1)).startsWith(Hex.backtick(node + 0x10) + "  ");
            node = flink;
        }
        assertThat(node).isEqualTo(head);
        assertThat(lkd.run("dl nt!PsActiveProcessHead 3 2")).hasSize(3)
                .allMatch(l -> l.matches("[0-9a-f]{8}`[0-9a-f]{8}  [0-9a-f]{8}`[0-9a-f]{8} [0-9a-f]{8}`[0-9a-f]{8}"));
    }
}
