package dev.kdlab.debugger;

import dev.kdlab.debugger.pictures.Glyphs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * !kdlab.vadmap: notepad's VADs drawn as bars, held against what !vad, !address, lm and the PEB's
 * bytes say about the same process.
 */
class VadMapTest {
    private static final Lkd LKD = new Lkd();
    private static final Pattern BAR = Pattern.compile(
            "^([0-9a-f]{8})`([0-9a-f]{8}) ([0-9a-f]{8})`([0-9a-f]{8}) +(\\S+ [KMGT]B)  ([█░]+) +(\\S+)(?: +(.*))?$");
    private static final Pattern VAD_ROW = Pattern.compile("^[0-9a-f]{16} +\\d+ +([0-9a-f]+) +([0-9a-f]+) .*$");
    /** The widest bar: the CFG bitmap's 2 TB reservation, 2^29 pages, is thirty blocks. */
    private static final int WIDTH = 30;
    private static long notepad;
    private static String peb;

    @BeforeAll
    static void findNotepad() {
        notepad = LKD.processAddress("notepad.exe");
        String cidLine = LKD.run("!process " + Long.toHexString(notepad) + " 0").get(1);
        peb = cidLine.replaceAll(".*Peb: ([0-9a-f]+) .*", "$1");
    }

    private static List<String> map() {
        return LKD.run("!kdlab.vadmap " + Long.toHexString(notepad));
    }

    private static List<Matcher> bars(List<String> map) {
        List<Matcher> bars = new ArrayList<>();
        for (String line : map.subList(2, map.size())) {
            Matcher m = BAR.matcher(line);
            if (m.matches()) {
                bars.add(m);
            } else {
                assertThat(line).as("a line that is no bar is a gap").matches(" {46}┆ \\S+ [KMGT]B free");
            }
        }
        return bars;
    }

    private static String implicitNotepad(String command) {
        LKD.run(".process /P " + Long.toHexString(notepad));
        return String.join("\n", LKD.run(command));
    }

    @Test
    void theHeadingCountsTheTreesVads() {
        String total = implicitNotepad("!vad").replaceAll("(?s).*Total VADs: (\\d+),.*", "$1");
        List<String> map = map();
        assertThat(map.get(0)).isEqualTo("VAD map of notepad.exe (EPROCESS " + Hex.plain(notepad) + "): " + total
                + " VADs by address; one block per doubling of the size from 4 KB, █ committed, ░ reserved");
        assertThat(map.get(1)).isEqualTo("Start             End+1                 Size  Map" + " ".repeat(WIDTH - 3) + "  Usage");
        assertThat(bars(map)).hasSize(Integer.parseInt(total));
    }

    /** Bar by bar, the same VADs as !vad's in-order table, start and end page for page. */
    @Test
    void everyVadOfTheTreeIsOneBarInAddressOrder() {
        List<String> table = new ArrayList<>();
        for (String row : implicitNotepad("!vad").split("\n")) {
            Matcher m = VAD_ROW.matcher(row);
            if (m.matches()) {
                table.add(m.group(1) + "-" + m.group(2));
            }
        }
        List<String> drawn = bars(map()).stream().map(m -> {
            long start = Long.parseUnsignedLong(m.group(1) + m.group(2), 16);
            long end = Long.parseUnsignedLong(m.group(3) + m.group(4), 16);
            return Long.toHexString(start >>> 12) + "-" + Long.toHexString((end >>> 12) - 1);
        }).toList();
        assertThat(drawn).isEqualTo(table).hasSizeGreaterThan(40);
    }

    @Test
    void thePebNtdllAndTheCfgBitmapAsWholeLines() {
        long pebAddress = Long.parseUnsignedLong(peb, 16);
        String lm = implicitNotepad("lm m ntdll").lines().filter(l -> l.contains(" ntdll ")).findFirst().orElseThrow();
        long ntdll = Long.parseUnsignedLong(lm.substring(0, 17).replace("`", ""), 16);
        long ntdllEnd = Long.parseUnsignedLong(lm.substring(18, 35).replace("`", ""), 16);
        List<String> map = map();
        assertThat(map).contains(
                Hex.backtick(pebAddress) + " " + Hex.backtick(pebAddress + 0x1000) + "     4 KB  █" + " ".repeat(WIDTH - 1)
                        + "  PEB",
                // 0x1f8 pages: nine doublings past one page, all committed (an image view is committed whole)
                Hex.backtick(ntdll) + " " + Hex.backtick(ntdllEnd) + "     2 MB  " + "█".repeat(10) + " ".repeat(WIDTH - 10)
                        + "  DLL    \\Windows\\SYSTEM32\\ntdll.dll",
                "00007df5`00000000 00007ff5`00000000     2 TB  " + "░".repeat(WIDTH) + "  Other  CFG Bitmap");
        assertThat(ntdllEnd - ntdll).isEqualTo(0x1f8000);
    }

    /** Each bar is named as !address names the region at its start. */
    @Test
    void usagesAreWhatAddressSays() {
        List<Matcher> bars = bars(map());
        LKD.run(".process /P " + Long.toHexString(notepad));
        for (Matcher bar : bars) {
            String usage = LKD.run("!address " + bar.group(1) + bar.group(2)).get(0).replaceAll("^Usage: +", "");
            String expected = switch (usage) {
                case "Image" -> bar.group(7).equals("Image") ? "Image" : "DLL";
                case "MappedFile" -> "Mapped";
                case "<unknown>" -> "Private";
                default -> usage;
            };
            assertThat(bar.group(7)).as(bar.group()).isEqualTo(expected);
        }
        assertThat(bars).filteredOn(m -> m.group(7).equals("Image")).singleElement()
                .satisfies(m -> assertThat(m.group(8)).isEqualTo("\\Windows\\System32\\notepad.exe"));
    }

    @Test
    void everyThreadsStackIsNamedWithItsThread() {
        List<String> threads = LKD.run("!process " + Long.toHexString(notepad) + " 2").stream()
                .filter(l -> l.strip().startsWith("THREAD "))
                .map(l -> l.replaceAll(".*Cid [0-9a-f]+\\.([0-9a-f]+) .*", "$1").replaceFirst("^0+", ""))
                .toList();
        List<String> map = map();
        assertThat(threads).isNotEmpty().allSatisfy(tid ->
                assertThat(map).filteredOn(l -> l.endsWith("  Stack  thread " + tid)).hasSize(1));
    }

    /** The executable is the image at PEB.ImageBaseAddress: point it at ntdll and the names swap. */
    @Test
    void theImageIsTheOneThePebNames() {
        String lm = implicitNotepad("lm m ntdll").lines().filter(l -> l.contains(" ntdll ")).findFirst().orElseThrow();
        String ntdll = lm.substring(0, 17).replace("`", "");
        long field = Long.parseUnsignedLong(peb, 16) + LKD.target().types().struct("_PEB").offsetOf("ImageBaseAddress");
        long original = LKD.eval("poi(" + Long.toHexString(field) + ")");
        try {
            LKD.run("eq " + Long.toHexString(field) + " " + ntdll);
            List<String> map = map();
            assertThat(map).anyMatch(l -> l.endsWith("  Image  \\Windows\\SYSTEM32\\ntdll.dll"));
            assertThat(map).anyMatch(l -> l.endsWith("  DLL    \\Windows\\System32\\notepad.exe"));
        } finally {
            LKD.run("eq " + Long.toHexString(field) + " " + Long.toHexString(original));
        }
        assertThat(map()).anyMatch(l -> l.endsWith("  Image  \\Windows\\System32\\notepad.exe"));
    }

    @Test
    void asciiWhereBoxDrawingCannotShow() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Debugger debugger = new Debugger(LKD.target(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        debugger.session().setGlyphs(Glyphs.ASCII);
        debugger.execute("!kdlab.vadmap " + Long.toHexString(notepad));
        List<String> map = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(map.get(0)).endsWith("one block per doubling of the size from 4 KB, # committed, . reserved");
        assertThat(map).contains("00007df5`00000000 00007ff5`00000000     2 TB  " + ".".repeat(WIDTH) + "  Other  CFG Bitmap");
        assertThat(map).anyMatch(l -> l.matches(" {46}: \\S+ [KMGT]B free"));
        assertThat(String.join("\n", map)).doesNotContain("█", "░", "┆");
    }

    @Test
    void theHtmlLogKeepsThePicture(@TempDir Path dir) throws IOException {
        LKD.workIn(dir);
        LKD.run(".logopen /html vadmap.html");
        List<String> map = map();
        LKD.run(".logclose");
        String page = Files.readString(dir.resolve("vadmap.html"), StandardCharsets.UTF_8)
                .replaceAll("<span class=\"[a-z]+\">", "").replace("</span>", "");
        for (String line : map) {
            assertThat(page).contains(line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "\n");
        }
    }

    @Test
    void aProcessWithoutUserSpaceOrNoProcessIsWinDbgsError() {
        assertThat(LKD.run("!kdlab.vadmap 4")).containsExactly("The process has no VADs");
        assertThat(LKD.run("!kdlab.vadmap 1234")).containsExactly("Unable to get process with Cid 1234");
    }
}
