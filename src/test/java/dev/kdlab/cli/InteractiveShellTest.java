package dev.kdlab.cli;

import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives the shell through a dumb JLine terminal over byte streams, as a typist would. */
class InteractiveShellTest {
    @TempDir
    Path home;

    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(screen, true, StandardCharsets.UTF_8);
    private final FakeExecutor executor = new FakeExecutor(out);

    private void type(String keys) throws IOException {
        try (Terminal terminal = new DumbTerminal("test", "dumb",
                new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), screen,
                StandardCharsets.UTF_8)) {
            var reader = InteractiveShell.lineReader(terminal, home.resolve(".kdlab_history"));
            new InteractiveShell(executor, out, reader).run();
        }
    }

    @Test
    void bangCommandsReachTheDebuggerUnexpanded() throws IOException {
        type("!process 0 0\n!peb\n!!\nq\n");

        assertThat(executor.received).containsExactly("!process 0 0", "!peb", "!!", "q");
    }

    @Test
    void showsThePrompt() throws IOException {
        type("!peb\nq\n");

        assertThat(screen.toString(StandardCharsets.UTF_8)).contains("lkd> ", "ran !peb");
    }

    @Test
    void runsSeveralCommandsOnALineAndStopsAtQuit() throws IOException {
        type("db 0x10; q; dd 0x10\n!teb\n");

        assertThat(executor.received).containsExactly("db 0x10", "q");
    }

    @Test
    void endOfInputEndsTheSession() throws IOException {
        type("!peb\n");

        assertThat(executor.received).containsExactly("!peb");
    }

    @Test
    void historyIsWrittenAsEachLineIsEntered() throws IOException {
        type("!peb\n!process 0 0\n");   // no q: the input just ends, as a crash would end it

        assertThat(java.nio.file.Files.readString(home.resolve(".kdlab_history"))).contains("!peb", "!process 0 0");
    }

    @Test
    void clsClearsAScreenThatCanBeCleared() throws IOException {
        try (Terminal terminal = new ExternalTerminal("test", "xterm",
                new ByteArrayInputStream(".cls\nq\n".getBytes(StandardCharsets.UTF_8)), screen, StandardCharsets.UTF_8)) {
            var reader = InteractiveShell.lineReader(terminal, home.resolve(".kdlab_history"));
            new InteractiveShell(executor, out, reader).run();
        }
        assertThat(screen.toString(StandardCharsets.UTF_8)).contains("\u001b[H\u001b[2J");
    }

    @Test
    void anExceptionFromACommandLeavesTheShellRunning() throws IOException {
        type("boom\n!peb\nq\n");

        assertThat(executor.received).containsExactly("boom", "!peb", "q");
        assertThat(screen.toString(StandardCharsets.UTF_8)).contains("kdlab internal error: boom");
    }
}
