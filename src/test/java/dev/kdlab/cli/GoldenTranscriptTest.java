package dev.kdlab.cli;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden transcripts: each command file under src/test/resources/golden runs as a user runs it
 * ({@code ./kdlab FILE} on the default machine, seed 19045) and its whole output must equal the
 * file's {@code .out} twin, line for line. After a deliberate change to what commands print, run
 * with {@code -Dkdlab.golden.update=true} to write the new transcripts, and read their diff.
 */
class GoldenTranscriptTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @TestFactory
    Stream<DynamicTest> everyCommandFilePrintsItsTranscript() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(GOLDEN)) {
            scripts = files.filter(p -> p.toString().endsWith(".kd")).sorted().toList();
        }
        assertThat(scripts).isNotEmpty();
        return scripts.stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(),
                () -> check(script)));
    }

    private static void check(Path script) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Main.run(SessionFactory.DEFAULT_MACHINE,
                new StandardStreams(new ByteArrayInputStream(new byte[0]), out, err, false), script.toString());
        String actual = bytes.toString(StandardCharsets.UTF_8);
        Path expected = Path.of(script.toString().replaceFirst("\\.kd$", ".out"));
        if (Boolean.getBoolean("kdlab.golden.update")) {
            Files.writeString(expected, actual, StandardCharsets.UTF_8);
        }
        assertThat(expected).as("transcript of %s", script).exists();
        assertThat(actual.lines().toList()).as("%s", script)
                .containsExactlyElementsOf(Files.readString(expected, StandardCharsets.UTF_8).lines().toList());
    }
}
