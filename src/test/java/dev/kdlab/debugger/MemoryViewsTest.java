package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** dc, dp, df, s, .formats, !ptov and .cls, each against db/dd/dq, !vtop or the transcripts' own lines. */
class MemoryViewsTest {
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    private static String hex(long value) {
        return Long.toHexString(value);
    }

    @Test
    void dcShowsTheDwordsOfDdAndTheAsciiOfDb() {
        List<String> dc = lkd.run("dc nt L9");
        List<String> dd = lkd.run("dd nt L9");
        List<String> db = lkd.run("db nt L24");
        assertThat(dc).hasSize(3);
        for (int i = 0; i < 2; i++) {
            assertThat(dc.get(i)).isEqualTo(dd.get(i) + "  " + db.get(i).substring(db.get(i).length() - 16));
        }
        // a short last line keeps the ASCII column where full lines have it
        assertThat(dc.get(2)).isEqualTo(dd.get(2) + " ".repeat(27) + "  " + db.get(2).substring(db.get(2).length() - 4));
        assertThat(dc.get(0)).endsWith("  MZ..............");
        assertThat(lkd.run("dc nt")).hasSize(8);   // 32 DWORDs by default
    }

    @Test
    void dpIsDqOnX64() {
        assertThat(lkd.run("dp nt L3")).isEqualTo(lkd.run("dq nt L3"));
        assertThat(lkd.run("dp @$proc")).isEqualTo(lkd.run("dq @$proc"));
    }

    /** The floats are written into nt's DOS stub (zero bytes in the emulated image) and put back afterwards. */
    @Test
    void dfPrintsFloatsAsTheTranscriptDoes() {
        long at = lkd.eval("nt+0xc00");   // zeros in the header page, after the CodeView record
        try {
            // transcripts 5.4: dd shows ffa00000 00000018 00000000 c52d7008, df shows these four
            lkd.run("ed " + hex(at) + " ffa00000 00000018 00000000 c52d7008 3f800000");
            assertThat(lkd.run("df " + hex(at) + " L4")).containsExactly(
                    Hex.backtick(at) + "          -1.#QNAN   3.3631163e-044                0        -2775.002");
            List<String> defaults = lkd.run("df " + hex(at));
            assertThat(defaults).hasSize(4);   // 16 floats by default
            assertThat(defaults.get(1)).isEqualTo(Hex.backtick(at + 16)
                    + "                 1                0                0                0");
        } finally {
            lkd.run("ed " + hex(at) + " 0 0 0 0 0");
        }
        assertThat(lkd.run("dd " + hex(at) + " L5")).allMatch(l -> l.matches("\\S+ ( 00000000)+"));
    }

    @Test
    void searchFindsPatternsAndPrintsTheDisplayLineOfTheirType() {
        long nt = lkd.eval("nt");
        assertThat(lkd.run("s -[1]b nt L1000 4d 5a")).containsExactly(Hex.backtick(nt));
        assertThat(lkd.run("s -b nt L1000 4d 5a 90")).containsExactly(lkd.run("db nt L10").get(0));
        // w, d and q patterns match only at multiples of their size from the start of the range
        assertThat(lkd.run("s -w nt L10 905a")).isEmpty();
        assertThat(lkd.run("s -[1]w nt+1 L10 905a")).containsExactly(Hex.backtick(nt + 1));
        long process = lkd.eval("@$proc");
        long pid = lkd.eval("poi(@$proc+0x440)");
        assertThat(lkd.run("s -q @$proc L800 " + hex(pid))).contains(lkd.run("dq @$proc+0x440 L2").get(0));
        assertThat(lkd.run("s -d @$proc L800 " + hex(pid))).contains(lkd.run("dc @$proc+0x440 L4").get(0));
        // ImageFileName at +0x5a8: an ASCII string, printed as db prints it
        assertThat(lkd.run("s -a @$proc L1000 \"kd.exe\"")).containsExactly(lkd.run("db @$proc+0x5a8 L10").get(0));
        assertThat(lkd.lastSucceeded()).isTrue();
        assertThat(process).isNotZero();
    }

    @Test
    void searchFollowsThePageTablesOverTheWholeUserHalf() {
        List<String> hits = lkd.run("s -[1]u 0 L?7fffffffffff \"kd.exe\"");
        assertThat(hits).isNotEmpty();
        for (String hit : hits) {
            assertThat(lkd.run("du " + hit.replace("`", "") + " L6")).containsExactly(hit + "  \"kd.exe\"");
        }
        assertThat(lkd.run("s -b 0 L1000 0")).isEmpty();   // page 0 is not mapped
        assertThat(lkd.lastSucceeded()).isTrue();
    }

    @Test
    void searchAndDisplayRangesOverTwoHundredFiftySixMegabytesNeedLQuestionMark() {
        assertThat(lkd.run("s -b nt L20000000 4d")).containsExactly(
                " ".repeat(5 + "s -b nt L20000000".length()) + "^ Range error in 's -b nt L20000000 4d'");
        assertThat(lkd.run("db nt L20000000")).containsExactly(
                " ".repeat(5 + "db nt L20000000".length()) + "^ Range error in 'db nt L20000000'");
        assertThat(lkd.run("dd nt nt+10000000")).containsExactly(
                " ".repeat(5 + "dd nt nt+10000000".length()) + "^ Range error in 'dd nt nt+10000000'");
        assertThat(lkd.run("dq nt L2000001")).hasSize(1).allMatch(l -> l.endsWith("^ Range error in 'dq nt L2000001'"));
        assertThat(lkd.run("du nt L8000001")).hasSize(1).allMatch(l -> l.endsWith("^ Range error in 'du nt L8000001'"));
        assertThat(lkd.lastSucceeded()).isFalse();
        assertThat(lkd.run("db nt L?20")).hasSize(2);
    }

    /** transcripts 4.1: .formats nt!KeBugCheckEx on a 19041 kernel, whose value needs no time zone. */
    @Test
    void formatsPrintsWinDbgsBlock() {
        assertThat(lkd.run(".formats fffff800`031fd5b0")).containsExactly(
                "Evaluate expression:",
                "  Hex:     fffff800`031fd5b0",
                "  Decimal: -8796040604240",
                "  Decimal (unsigned) : 18446735277668947376",
                "  Octal:   1777777600000307752660",
                "  Binary:  11111111 11111111 11111000 00000000 00000011 00011111 11010101 10110000",
                "  Chars:   ........",
                "  Time:    ***** Invalid FILETIME",
                "  Float:   low 4.69712e-037 high -1.#QNAN",
                "  Double:  -1.#QNAN");
    }

    /** transcripts 5.3: the same value in the target's time zone, read from KUSER_SHARED_DATA's TimeZoneBias. */
    @Test
    void formatsReadsTheValueAsAFiletimeInTheTargetsTimeZone() {
        long bias = lkd.eval("qwo(fffff780`00000020)");
        long value = 0x00007ffe_47017344L;
        LocalDateTime local = LocalDateTime.of(1601, 1, 1, 0, 0).plus((value - bias) / 10, ChronoUnit.MICROS);
        long offsetMinutes = -bias / 600_000_000L;
        String time = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss.SSS yyyy", Locale.ROOT).format(local)
                + String.format(" (UTC %s %d:%02d)", offsetMinutes < 0 ? "-" : "+", Math.abs(offsetMinutes) / 60,
                Math.abs(offsetMinutes) % 60);
        assertThat(lkd.run(".formats 00007ffe`47017344")).containsExactly(
                "Evaluate expression:",
                "  Hex:     00007ffe`47017344",
                "  Decimal: 140730089698116",
                "  Decimal (unsigned) : 140730089698116",
                "  Octal:   0000003777710700271504",
                "  Binary:  00000000 00000000 01111111 11111110 01000111 00000001 01110011 01000100",
                "  Chars:   ..\u007f.G.sD",
                "  Time:    " + time,
                "  Float:   low 33139.3 high 4.59149e-041",
                "  Double:  6.95299e-310");
        assertThat(lkd.run(".formats nosuchsymbol")).containsExactly("Couldn't resolve error at 'nosuchsymbol'");
    }

    @Test
    void ptovMapsEveryValidPageToItsVirtualAddress() {
        long directoryTableBase = lkd.eval("@cr3");
        List<String> lines = lkd.run("!ptov " + hex(directoryTableBase));
        assertThat(lines.get(0)).isEqualTo("Amd64PtoV: pagedir " + hex(directoryTableBase));
        Pattern shape = Pattern.compile("([0-9a-f]{1,8}|[0-9a-f]{8}`[0-9a-f]{8}) ([0-9a-f]{1,8}|[0-9a-f]{8}`[0-9a-f]{8})");
        long previous = -1;
        for (String line : lines.subList(1, lines.size())) {
            assertThat(line).matches(shape);
            long va = Long.parseUnsignedLong(line.substring(line.indexOf(' ') + 1).replace("`", ""), 16);
            assertThat(previous == -1 || Long.compareUnsigned(va, previous) > 0).as(line).isTrue();
            previous = va;
        }
        // the PEB's page, against !vtop's translation
        long peb = lkd.eval("@$peb") & -0x1000L;
        List<String> vtop = lkd.run("!vtop 0 " + hex(peb));
        String last = vtop.get(vtop.size() - 1);
        long physical = Long.parseUnsignedLong(last.substring(last.indexOf("physical address ") + 17, last.length() - 1), 16);
        String pebLine = (physical >>> 32 == 0 ? hex(physical) : Hex.backtick(physical)) + " "
                + (peb >>> 32 == 0 ? hex(peb) : Hex.backtick(peb));
        assertThat(lines).contains(pebLine);
    }

    @Test
    void clsPrintsNothingInAScript() {
        assertThat(lkd.run(".cls")).isEmpty();
        assertThat(lkd.lastSucceeded()).isTrue();
    }
}
