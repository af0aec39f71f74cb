package dev.kdlab.cli;

import dev.kdlab.scenario.DefaultMachine;
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

class MainTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private FakeExecutor executor;
    private Long bootedSeed;

    private final SessionFactory fakeMachine = (seed, sessionOut) -> {
        bootedSeed = seed;
        executor = new FakeExecutor(sessionOut);
        return executor;
    };

    private int runWithStdin(String stdin, String... args) {
        StandardStreams streams = new StandardStreams(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err, false);
        return Main.run(fakeMachine, streams, args);
    }

    private int run(String... args) {
        return runWithStdin("", args);
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void seedOptionReachesTheMachine() {
        assertThat(run("--seed", "7", "-c", "q")).isZero();
        assertThat(bootedSeed).isEqualTo(7L);
    }

    @Test
    void anUnknownScenarioIsABadCommandLine() {
        assertThat(run("--scenario", "huge", "-c", "q")).isEqualTo(2);
        assertThat(err()).contains("Unknown scenario 'huge' (default, scale)");
        assertThat(bootedSeed).isNull();
        assertThat(run("--scenario", "default", "-c", "q")).isZero();
        assertThat(bootedSeed).isEqualTo(DefaultMachine.DEFAULT_SEED);
    }

    @Test
    void seedDefaultsToTheDefaultMachineSeed() {
        run("-c", "q");
        assertThat(bootedSeed).isEqualTo(DefaultMachine.DEFAULT_SEED);
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithStatusTwo() {
        assertThat(run("--frobnicate")).isEqualTo(2);
        assertThat(err()).contains("Unknown option: '--frobnicate'").contains("Usage: kdlab");
        assertThat(bootedSeed).isNull();
    }

    @Test
    void aSeedThatIsNotANumberIsAUsageError() {
        assertThat(run("--seed", "seven")).isEqualTo(2);
    }

    @Test
    void isfRunsTheIsfCommandOnTheFileQuotedAndExits() {
        assertThat(run("--isf", "/tmp/my symbols/nt.json")).isZero();
        assertThat(executor.received).containsExactly(".isf \"/tmp/my symbols/nt.json\"");
    }

    @Test
    void isfOnTheDefaultMachineWritesTheFileNamedAfterTheKernelsPdbIntoADirectory(@TempDir Path dir) throws IOException {
        StandardStreams streams = new StandardStreams(new ByteArrayInputStream(new byte[0]), out, err, false);
        assertThat(Main.run(SessionFactory.DEFAULT_MACHINE, streams, "--isf", dir.toString())).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .singleElement().asString().matches("[0-9A-F]{32}-1\\.json");
        }
        assertThat(out()).startsWith("ISF 6.1.0 for ntkrnlmp.pdb ");
        assertThat(Main.run(SessionFactory.DEFAULT_MACHINE, streams, "--isf", dir.resolve("no/such/dir.json").toString()))
                .isEqualTo(1);
        assertThat(out()).contains("Cannot write " + dir.resolve("no/such/dir.json") + ": no such directory");
    }

    @Test
    void isfWithCommandsIsAUsageError() {
        assertThat(run("--isf", "nt.json", "-c", "q")).isEqualTo(2);
        assertThat(err()).contains("--isf writes the file and exits");
    }

    @Test
    void commandsAndFileTogetherAreAUsageError() {
        assertThat(run("-c", "q", "script.kd")).isEqualTo(2);
        assertThat(err()).contains("either -c COMMANDS or FILE");
    }

    @Test
    void versionAndHelp() {
        assertThat(run("--version")).isZero();
        assertThat(out()).isEqualTo("kdlab 0.1.0" + System.lineSeparator());

        assertThat(run("--help")).isZero();
        assertThat(out()).contains("Usage: kdlab", "--seed=N", "-c=COMMANDS", "FILE");
    }

    @Test
    void commandOptionEchoesEachCommandAndReportsFailure() {
        assertThat(run("-c", "!peb; .process")).isZero();
        assertThat(out()).contains("lkd> !peb", "ran !peb", "lkd> .process", "ran .process");

        assertThat(run("-c", "!peb; fail")).isEqualTo(1);
    }

    @Test
    void runsACommandFile(@TempDir Path dir) throws IOException {
        Path script = Files.writeString(dir.resolve("lab1.kd"), "$$ lab 1\n!process 0 0; !peb\nq\n!teb\n");

        assertThat(run(script.toString())).isZero();
        assertThat(executor.received).containsExactly("!process 0 0", "!peb", "q");
    }

    @Test
    void aCommandFileWithBytesThatAreNotUtf8StillRuns(@TempDir Path dir) throws IOException {
        Path script = Files.write(dir.resolve("odd.kd"), new byte[] {'!', 'p', 'e', 'b', ' ', (byte) 0xdf, '\n', 'q', '\n'});

        assertThat(run(script.toString())).isZero();
        assertThat(executor.received).containsExactly("!peb \ufffd", "q");
    }

    @Test
    void aMissingFileIsOneLineAndStatusTwo(@TempDir Path dir) {
        assertThat(run(dir.resolve("nope.kd").toString())).isEqualTo(2);
        assertThat(err().lines()).singleElement().asString()
                .startsWith("kdlab: cannot read").endsWith("nope.kd: no such file");
        assertThat(bootedSeed).isNull();
    }

    @Test
    void readsStandardInputAsACommandFileWhenItIsNotATerminal() {
        assertThat(runWithStdin("!peb\nq\n")).isZero();
        assertThat(out()).contains("lkd> !peb", "ran !peb", "lkd> q");
    }

    @Test
    void aMachineThatCannotBootIsOneCleanLine() {
        SessionFactory broken = (seed, sessionOut) -> {
            throw new UnsupportedOperationException("not yet");
        };
        StandardStreams streams = new StandardStreams(new ByteArrayInputStream(new byte[0]), out, err, false);

        assertThat(Main.run(broken, streams, "-c", "q")).isEqualTo(1);
        assertThat(err()).isEqualTo("kdlab: cannot start the machine: not yet" + System.lineSeparator());
    }

    @Test
    void batchModeBoundsTheStepsOfALine() {
        assertThat(run("-c", "q")).isZero();
        assertThat(executor.stepLimit).isEqualTo(Main.DEFAULT_MAX_STEPS);
        assertThat(run("--max-steps", "500", "-c", "q")).isZero();
        assertThat(executor.stepLimit).isEqualTo(500);
        assertThat(run("--max-steps", "-1", "-c", "q")).isEqualTo(2);
    }

    @Test
    void anExceptionFromACommandNeverShowsAStackTrace() {
        assertThat(run("-c", "boom\n!peb")).isEqualTo(1);
        assertThat(out()).contains("kdlab internal error: boom", "ran !peb").doesNotContain("\tat ");
        assertThat(err()).isEmpty();
    }

    @Test
    void htmlWritesTheWholeSessionAsAPage(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path page = dir.resolve("session.html");
        StandardStreams streams = new StandardStreams(new ByteArrayInputStream(new byte[0]), out, err, false);

        assertThat(Main.run(SessionFactory.DEFAULT_MACHINE, streams, "--html", page.toString(), "-c", "!process 0 0 notepad.exe; q"))
                .isZero();
        String html = Files.readString(page);
        assertThat(html).contains("<title>kdlab session (default machine, seed 19045)</title>",
                "<span class=\"command\">lkd&gt; !process 0 0 notepad.exe</span>", "    Image: notepad.exe",
                "<span class=\"command\">lkd&gt; q</span>").endsWith("</html>\n");
        assertThat(Main.run(SessionFactory.DEFAULT_MACHINE, streams, "--html", dir.resolve("no/such/dir/x.html").toString(),
                "-c", "q")).isEqualTo(2);
        assertThat(err()).contains("kdlab: cannot write ");
    }
}
