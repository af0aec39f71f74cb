package dev.kdlab.cli;

import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.scenario.MachineSnapshots;
import dev.kdlab.target.DumpTarget;
import dev.kdlab.target.Target;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

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

    /**
     * The same transcripts from a machine snapshot, as {@code ./kdlab} starts after its first run: the
     * snapshot is written by one start (which boots) and opened by the next (which does not).
     */
    @TestFactory
    Stream<DynamicTest> aSnapshotPrintsTheSameTranscripts(@TempDir Path snapshots) throws IOException {
        MachineSnapshots.open("default", DefaultMachine.DEFAULT_SEED, snapshots, "golden");
        Target snapshot = MachineSnapshots.open("default", DefaultMachine.DEFAULT_SEED, snapshots, "golden");
        assertThat(snapshot).isInstanceOf(DumpTarget.class);
        List<Path> scripts;
        try (Stream<Path> files = Files.list(GOLDEN)) {
            scripts = files.filter(p -> p.toString().endsWith(".kd") && !Boolean.getBoolean("kdlab.golden.update"))
                    .sorted().toList();
        }
        return scripts.stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(),
                () -> check(script, (seed, out) -> SessionFactory.executor(snapshot, out))));
    }

    private static void check(Path script) throws IOException {
        check(script, SessionFactory.DEFAULT_MACHINE);
    }

    private static void check(Path script, SessionFactory machine) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Main.run(machine, new StandardStreams(new ByteArrayInputStream(new byte[0]), out, err, false), script.toString());
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
