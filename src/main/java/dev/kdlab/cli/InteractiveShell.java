package dev.kdlab.cli;

import dev.kdlab.debugger.Debugger;
import dev.kdlab.debugger.completion.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The {@code lkd> } prompt on a terminal: line editing, history (Ctrl-R searches it) and Tab
 * completion from JLine, with the debugger's table and machine behind completion and highlighting;
 * one input line at a time handed to a {@link LineRunner}. Ctrl-C while typing abandons the line;
 * while a command or script runs it sets the session's interruption flag (its ExecutionLimits),
 * which stops the work at its next step or line of output and brings the prompt back. Ctrl-D or
 * {@code q} ends the session.
 */
final class InteractiveShell {
    private final LineRunner lines;
    private final LineReader reader;

    InteractiveShell(CommandExecutor executor, PrintStream out, LineReader reader) {
        this.lines = new LineRunner(executor, out, false);
        this.reader = reader;
        executor.onTerminal();
        executor.onClearScreen(() -> {
            out.flush();
            Terminal terminal = reader.getTerminal();
            terminal.puts(InfoCmp.Capability.clear_screen);
            terminal.flush();
        });
    }

    /** Runs the shell on the process's own terminal, with history in ~/.kdlab_history. */
    static void runOnSystemTerminal(CommandExecutor executor, PrintStream out) throws IOException {
        runOnSystemTerminal(executor, out, systemReader());
    }

    /**
     * Runs the shell with a reader made beforehand: the terminal and its reader take a few hundred
     * milliseconds to set up in a fresh JVM, so the command line starts them while the machine opens.
     */
    static void runOnSystemTerminal(CommandExecutor executor, PrintStream out, LineReader reader) throws IOException {
        runOnSystemTerminal(executor, out, reader, false);
    }

    /**
     * As {@link #runOnSystemTerminal(CommandExecutor, PrintStream, LineReader)}, the reader given the
     * debugger's completion and (with {@code colour}) highlighting, and Ctrl-C hooked to stop a running line.
     */
    static void runOnSystemTerminal(CommandExecutor executor, PrintStream out, LineReader reader, boolean colour)
            throws IOException {
        try (Terminal terminal = reader.getTerminal()) {
            // while a line runs (JLine handles Ctrl-C itself while one is typed): stop it at its next step or output
            terminal.handle(Terminal.Signal.INT, signal -> executor.interrupt());
            Attributes attributes = terminal.getAttributes();
            // the shell prints the interruption itself where it stops a command; the terminal's echo of ^C would double it
            attributes.setLocalFlag(Attributes.LocalFlag.ECHOCTL, false);
            terminal.setAttributes(attributes);
            executor.withDebugger(debugger -> equip(reader, debugger, colour));
            new InteractiveShell(executor, out, reader).run();
            reader.getHistory().save();
        }
    }

    /**
     * The process's own terminal and a reader on it, with history in ~/.kdlab_history. JLine's native
     * provider (bundled for the usual platforms) answers first; the exec provider, which starts
     * {@code stty} and {@code test} processes just to find out whether it could serve, is kept as the
     * fallback for a platform without it.
     */
    static LineReader systemReader() throws IOException {
        Terminal terminal = TerminalBuilder.builder().name("kdlab").system(true).providers("jni,exec").build();
        return lineReader(terminal, Path.of(System.getProperty("user.home"), ".kdlab_history"));
    }

    static LineReader lineReader(Terminal terminal, Path historyFile) {
        return LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("kdlab")
                .variable(LineReader.HISTORY_FILE, historyFile)
                // Bash-style '!' history expansion would eat '!process' and '!peb'.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                // each line goes to the history file as it is entered, so a crash loses none
                .option(LineReader.Option.HISTORY_INCREMENTAL, true)
                .build();
    }

    /** Completion and highlighting from the debugger's table and machine, on a reader made before the debugger was. */
    static void equip(LineReader reader, Debugger debugger, boolean colour) {
        if (!(reader instanceof LineReaderImpl impl)) {
            return;
        }
        Completer completer = debugger.completer();
        impl.setCompleter(ShellCompletion.completer(completer));
        impl.setParser(ShellCompletion.parser(completer));
        impl.setCompletionMatcher(ShellCompletion.matcher());
        if (colour) {
            impl.setHighlighter(new InputHighlighter(debugger.registry()));
        }
    }

    void run() {
        while (!lines.quitRequested()) {
            String line;
            try {
                Warmup.promptShowing();
                line = reader.readLine(lines.prompt());
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                return;
            }
            lines.run(line);
        }
    }
}
