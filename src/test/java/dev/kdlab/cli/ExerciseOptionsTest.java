package dev.kdlab.cli;

import dev.kdlab.scenario.DefaultMachine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --exercises} and {@code --exercise ID [--seed N]} on a real session; progress goes to -Dkdlab.data. */
class ExerciseOptionsTest {
    @TempDir
    static Path data;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    @BeforeAll
    static void progressInATemporaryFolder() {
        System.setProperty("kdlab.data", data.toString());
    }

    @AfterAll
    static void restore() {
        System.clearProperty("kdlab.data");
    }

    private int run(String... args) {
        StandardStreams streams = new StandardStreams(new ByteArrayInputStream(new byte[0]),
                new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8), false);
        return Main.run((seed, out) -> SessionFactory.executor(DefaultMachine.boot(seed), out, seed, null), streams, args);
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listsTheExercisesByTrackAndExits() {
        assertThat(run("--exercises")).isZero();
        assertThat(out()).contains("Processes and threads\n  [ ] l1-count-processes", "Paging\n", "Anomaly labs\n",
                "0 of ").doesNotContain("lkd>");
    }

    @Test
    void startsAnExerciseOnItsSeedAndThePromptShowsIt() throws IOException {
        assertThat(run("--exercise", "l1-pid-by-name", "--seed", "7", "-c", ".hint; .exercise status")).isZero();
        assertThat(out()).contains("Exercise l1-pid-by-name (level 1, Processes and threads), seed 7",
                "[l1-pid-by-name] lkd> .hint", "Hint 1 of 3:", "Hints: 1 of 3 shown.");
        assertThat(Files.readString(data.resolve("progress.txt"))).contains("l1-pid-by-name attempts=0 hints=1");
    }

    @Test
    void anUnknownExerciseFailsWithWhereToLook() {
        assertThat(run("--exercise", "l9-nope", "-c", "q")).isEqualTo(1);
        assertThat(out()).contains("No exercise 'l9-nope' (.exercise list shows them)");
    }

    @Test
    void exercisesRunOnTheirOwnMachines() {
        assertThat(run("--exercises", "--scenario", "scale")).isEqualTo(2);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("Exercises run on their own machines");
    }
}
