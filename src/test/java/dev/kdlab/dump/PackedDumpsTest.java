package dev.kdlab.dump;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lab dumps ship packed: a name.dmp with only name.dmp.gz beside it opens, unpacked once. */
class PackedDumpsTest {
    @TempDir
    Path folder;

    @Test
    void aPackedDumpUnpacksBesideItselfAndOpens() throws IOException {
        Path dump = folder.resolve("lab.dmp");
        new CrashDumpWriter().write(DumpFixtures.memory(1L << 20, 0x10, 3), DumpFixtures.facts(), dump,
                CrashDumpWriter.Layout.BITMAP);
        byte[] original = Files.readAllBytes(dump);
        PackedDumps.pack(dump, folder.resolve("lab.dmp.gz"));
        byte[] packed = Files.readAllBytes(folder.resolve("lab.dmp.gz"));
        Files.delete(dump);

        assertThat(PackedDumps.resolve(dump)).isEqualTo(dump);
        assertThat(Files.readAllBytes(dump)).isEqualTo(original);
        assertThat(CrashDump.open(dump).presentPages()).isEqualTo(3);
        assertThat(PackedDumps.resolve(folder.resolve("lab.dmp.gz"))).isEqualTo(dump);

        PackedDumps.pack(dump, folder.resolve("again.dmp.gz"));
        assertThat(Files.readAllBytes(folder.resolve("again.dmp.gz"))).as("packing is reproducible").isEqualTo(packed);
    }

    @Test
    void aFileThatIsNoGzipSaysSo() throws IOException {
        Files.writeString(folder.resolve("broken.dmp.gz"), "PAGEDU64 but not packed");
        assertThatThrownBy(() -> PackedDumps.resolve(folder.resolve("broken.dmp")))
                .isInstanceOf(DumpFormatException.class).hasMessage("broken.dmp.gz is not a gzip file: Not in GZIP format");
        try (var left = Files.list(folder)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("broken.dmp.gz");
        }
    }

    @Test
    void aDumpThatExistsIsTakenAsItIs() throws IOException {
        Path dump = Files.writeString(folder.resolve("plain.dmp"), "x");
        assertThat(PackedDumps.resolve(dump)).isEqualTo(dump);
        assertThat(PackedDumps.resolve(folder.resolve("missing.dmp"))).isEqualTo(folder.resolve("missing.dmp"));
    }
}
