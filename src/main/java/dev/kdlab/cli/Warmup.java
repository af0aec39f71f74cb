package dev.kdlab.cli;

import dev.kdlab.lang.expr.MasmEvaluator;
import dev.kdlab.lang.statement.CommandParser;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.types.TypeCatalog;

import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Start-up in parallel: while the main thread parses the command line, one thread opens the default
 * machine (its snapshot or a boot) when the arguments ask for no other, and another loads the type
 * catalog and the command and expression grammars, which the first command needs and which take most of a cold
 * start's own time. At a terminal, the terminal is set up first and the rest waits for the prompt.
 * A run that only prints its version or usage starts nothing.
 */
final class Warmup {
    private static final Set<String> NO_SESSION = Set.of("-V", "--version", "-h", "--help");
    /** Options that take a value: the word after them is no command file. */
    private static final Set<String> WITH_VALUE = Set.of("--seed", "--scenario", "-z");
    private static CompletableFuture<LineReader> terminal;
    private static Runnable afterPrompt;

    private Warmup() {
    }

    static void start(String... args) {
        boolean script = false;
        boolean defaultMachine = true;
        for (int i = 0; i < args.length; i++) {
            if (NO_SESSION.contains(args[i])) {
                return;
            }
            if (WITH_VALUE.contains(args[i]) || args[i].startsWith("--seed=") || args[i].startsWith("--scenario=")) {
                defaultMachine = false;   // another machine, or a dump: the command line says which
            }
            if (WITH_VALUE.contains(args[i])) {
                i++;
            } else if (!args[i].startsWith("-") || args[i].equals("-c") || args[i].startsWith("--isf")) {
                script = true;   // a command file, -c or --isf: no prompt
            }
        }
        if (defaultMachine) {
            EarlySession.start(DefaultMachine.DEFAULT_SEED);
        }
        if (!script && System.console() != null) {
            // A person at a terminal: the prompt needs the command line parsed and the terminal set up,
            // nothing else, and on two cores those two should have them to themselves. The machine and
            // the grammar follow once the prompt shows (a person types for longer than they take).
            terminal = CompletableFuture.supplyAsync(Warmup::systemReader);
            afterPrompt = Warmup::warmUp;
        } else {
            warmUp();
        }
    }

    /** Starts what waits for the prompt, once; the shell calls it as it shows its first prompt. */
    static void promptShowing() {
        Runnable pending;
        synchronized (Warmup.class) {
            pending = afterPrompt;
            afterPrompt = null;
        }
        if (pending != null) {
            pending.run();
        }
    }

    private static void warmUp() {
        EarlySession.begin();
        Thread thread = new Thread(Warmup::load, "kdlab-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The terminal's line reader, set up from the first moment when kdlab was started at a terminal
     * with nothing to run; null otherwise (the command line then sets it up itself).
     */
    static CompletableFuture<LineReader> terminal() {
        return terminal;
    }

    private static LineReader systemReader() {
        try {
            return InteractiveShell.systemReader();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * For the launcher's class-data-sharing run (-Dkdlab.train=true, scripted, so without a terminal):
     * sets up a line reader on a dumb terminal, so the shell's classes are archived too.
     */
    static void trainLineReader() {
        try (Terminal terminal = TerminalBuilder.builder().dumb(true).streams(InputStream.nullInputStream(),
                OutputStream.nullOutputStream()).build()) {
            InteractiveShell.lineReader(terminal, Path.of(System.getProperty("java.io.tmpdir"), "kdlab-train-history"));
        } catch (IOException e) {
            // an archive without them only starts a little slower
        }
    }

    private static void load() {
        try {
            TypeCatalog.nt();
            CommandParser.parse("!process 0 0");
            CommandParser.parse("dt nt!_EPROCESS poi(nt!PsInitialSystemProcess)+0x10 ImageFileName");
            MasmEvaluator.prefixLength("poi(nt!PsInitialSystemProcess)+0x10 L4");   // the expression grammar's tables
        } catch (SyntaxErrorException | RuntimeException e) {
            // the main thread meets the same problem and reports it
        }
    }
}
