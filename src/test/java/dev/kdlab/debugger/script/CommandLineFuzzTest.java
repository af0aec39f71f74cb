package dev.kdlab.debugger.script;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kdlab.debugger.CommandRegistry;
import dev.kdlab.debugger.CommandSpec;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.commands.BuiltInCommands;
import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.target.Target;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the whole command language on the default machine: alias expansion, the statement grammar, control
 * flow, expressions and every command that only reads, on a typed line ({@link #commandLine}), in a script file
 * run with $$>a< and $$< ({@link #scriptFile}), and the dx command's language over the data model ({@link #dxCommand},
 * seeded from the dx corpus, src/test/resources/dev/kdlab/lang/dx/dx.txt). A finding is an exception that escapes the interpreter, an
 * exception a command lets escape (the user would see "kdlab internal error"), or a line that goes on for
 * {@link #SLOW_MILLIS} after it got Ctrl-C. Runaway
 * lines are bounded as in batch mode (steps and output).
 *
 * <p>{@code mvn test} runs the seeds (CommandLineFuzzTestInputs: the parser corpus and the test scripts) as
 * regression tests; {@code JAZZER_FUZZ=1 mvn test -Dtest=CommandLineFuzzTest#commandLine} fuzzes (README).
 * Commands that write memory or files are left out, so every input meets the same machine and no file lands
 * outside a temporary directory.
 */
class CommandLineFuzzTest {
    /** Commands that change the machine or write files. */
    private static final Set<String> WRITERS = Set.of("eb", "ew", "ed", "eq", "ep", ".isf", ".logopen", ".logappend",
            ".dump", ".opendump");
    private static final long MAX_STEPS = 5_000;
    private static final long MAX_OUTPUT = 2 << 20;
    /** A line still running after this long gets Ctrl-C (the interruption flag), as a user would press it... */
    private static final long PATIENCE_MILLIS = 5_000;
    /** ... and must stop within this much more: a line that does not is a finding. */
    private static final long SLOW_MILLIS = 20_000;

    private static final Target MACHINE = DefaultMachine.boot(DefaultMachine.DEFAULT_SEED);
    private static final Path WORK = workDirectory();

    private static Path workDirectory() {
        try {
            Path directory = Files.createTempDirectory("kdlab-fuzz");
            Files.writeString(directory.resolve("one.wds"), ".echo one\nr $t0 = ${$arg1}\n");
            directory.toFile().deleteOnExit();
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "15m")
    void commandLine(byte[] data) {
        run(new String(data, StandardCharsets.UTF_8));
    }

    /** The dx command's options and expression language (grammar DxParser.g4) over the data model. */
    @FuzzTest(maxDuration = "15m")
    void dxCommand(byte[] data) {
        run("dx " + new String(data, StandardCharsets.UTF_8));
    }

    @FuzzTest(maxDuration = "15m")
    void scriptFile(byte[] data) throws IOException {
        Files.write(WORK.resolve("fuzz.wds"), data);
        run("$$>a< fuzz.wds 1 \"two words\" @$proc");
        run("$$<fuzz.wds");
    }

    /** The seeds are the parser corpus and the test scripts: a line added to either needs its seed file. */
    @Test
    void theSeedsHoldTheParserCorpusAndTheScripts() throws IOException {
        Path seeds = Path.of("src/test/resources/dev/kdlab/debugger/script/CommandLineFuzzTestInputs");
        Set<String> lines = new HashSet<>();
        try (var files = Files.list(seeds.resolve("commandLine"))) {
            files.forEach(f -> lines.add(read(f)));
        }
        for (String line : Files.readAllLines(Path.of("src/test/resources/dev/kdlab/lang/statement/commands.txt"))) {
            if (!line.isBlank()) {
                assertThat(lines).as("a seed for corpus line " + line).contains(line);
            }
        }
        Set<String> dxSeeds = new HashSet<>();
        try (var files = Files.list(seeds.resolve("dxCommand"))) {
            files.forEach(f -> dxSeeds.add(read(f)));
        }
        for (String line : Files.readAllLines(Path.of("src/test/resources/dev/kdlab/lang/dx/dx.txt"))) {
            if (!line.isBlank()) {
                assertThat(dxSeeds).as("a dxCommand seed for dx corpus line " + line).contains(line.substring(3));
            }
        }
        try (var scripts = Files.list(Path.of("src/test/resources/dev/kdlab/scripts"))) {
            scripts.forEach(script -> assertThat(seeds.resolve("scriptFile")
                    .resolve(script.getFileName().toString().replace(".wds", ""))).hasSameTextualContentAs(script));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line on a fresh session over the shared machine; fails on an escaped exception or an internal error. */
    private static void run(String line) {
        Session session = new Session(MACHINE);
        Interpreter interpreter = new Interpreter(session, readOnlyCommands(), () -> false);
        interpreter.setWorkingDirectory(WORK);
        interpreter.limits().setStepLimit(MAX_STEPS);
        interpreter.limits().setOutputLimit(MAX_OUTPUT);
        List<Throwable> internal = new ArrayList<>();
        interpreter.onInternalError(internal::add);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long start = System.nanoTime();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(PATIENCE_MILLIS);
                interpreter.limits().interrupt();
            } catch (InterruptedException e) {
                // the line ended in time
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        interpreter.runLine(line, new PrintStream(bytes, true, StandardCharsets.UTF_8), null);
        watchdog.interrupt();
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (!internal.isEmpty()) {
            throw new AssertionError("a command failed inside for " + quoted(line), internal.get(0));
        }
        if (millis > PATIENCE_MILLIS + SLOW_MILLIS) {
            throw new AssertionError("did not stop at Ctrl-C (" + millis + " ms): " + quoted(line));
        }
    }

    private static CommandRegistry readOnlyCommands() {
        CommandRegistry registry = new CommandRegistry();
        for (CommandSpec spec : BuiltInCommands.registry(() -> { }, () -> { }, file -> { }).all()) {
            if (spec.names().stream().noneMatch(WRITERS::contains)) {
                registry.register(spec);
            }
        }
        return registry;
    }

    private static String quoted(String line) {
        return "'" + (line.length() > 500 ? line.substring(0, 500) + "..." : line) + "'";
    }
}
