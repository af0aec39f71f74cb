package dev.kdlab.debugger.commands.symbols;

import dev.kdlab.debugger.Lkd;
import dev.kdlab.types.LayoutImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "done when": for every file of reference/layouts-19041 and layouts-extra, {@code dt nt!<type>} typed at the prompt prints
 * exactly the file's lines (offset, name, type, bit positions; an enum's constants), in order, and nothing else.
 * LayoutFilesTest holds the catalog against the same files; this holds the command.
 */
class DtLayoutFilesTest {
    private static Lkd lkd;
    private static List<LayoutImporter.LayoutFile> files;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
        files = LayoutImporter.catalogFiles();
        assertThat(files).hasSizeGreaterThanOrEqualTo(527);
    }

    @TestFactory
    Stream<DynamicTest> dtPrintsEveryReferenceFileExactly() {
        return files.stream().map(f -> DynamicTest.dynamicTest("dt nt!" + f.name(), f.path().toUri(), () -> {
            List<String> expected = f.kind().equals("enum") ? f.dump() : f.topLevel();
            assertThat(lkd.run("dt nt!" + f.name())).containsExactlyElementsOf(expected);
            assertThat(lkd.lastSucceeded()).isTrue();
        }));
    }
}
