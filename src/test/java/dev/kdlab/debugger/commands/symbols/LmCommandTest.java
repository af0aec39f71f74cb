package dev.kdlab.debugger.commands.symbols;

import dev.kdlab.debugger.Lkd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code lm} against transcripts 5.1, with every value cross-checked against the bytes it came from. */
class LmCommandTest {
    private static final String HEADER = "start             end                 module name";
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    private static String backtick(long value) {
        return String.format("%08x`%08x", value >>> 32, value & 0xffffffffL);
    }

    private static long firstKernelModule() {
        return lkd.eval("poi(nt!PsLoadedModuleList)");
    }

    @Test
    void ntsRowNamesThePdbInTheSymbolStoreFromTheImagesRsdsRecord() {
        long entry = firstKernelModule();
        long base = lkd.eval("poi(" + Long.toHexString(entry) + "+0x30)");
        long size = lkd.eval("dwo(" + Long.toHexString(entry) + "+0x40)");
        assertThat(base).isEqualTo(lkd.eval("nt!PsLoadedModuleList - 0xc2a2b0"));
        // RSDS record: GUID Data1..3 little-endian, then 8 bytes, then the age (PeImage's CodeView at +0x440).
        long rsds = base + 0x440;
        String guid = String.format("%08X%04X%04X%016X%X", lkd.eval("dwo(" + Long.toHexString(rsds + 4) + ")"),
                lkd.eval("wo(" + Long.toHexString(rsds + 8) + ")"), lkd.eval("wo(" + Long.toHexString(rsds + 10) + ")"),
                Long.reverseBytes(lkd.eval("poi(" + Long.toHexString(rsds + 12) + ")")),
                lkd.eval("dwo(" + Long.toHexString(rsds + 20) + ")"));
        String row = backtick(base) + " " + backtick(base + size) + "   nt         (pdb symbols)          "
                + "C:\\ProgramData\\Dbg\\sym\\ntkrnlmp.pdb\\" + guid + "\\ntkrnlmp.pdb";
        List<String> lines = lkd.run("lm");
        assertThat(lines.get(0)).isEqualTo(HEADER);
        assertThat(lines).contains(row);
        assertThat(lkd.run("lm m nt")).containsExactly(HEADER, row);
    }

    @Test
    void lmvmNtPrintsTheVerboseBlockOfTranscript51() {
        long base = lkd.eval("poi(poi(nt!PsLoadedModuleList)+0x30)");
        long checkSum = lkd.eval("dwo(" + Long.toHexString(base) + "+0xf8+0x58)");
        long stamp = lkd.eval("dwo(" + Long.toHexString(base) + "+0xf8+8)");
        List<String> lines = lkd.run("lmvm nt");
        assertThat(lines).hasSize(11 + 16);   // the version lines follow (LmVersionTest)
        assertThat(lines.subList(0, 2)).containsExactly("Browse full module list", HEADER);
        assertThat(lines.get(2)).startsWith(backtick(base) + " ").contains("   nt         (pdb symbols)          ");
        assertThat(lines.subList(3, 11)).containsExactly(
                "    Loaded symbol image file: ntkrnlmp.exe",
                "    Image path: ntkrnlmp.exe",
                "    Image name: ntkrnlmp.exe",
                "    Browse all global symbols  functions  data",
                "    Image was built with /Brepro flag.",
                String.format("    Timestamp:        %08X (This is a reproducible build file hash, not a timestamp)", stamp),
                String.format("    CheckSum:         %08X", checkSum),
                "    ImageSize:        01046000");
        assertThat(lkd.run("lm v m nt")).isEqualTo(lines);
        assertThat(lkd.run("lmDvmnt")).isEqualTo(lines);
    }

    @Test
    void aDeferredDriverShowsItsPathFromTheLoaderEntry() {
        List<String> lines = lkd.run("lm v m tcpip");
        assertThat(lines.get(2)).matches("fffff80[0-7]`[0-9a-f]{8} fffff80[0-7]`[0-9a-f]{8}   tcpip      \\(deferred\\)             ");
        assertThat(lines.subList(3, 6)).containsExactly(
                "    Image path: \\SystemRoot\\System32\\drivers\\tcpip.sys",
                "    Image name: tcpip.sys",
                "    Browse all global symbols  functions  data");
        assertThat(lines.get(lines.size() - 17)).isEqualTo("    ImageSize:        002EB000");
        long start = Long.parseUnsignedLong(lines.get(2).substring(0, 17).replace("`", ""), 16);
        assertThat(lkd.run("lm a " + Long.toHexString(start + 0x1234))).containsExactly(HEADER, lines.get(2));
    }

    @Test
    void rowsAreSortedByStartAndUserModulesOfTheImplicitProcessComeFirst() {
        List<String> rows = lkd.run("lm o").subList(1, lkd.run("lm o").size());
        List<Long> starts = rows.stream().map(r -> Long.parseUnsignedLong(r.substring(0, 17).replace("`", ""), 16)).toList();
        assertThat(starts).isSortedAccordingTo(Long::compareUnsigned);
        assertThat(lkd.run("lm ko")).hasSize(1 + 177);
        List<String> user = lkd.run("lm u");
        assertThat(user.get(0)).isEqualTo(HEADER);
        assertThat(user.subList(1, user.size())).allMatch(r -> r.startsWith("00007ff"));
        assertThat(user).anyMatch(r -> r.contains("   dbgeng     (deferred)"))
                .anyMatch(r -> r.contains("   ntdll      (pdb symbols)          C:\\ProgramData\\Dbg\\sym\\ntdll.pdb\\"))
                .anyMatch(r -> r.matches(".*   kd_7ff[0-9a-f]{9}   \\(pdb symbols\\) +C:\\\\ProgramData\\\\Dbg\\\\sym\\\\kd\\.pdb\\\\.*"));   // kd.dll is the kernel's "kd"
        assertThat(rows.size()).isEqualTo(user.size() - 1 + 177);
    }

    @Test
    void anotherProcessContextListsItsModules() {
        long notepad = lkd.processAddress("notepad.exe");
        lkd.run(".process /P " + Long.toHexString(notepad));
        List<String> user = lkd.run("lm u");
        lkd.run(".process 0");
        assertThat(user).anyMatch(r -> r.contains("   notepad    (pdb symbols)"))
                .anyMatch(r -> r.contains("   USER32     (deferred)"))
                .noneMatch(r -> r.contains("dbgeng"));
    }

    @Test
    void patternsNamesOnlyAndBadOptions() {
        List<String> s = lkd.run("lm k m s*");
        assertThat(s.get(0)).isEqualTo(HEADER);
        assertThat(s.subList(1, s.size())).isNotEmpty().allMatch(r -> Character.toLowerCase(r.charAt(38)) == 's');
        assertThat(lkd.run("lm 1m m ntd*")).containsExactly("ntdll");
        assertThat(lkd.run("lm m nosuchmodule")).containsExactly(HEADER);
        assertThat(lkd.run("lm q")).containsExactly("        ^ Syntax error in 'lm q'");
        assertThat(lkd.lastSucceeded()).isFalse();
        assertThat(lkd.run("lm m")).containsExactly("         ^ Syntax error in 'lm m'");
    }
}
