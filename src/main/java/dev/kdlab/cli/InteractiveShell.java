package dev.kdlab.cli;

import dev.kdlab.debugger.Debugger;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The {@code lkd> } prompt on a terminal: line editing and history from JLine, one input line at
 * a time handed to a {@link LineRunner}. Ctrl-C abandons the line being typed; Ctrl-D or
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
        try (Terminal terminal = TerminalBuilder.builder().name("kdlab").system(true).build()) {
            Path history = Path.of(System.getProperty("user.home"), ".kdlab_history");
            LineReader reader = lineReader(terminal, history);
            new InteractiveShell(executor, out, reader).run();
            reader.getHistory().save();
        }
    }

    static LineReader lineReader(Terminal terminal, Path historyFile) {
        return LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("kdlab")
                .variable(LineReader.HISTORY_FILE, historyFile)
                // Bash-style '!' history expansion would eat '!process' and '!peb'.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
    }

    void run() {
        while (!lines.quitRequested()) {
            String line;
            try {
                line = reader.readLine(Debugger.PROMPT);
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                return;
            }
            lines.run(line);
        }
    }
}
