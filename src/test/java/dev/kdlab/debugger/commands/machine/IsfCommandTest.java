package dev.kdlab.debugger.commands.machine;

import dev.kdlab.debugger.Lkd;
import dev.kdlab.kernel.image.NtSymbols;
import dev.kdlab.kernel.init.Kernel;
import dev.kdlab.scenario.DefaultMachine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** .isf on the default machine: the PDB identity is the kernel image's RSDS record, symbols are RVAs. */
class IsfCommandTest {
    private static Lkd lkd;
    private static Kernel kernel;
    private static String guid;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
        kernel = DefaultMachine.bootKernel(DefaultMachine.DEFAULT_SEED);
        guid = volatilityGuid(kernel.pdbGuid());
    }

    /** pdbutil's rule: Data1 (u32), Data2, Data3 (u16) little endian, then Data4's bytes; upper case. */
    private static String volatilityGuid(byte[] g) {
        return String.format("%02X%02X%02X%02X%02X%02X%02X%02X", g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6])
                + String.format("%02X%02X%02X%02X%02X%02X%02X%02X", g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\": \\{\\s*\"address\": (\\d+)").matcher(json);
        assertThat(m.find()).as(key).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void theFileIsNamedAfterTheKernelsRsdsRecordAndCarriesIt(@TempDir Path dir) throws IOException {
        List<String> lines = lkd.run(".isf " + dir);
        Path file = dir.resolve(guid + "-1.json");
        assertThat(lines).containsExactly(
                "ISF 6.1.0 for ntkrnlmp.pdb " + guid + "-1 written to " + file,
                "676 user types, 47 enums, " + NtSymbols.all().size() + " symbols; Volatility 3 looks for it as windows/ntkrnlmp.pdb/"
                        + guid + "-1.json under a symbol path");
        String json = Files.readString(file);
        assertThat(json).contains("\"GUID\": \"" + guid + "\"", "\"age\": 1", "\"database\": \"ntkrnlmp.pdb\"");
        long base = kernel.plan().kernelBase();
        assertThat(number(json, "PsActiveProcessHead")).isEqualTo(lkd.eval("nt!PsActiveProcessHead") - base)
                .isEqualTo(0xc1e5e0L);
        assertThat(number(json, "KiProcessorBlock")).isEqualTo(lkd.eval("nt!KiProcessorBlock") - base);
    }

    @Test
    void aNamedFileIsWrittenAsNamed(@TempDir Path dir) {
        Path file = dir.resolve("nt.json");
        assertThat(lkd.run(".isf " + file).get(0)).endsWith(" written to " + file);
        assertThat(file).isNotEmptyFile();
    }

    @Test
    void errorsAreOneLine(@TempDir Path dir) {
        assertThat(lkd.run(".isf")).containsExactly("Usage: .isf File|Directory");
        assertThat(lkd.lastSucceeded()).isFalse();
        Path missing = dir.resolve("missing/nt.json");
        assertThat(lkd.run(".isf " + missing)).containsExactly("Cannot write " + missing + ": no such directory");
    }
}
