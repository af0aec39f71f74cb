package dev.kdlab.types;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The repository carries a copy of shared/reference/layouts-19041 so that a clone on its own can run
 * the layout tests. Where the shared folder sits beside the clone (as in CI), the copy must equal it
 * file for file, byte for byte.
 */
class ReferenceCopyTest {
    private static final Path SHARED = Path.of("..", "shared", "reference", LayoutImporter.LAYOUTS);
    private static final Path COPY = LayoutImporter.REPOSITORY_COPY.resolve(LayoutImporter.LAYOUTS);

    @Test
    void theRepositorysCopyIsTheSharedReference() throws IOException {
        assumeTrue(Files.isDirectory(SHARED), "no shared/ beside this clone: the copy is the reference");
        List<String> shared = names(SHARED);
        assertThat(names(COPY)).isEqualTo(shared).hasSizeGreaterThan(500);
        for (String name : shared) {
            assertThat(Files.readAllBytes(COPY.resolve(name))).as(name).isEqualTo(Files.readAllBytes(SHARED.resolve(name)));
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
