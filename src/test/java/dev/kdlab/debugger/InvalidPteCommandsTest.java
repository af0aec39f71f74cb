package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The not-valid PTEs every process holds, as !pte, !vtop, db and !pfn show them. kd.exe (the
 * default context): its first thread's two deepest committed stack pages were trimmed (page file,
 * then transition), its image's last page sits behind a prototype PTE, and its heap's next commit
 * is demand-zero. The lines under "not valid" start in the column "not valid" starts in (81).
 */
class InvalidPteCommandsTest {
    private static final String UNDER = " ".repeat(81);
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    private static List<String> pte(long va) {
        return lkd.run("!pte " + Hex.backtick(va));
    }

    /** The 16 hex digits after the last "contains" of the third line. */
    private static long pteValue(List<String> lines) {
        return Long.parseUnsignedLong(lines.get(2).substring(lines.get(2).lastIndexOf("contains ") + 9), 16);
    }

    @Test
    void aPagedOutStackPageNamesItsPageFileAndOffset() {
        long limit = lkd.eval("poi(@$teb+0x10)");
        List<String> lines = pte(limit);
        long value = pteValue(lines);
        assertThat(lines.get(3)).matches("(pfn [0-9a-f]+ +---DA--UWEV  ){3}not valid");
        assertThat(lines.subList(4, lines.size())).containsExactly(
                UNDER + "PageFile: 2",
                UNDER + "Offset: " + Long.toHexString(value >>> 32),
                UNDER + "Protect: 4 - ReadWrite");
        assertThat(value & 0xffffffffL).isEqualTo(0x2084);
        assertThat(lkd.run("db " + Hex.backtick(limit) + " L8").get(0)).contains("?? ?? ?? ??");
        assertThat(lkd.run("!vtop 0 " + Hex.backtick(limit + 0x10)).subList(5, 7)).containsExactly(
                String.format("Amd64VtoP: PTE not present, pagefile 2:%016x", (value >>> 32 << 12) + 0x10),
                String.format("Virtual address %x translation fails, error 0x10000114.", limit + 0x10));
    }

    @Test
    void aTransitionPageKeepsItsFrameOnTheStandbyList() {
        long page = lkd.eval("poi(@$teb+0x10)") + 0x1000;
        List<String> lines = pte(page);
        long frame = pteValue(lines) >>> 12;
        assertThat(lines.subList(3, lines.size())).endsWith(
                UNDER + "Transition: " + Long.toHexString(frame),
                UNDER + "Protect: 4 - ReadWrite");
        assertThat(pteValue(lines) & 0xfff).isEqualTo(0x880);
        assertThat(lkd.run("db " + Hex.backtick(page) + " L1").get(0)).contains("??");
        assertThat(lkd.text("!vtop 0 " + Hex.backtick(page + 0x18))).as("the engine reads transition frames")
                .contains(String.format("Amd64VtoP: Mapped phys %016x", (frame << 12) + 0x18));
        List<String> pfn = lkd.run("!pfn " + Long.toHexString(frame));
        String pteAddress = lines.get(1).substring(lines.get(1).lastIndexOf("PTE at ") + 7);
        assertThat(pfn.get(1)).endsWith("share count 00000000  pteaddress " + pteAddress);
        assertThat(pfn.get(3)).endsWith("Standby");
    }

    @Test
    void theLastImagePageStandsBehindTheSectionsPrototypePte() {
        long image = lkd.eval("poi(@$proc+0x520)");
        long last = image + lkd.eval("dwo(" + Hex.backtick(image) + "+0xf8+0x50)") - 0x1000;
        List<String> lines = pte(last);
        long proto = pteValue(lines) >> 16;
        assertThat(lines.subList(3, lines.size())).endsWith(UNDER + String.format("Proto: %016X", proto));
        assertThat(proto >>> 48).as("paged pool").isEqualTo(0xffff);
        assertThat(lkd.run("!vtop 0 " + Hex.backtick(last)).subList(5, 7)).containsExactly(
                "Amd64VtoP: prototype PTE",
                String.format("Virtual address %x translation fails, error 0xD0000147.", last));
        long prototypePte = lkd.eval("poi(" + Hex.backtick(proto) + ")");
        assertThat(prototypePte & 0xc01).as("no process maps it any more: the prototype is in transition").isEqualTo(0x800);
        List<String> pfn = lkd.run("!pfn " + Long.toHexString(prototypePte >>> 12));
        assertThat(pfn.get(1)).endsWith(String.format("pteaddress %016X", proto));
        assertThat(pfn.get(3)).endsWith("Standby    P");
    }

    @Test
    void theHeapsNextCommitIsDemandZero() {
        long page = lkd.eval("poi(@$peb+0x30)");
        while (!lkd.run("db " + Hex.backtick(page) + " L1").get(0).contains("??")) {
            page += 0x1000;
        }
        List<String> lines = pte(page);
        assertThat(pteValue(lines)).isEqualTo(0x80);
        assertThat(lines.subList(3, lines.size())).containsExactly(
                lines.get(3).substring(0, 81) + "not valid",
                UNDER + "DemandZero",
                UNDER + "Protect: 4 - ReadWrite");
        assertThat(pte(page + 0x2000).subList(3, 4).get(0)).as("past the commit: nothing").endsWith("not valid");
        assertThat(pte(page + 0x2000)).hasSize(4);
    }

    @Test
    void walkExplainsEachKindOfFault() {
        long limit = lkd.eval("poi(@$teb+0x10)");
        assertThat(lkd.text("!walk " + Hex.backtick(limit))).contains("paged out (Protect: 4 - ReadWrite): the page is "
                + "in page file 2 at page offset");
        assertThat(lkd.text("!walk " + Hex.backtick(limit + 0x1000))).contains("transition (Protect: 4 - ReadWrite)");
        assertThat(lkd.text("!walk 1000`00000000")).contains("PML4E").contains("empty: nothing was ever committed");
    }
}
