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
        runOnSystemTerminal(executor, out, systemReader());
    }

    /**
     * Runs the shell with a reader made beforehand: the terminal and its reader take a few hundred
     * milliseconds to set up in a fresh JVM, so the command line starts them while the machine opens.
     */
    static void runOnSystemTerminal(CommandExecutor executor, PrintStream out, LineReader reader) throws IOException {
        try (Terminal terminal = reader.getTerminal()) {
            new InteractiveShell(executor, out, reader).run();
            reader.getHistory().save();
        }
    }

    /** The process's own terminal and a reader on it, with history in ~/.kdlab_history. */
    static LineReader systemReader() throws IOException {
        Terminal terminal = TerminalBuilder.builder().name("kdlab").system(true).build();
        return lineReader(terminal, Path.of(System.getProperty("user.home"), ".kdlab_history"));
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
