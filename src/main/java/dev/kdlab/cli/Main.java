package dev.kdlab.cli;

import dev.kdlab.debugger.Debugger;
import dev.kdlab.debugger.LogFile;
import dev.kdlab.debugger.pictures.Glyphs;
import dev.kdlab.scenario.DefaultMachine;
import org.jline.reader.LineReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * kdlab's command line: an interactive {@code lkd> } shell on a terminal, or a script run from
 * {@code -c}, a FILE or piped standard input. Exit status: 0 when every command succeeded, 1 when
 * one failed, 2 for a bad command line.
 */
@Command(name = "kdlab",
        mixinStandardHelpOptions = true,
        version = "kdlab " + Main.VERSION,
        sortOptions = false,
        description = {
                "A WinDbg-style kernel debugger over an emulated Windows 10 x64 kernel.",
                "With no FILE and no -c: an interactive lkd> prompt on a terminal, "
                        + "or a command file read from standard input when it is not one."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
                "0:every command succeeded",
                "1:a command failed, or the machine could not start",
                "2:bad command line"})
public final class Main implements Callable<Integer> {
    static final String VERSION = Debugger.VERSION;
    static final int FAILED = 1;
    static final int USAGE = CommandLine.ExitCode.USAGE;
    /** Enough for a walk over the scale machine's 10,000 processes with a dozen commands each. */
    static final long DEFAULT_MAX_STEPS = 1_000_000;

    @Option(names = "-c", paramLabel = "COMMANDS",
            description = "Run these ';'-separated commands, echoing each after the prompt, then exit.")
    String commands;

    @Option(names = "-z", paramLabel = "DUMP",
            description = "Open a crash dump (DumpType 1 or 5; a DUMP.gz beside a missing DUMP is unpacked) instead of "
                    + "booting a machine; the prompt is kd>.")
    Path dump;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed for every random choice of the machine (default: ${DEFAULT-VALUE}).")
    long seed = DefaultMachine.DEFAULT_SEED;

    @Option(names = "--exercise", paramLabel = "ID",
            description = "Start a practice exercise on its machine (booted from --seed), as .exercise start ID does.")
    String exercise;

    @Option(names = "--exercises", description = "List the practice exercises by track (solved ones marked), then exit.")
    boolean listExercises;

    @Option(names = "--isf", paramLabel = "FILE",
            description = "Write the kernel's types and nt! symbols as a Volatility 3 ISF file (into a directory: "
                    + "as GUID-AGE.json), then exit.")
    Path isf;
    @Option(names = "--scenario", paramLabel = "NAME",
            description = "Machine to boot: default (an idle 22H2 desktop) or scale (10,000 processes, 100,000 threads).")
    String scenario = "default";

    @Option(names = "--max-steps", paramLabel = "N",
            description = "In batch mode (-c, FILE, piped input), stop a command line after N steps (commands run "
                    + "and loop tests), so a runaway loop or script ends (default: ${DEFAULT-VALUE}; 0 = no limit).")
    long maxSteps = DEFAULT_MAX_STEPS;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write the session as a web page (commands, output in colour, pictures), as .logopen /html does.")
    Path html;

    @Option(names = "--no-color",
            description = "No colour at the prompt (as the NO_COLOR environment variable, or output that is not a terminal).")
    boolean noColor;

    @Parameters(arity = "0..1", paramLabel = "FILE",
            description = "Command file to run: ';'-separated commands, $$$$ comments; q stops it.")
    Path file;

    @Spec
    CommandSpec spec;

    private final SessionFactory sessions;
    private final StandardStreams streams;

    Main(SessionFactory sessions, StandardStreams streams) {
        this.sessions = sessions;
        this.streams = streams;
    }

    public static void main(String[] args) {
        int status;
        try {
            Warmup.start(args);
            status = run(EarlySession.or(SessionFactory.DEFAULT_MACHINE), StandardStreams.system(), args);
            if (Boolean.getBoolean("kdlab.train")) {
                Warmup.trainLineReader();   // the launcher's class-archiving run also loads the shell's classes
            }
        } catch (Throwable e) {
            // Last resort (an Error picocli does not handle): still one line, never a stack trace.
            System.err.println("kdlab internal error: " + ErrorLine.describe(e));
            status = FAILED;
        }
        System.exit(status);
    }

    /** Parses the arguments and runs kdlab; returns the exit status. */
    static int run(SessionFactory sessions, StandardStreams streams, String... args) {
        return new CommandLine(new Main(sessions, streams))
                .setOut(writer(streams.out()))
                .setErr(writer(streams.err()))
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    streams.err().println("kdlab internal error: " + ErrorLine.describe(e));
                    return FAILED;
                })
                .execute(args);
    }

    @Override
    public Integer call() throws IOException {
        if (commands != null && file != null) {
            throw new ParameterException(spec.commandLine(), "Give either -c COMMANDS or FILE, not both");
        }
        if (isf != null && (commands != null || file != null)) {
            throw new ParameterException(spec.commandLine(), "--isf writes the file and exits: give no commands with it");
        }
        if ((exercise != null || listExercises) && (dump != null || isf != null || !scenario.equals("default"))) {
            throw new ParameterException(spec.commandLine(), "Exercises run on their own machines: give no -z, --isf or "
                    + "--scenario with --exercise or --exercises");
        }
        if (maxSteps < 0) {
            throw new ParameterException(spec.commandLine(), "--max-steps must be 0 (no limit) or more");
        }
        if (!scenario.equals("default") && !scenario.equals("scale")) {
            throw new ParameterException(spec.commandLine(), "Unknown scenario '" + scenario + "' (default, scale)");
        }
        Reader script;
        try {
            script = listExercises ? new StringReader("") : openScript();
        } catch (IOException e) {
            streams.err().println("kdlab: cannot read " + file + ": " + reason(e));
            return USAGE;
        }
        // At a terminal, the terminal and its line reader are set up while the machine opens.
        CompletableFuture<LineReader> terminal = script == null && isf == null
                ? Optional.ofNullable(Warmup.terminal()).orElseGet(() -> CompletableFuture.supplyAsync(Main::systemReader))
                : null;
        boolean interactive = script == null && isf == null;
        boolean colour = interactive && ColouredOutput.wanted(noColor, System.getenv("NO_COLOR"), System.getenv("TERM"));
        PrintStream sessionOut = colour
                ? new PrintStream(new ColouredOutput(streams.out(), outputCharset()), true, outputCharset())
                : streams.out();
        CommandExecutor executor = dump != null ? openDump(sessionOut) : startMachine(sessionOut);
        if (executor == null) {
            if (terminal != null) {
                terminal.thenAccept(reader -> closeQuietly(reader.getTerminal()));
            }
            return FAILED;
        }
        if (!canDrawBoxes(interactive)) {
            executor.withDebugger(d -> d.session().setGlyphs(Glyphs.ASCII));
        }
        if (listExercises) {
            return executor.execute(".exercise list", null) ? 0 : FAILED;
        }
        if (exercise != null && !executor.execute(".exercise start " + exercise + " " + seed, null)) {
            if (terminal != null) {
                terminal.thenAccept(reader -> closeQuietly(reader.getTerminal()));
            }
            return FAILED;
        }
        if (isf != null) {
            // the same as typing .isf FILE at the prompt; the path goes quoted so that blanks stay in it
            return executor.execute(".isf \"" + isf.toString().replace("\"", "\\\"") + "\"", null) ? 0 : FAILED;
        }
        if (html != null && !openHtmlLog(executor)) {
            if (terminal != null) {
                terminal.thenAccept(reader -> closeQuietly(reader.getTerminal()));
            }
            return USAGE;
        }
        try {
            return run(executor, script, terminal, sessionOut, colour);
        } finally {
            executor.withDebugger(d -> closeLog(d.session().log()));
        }
    }

    private int run(CommandExecutor executor, Reader script, CompletableFuture<LineReader> terminal, PrintStream sessionOut,
                    boolean colour) throws IOException {
        if (script == null) {
            LineReader reader;
            try {
                reader = terminal.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof UncheckedIOException io) {
                    throw io.getCause();
                }
                throw e;
            }
            InteractiveShell.runOnSystemTerminal(executor, sessionOut, reader, colour);
            return 0;
        }
        executor.limitSteps(maxSteps);
        try (script) {
            return new ScriptRunner(executor, streams.out()).run(script);
        }
    }

    private static LineReader systemReader() {
        try {
            return InteractiveShell.systemReader();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // the session is over anyway
        }
    }

    /** The debugger over the machine the options name; null (after saying why) when it cannot start. */
    private CommandExecutor startMachine(PrintStream out) {
        try {
            return (scenario.equals("scale") ? SessionFactory.SCALE_MACHINE : sessions).open(seed, out);
        } catch (RuntimeException e) {
            streams.err().println("kdlab: cannot start the machine: " + ErrorLine.describe(e));
            return null;
        }
    }

    /** The debugger over the dump of {@code -z}; null (after saying why) when kdlab cannot read it. */
    private CommandExecutor openDump(PrintStream out) {
        try {
            return SessionFactory.openDump(dump, out);
        } catch (IOException e) {
            streams.err().println("kdlab: cannot open " + dump + ": " + SessionFactory.reason(e));
            return null;
        }
    }

    /** The script to run, or null when a person is at the terminal. */
    private Reader openScript() throws IOException {
        if (isf != null) {
            return null;   // --isf runs no script
        }
        if (commands != null) {
            return new StringReader(commands);
        }
        if (file != null) {
            if (Files.isDirectory(file)) {
                throw new IOException("is a directory");
            }
            // a byte that is not UTF-8 reads as U+FFFD: a script with one odd byte still runs
            return new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
        }
        if (!streams.terminal()) {
            return new InputStreamReader(streams.in(), Charset.defaultCharset());
        }
        return null;
    }

    private static void closeLog(LogFile log) {
        try {
            log.close();
        } catch (IOException e) {
            // the log is as complete as it could be written
        }
    }

    /** --html FILE: the session is written as a page as it goes (the same log .logopen /html starts). */
    private boolean openHtmlLog(CommandExecutor executor) {
        String title = dump != null ? "kdlab session (" + dump.getFileName() + ")"
                : "kdlab session (" + scenario + " machine, seed " + seed + ")";
        try {
            Files.newBufferedWriter(html, StandardCharsets.UTF_8).close();   // say now when the file cannot be written
        } catch (IOException | RuntimeException e) {
            streams.err().println("kdlab: cannot write " + html + ": "
                    + (e instanceof IOException io ? reason(io) : ErrorLine.describe(e)));
            return false;
        }
        executor.withDebugger(d -> {
            try {
                d.session().log().openHtml(html, title);
            } catch (IOException e) {
                streams.err().println("kdlab: cannot write " + html + ": " + reason(e));
            }
        });
        return true;
    }

    /** Box-drawing characters need an output encoding that has them, and a terminal that is not dumb. */
    private static boolean canDrawBoxes(boolean interactive) {
        return outputCharset().newEncoder().canEncode('\u2514') && !(interactive && "dumb".equals(System.getenv("TERM")));
    }

    /** The encoding of standard output (the console's when there is one). */
    static Charset outputCharset() {
        String name = System.getProperty("sun.stdout.encoding", System.getProperty("stdout.encoding"));
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return ErrorLine.describe(e);
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(stream, true);
    }
}
