package dev.kdlab.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * kdlab at a real terminal: the shell runs inside tmux, keys go in with send-keys and the screen
 * comes back with capture-pane, as a person would see it. Skipped when tmux is not installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TerminalSessionTest {
    private static final String SOCKET = "kdlab-test-" + ProcessHandle.current().pid();
    private static final String SESSION = "kdlab";
    private static Path home;

    @BeforeAll
    static void startKdlabInTmux() throws Exception {
        assumeTrue(tmuxInstalled(), "tmux is not installed");
        home = Files.createTempDirectory("kdlab-terminal");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = String.join(" ", quote(java), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Duser.home=" + quote(home.toString()), "-cp", quote(System.getProperty("java.class.path")),
                "dev.kdlab.cli.Main");
        tmux("new-session", "-d", "-s", SESSION, "-x", "160", "-y", "50", command);
        waitFor(screen -> lastLine(screen).equals("lkd>"), 60_000);
        // the prompt shows while the debugger is still being built (completion comes with it): a first
        // command waits for it, so that a loaded machine's slow start does not time out the Tab tests
        keys("? 1", "Enter");
        waitFor(screen -> screen.contains("Evaluate expression: 1 = 00000000`00000001") && lastLine(screen).equals("lkd>"), 60_000);
        keys("C-l");
    }

    @AfterAll
    static void stopTmux() throws Exception {
        if (home != null) {
            tmux("kill-server");
        }
    }

    @Test
    @Order(1)
    void tabCompletesATypeName() throws Exception {
        keys("dt nt!_EPRO", "Tab");
        List<String> screen = waitFor(s -> s.stream().anyMatch(l -> l.startsWith("lkd> dt nt!_EPROCESS")), 5_000);
        assertThat(screen).contains("lkd> dt nt!_EPROCESS");
        keys("C-u");
    }

    @Test
    @Order(2)
    void tabOffersAnExtensionCommand() throws Exception {
        keys("!pe", "Tab");
        List<String> screen = waitFor(s -> lastLine(s).startsWith("lkd> !peb"), 5_000);
        assertThat(lastLine(screen)).isEqualTo("lkd> !peb");
        keys("C-u");
    }

    @Test
    @Order(3)
    void tabCompletesANestedField() throws Exception {
        keys("dt nt!_EPROCESS Pcb.Dir", "Tab");
        waitFor(s -> lastLine(s).equals("lkd> dt nt!_EPROCESS Pcb.DirectoryTableBase"), 5_000);
        keys("Enter");
        List<String> screen = waitFor(s -> s.stream().anyMatch(l -> l.contains("+0x028 DirectoryTableBase")), 5_000);
        assertThat(screen).contains("      +0x028 DirectoryTableBase     : Uint8B");
    }

    @Test
    @Order(4)
    void ctrlCStopsALongCommandWithinASecond() throws Exception {
        keys("clear", "Enter");   // not a command: an error line, and a marker on the screen
        keys("dq 0 L?1000000", "Enter");
        waitFor(s -> s.stream().anyMatch(l -> l.endsWith("????????`???????? ????????`????????")), 10_000);
        long pressed = System.nanoTime();
        keys("C-c");
        List<String> screen = waitFor(s -> lastLine(s).equals("lkd>"), 5_000);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pressed);
        assertThat(elapsedMillis).as("prompt back after Ctrl-C (ms)").isLessThan(1_000);
        assertThat(screen.get(screen.size() - 2)).isEqualTo(dev.kdlab.debugger.script.ExecutionLimits.INTERRUPTED);
        // the session goes on
        keys("? 1+2", "Enter");
        assertThat(waitFor(s -> s.contains("Evaluate expression: 3 = 00000000`00000003"), 5_000)).isNotEmpty();
    }

    @Test
    @Order(5)
    void ctrlCStopsALoopThatPrintsNothing() throws Exception {
        keys(".while (1) {}", "Enter");
        Thread.sleep(300);
        long pressed = System.nanoTime();
        keys("C-c");
        List<String> screen = waitFor(s -> lastLine(s).equals("lkd>"), 5_000);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pressed)).as("prompt back after Ctrl-C (ms)").isLessThan(1_000);
        assertThat(screen.get(screen.size() - 2)).isEqualTo(dev.kdlab.debugger.script.ExecutionLimits.INTERRUPTED);
    }

    @Test
    @Order(6)
    void bangCommandsAreNotRewrittenByHistoryExpansion() throws Exception {
        keys("peb", "Enter");
        keys("!peb", "Enter");
        waitFor(s -> lastLine(s).equals("lkd>") && s.stream().anyMatch(l -> l.contains("windir=C:\\WINDOWS")), 5_000);
        List<String> scrolled = scrollback(200);
        int typed = scrolled.lastIndexOf("lkd> !peb");
        assertThat(typed).as("the line as typed").isPositive();
        assertThat(scrolled.get(typed + 1)).startsWith("PEB at ");
    }

    @Test
    @Order(7)
    void historyIsWrittenAsLinesAreEnteredAndCtrlRSearchesIt() throws Exception {
        Path history = home.resolve(".kdlab_history");
        assertThat(Files.readString(history, StandardCharsets.UTF_8)).contains("dq 0 L?1000000", "!peb");
        keys("C-r", "Dir");
        List<String> screen = waitFor(s -> lastLine(s).equals("bck-i-search: Dir_"), 5_000);
        assertThat(screen.get(screen.size() - 2)).isEqualTo("lkd> dt nt!_EPROCESS Pcb.DirectoryTableBase");
        keys("C-g", "C-u");
    }

    // --- tmux ---

    private static void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", SESSION));
        for (String key : keys) {
            args.add(key);
        }
        tmux(args.toArray(String[]::new));
    }

    /** The visible screen, trailing blank lines dropped, each line without trailing blanks. */
    private static List<String> screen() throws Exception {
        List<String> lines = new ArrayList<>(tmux("capture-pane", "-p", "-t", SESSION).lines()
                .map(String::stripTrailing).toList());
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** The last lines of the pane's history and screen. */
    private static List<String> scrollback(int lines) throws Exception {
        return tmux("capture-pane", "-p", "-t", SESSION, "-S", "-" + lines).lines().map(String::stripTrailing).toList();
    }

    private static String lastLine(List<String> screen) {
        return screen.isEmpty() ? "" : screen.get(screen.size() - 1);
    }

    private static List<String> waitFor(Predicate<List<String>> condition, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        List<String> screen = screen();
        while (!condition.test(screen)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the terminal never showed what was expected; screen:\n" + String.join("\n", screen));
            }
            Thread.sleep(20);
            screen = screen();
        }
        return screen;
    }

    private static String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", SOCKET, "-f", "/dev/null"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(10, TimeUnit.SECONDS);
        return output;
    }

    private static boolean tmuxInstalled() {
        try {
            Process process = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
