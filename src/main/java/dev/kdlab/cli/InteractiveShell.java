package dev.kdlab.cli;

import dev.kdlab.debugger.Debugger;
import dev.kdlab.debugger.completion.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

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
        executor.onClearScreen(() -> {
            out.flush();
            Terminal terminal = reader.getTerminal();
            terminal.puts(InfoCmp.Capability.clear_screen);
            terminal.flush();
        });
    }

    /**
     * Runs the shell on the process's own terminal, with history in {@code historyFile} (written as
     * each line is entered, so a crash loses none). Ctrl-C outside line editing interrupts the running command.
     */
    static void runOnSystemTerminal(CommandExecutor executor, PrintStream out, Path historyFile, boolean colour)
            throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().name("kdlab").system(true).build()) {
            // while a line runs (JLine handles Ctrl-C itself while one is typed): stop it at its next step or output
            terminal.handle(Terminal.Signal.INT, signal -> executor.interrupt());
            Attributes attributes = terminal.getAttributes();
            // the shell prints ^C itself where it stops a command; the terminal's echo of it would double it
            attributes.setLocalFlag(Attributes.LocalFlag.ECHOCTL, false);
            terminal.setAttributes(attributes);
            LineReader reader = lineReader(terminal, historyFile, executor.debugger(), colour);
            new InteractiveShell(executor, out, reader).run();
            reader.getHistory().save();
        }
    }

    static LineReader lineReader(Terminal terminal, Path historyFile) {
        return lineReader(terminal, historyFile, Optional.empty(), false);
    }

    static LineReader lineReader(Terminal terminal, Path historyFile, Optional<Debugger> debugger, boolean colour) {
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("kdlab")
                .variable(LineReader.HISTORY_FILE, historyFile)
                // Bash-style '!' history expansion would eat '!process' and '!peb'.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_INCREMENTAL, true);
        debugger.ifPresent(d -> {
            Completer completer = d.completer();
            builder.completer(ShellCompletion.completer(completer))
                    .parser(ShellCompletion.parser(completer))
                    .completionMatcher(ShellCompletion.matcher());
            if (colour) {
                builder.highlighter(new InputHighlighter(d.registry()));
            }
        });
        return builder.build();
    }

    void run() {
        while (!lines.quitRequested()) {
            String line;
            try {
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
