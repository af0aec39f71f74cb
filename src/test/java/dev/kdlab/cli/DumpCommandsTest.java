package dev.kdlab.cli;

import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.target.Target;
import org.junit.jupiter.api.BeforeAll;
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

/** {@code .dump}, {@code -z} and {@code .opendump} as a user types them. */
class DumpCommandsTest {
    @TempDir
    static Path folder;
    private static Target machine;
    private static Path dump;
    private static String dumpOutput;

    @BeforeAll
    static void dumpTheDefaultMachine() {
        machine = DefaultMachine.boot(DefaultMachine.DEFAULT_SEED);
        dump = folder.resolve("machine.dmp");
        dumpOutput = session(".dump /f " + dump);
    }

    @Test
    void dumpWritesTheFileAndSaysWhatItWrote() throws IOException {
        assertThat(dumpOutput).isEqualTo("lkd> .dump /f " + dump + "\n"
                + "Creating " + dump + " - Full kernel dump\n"
                + "Dump successfully written (DumpType 5, bitmap, " + (Files.size(dump) - 0x43000) / 0x1000 + " pages, "
                + Files.size(dump) + " bytes)\n");
        assertThat(new String(Files.readAllBytes(dump), 0, 8, StandardCharsets.US_ASCII)).isEqualTo("PAGEDU64");
    }

    @Test
    void anExistingFileNeedsOverwriteAndTheIsfCanComeAlong() throws IOException {
        Path file = folder.resolve("again.dmp");
        assertThat(session(".dump /ka " + file + "\n.dump /ka " + file + "\n.dump /o /isf /ka " + file))
                .contains("Dump file " + file + " already exists; use /o to overwrite it\n")
                .contains("ISF 6.1.0 for ntkrnlmp.pdb ")
                .contains(" written to " + folder.resolve("again.isf.json"));
        assertThat(Files.readString(folder.resolve("again.isf.json"))).contains("\"KdVersionBlock\"");
    }

    @Test
    void dumpWithoutAFormSaysHowToUseIt() {
        assertThat(session(".dump " + folder.resolve("x.dmp") + "\n.dump /k " + folder.resolve("x.dmp")))
                .contains("Usage: .dump [/o] [/c Comment] [/isf] /f|/ka FileName\n")
                .contains("Unknown .dump option /k; kdlab writes complete dumps: Usage: .dump [/o] [/c Comment] [/isf] "
                        + "/f|/ka FileName\n");
        assertThat(folder.resolve("x.dmp")).doesNotExist();
    }

    @Test
    void dashZOpensTheDumpWithTheKdPrompt() {
        String[] run = main("-z", dump.toString(), "-c", "!process 0 0 cmd.exe");
        assertThat(run[0]).isEqualTo("0");
        assertThat(run[1]).startsWith("\nLoading Dump File [" + dump + "]\n"
                        + "Kernel Bitmap Dump File: Full address space is available\n\n"
                        + "0: kd> !process 0 0 cmd.exe\nPROCESS ")   // WinDbg's prompt on a dump of several processors
                .contains("    Image: cmd.exe\n");
        String live = session("!process 0 0 cmd.exe");
        assertThat(run[1].substring(run[1].indexOf("PROCESS"))).isEqualTo(live.substring(live.indexOf("PROCESS")));
    }

    /** -c echoes each statement after the prompt: a caret points into that statement, after 0: kd>. */
    @Test
    void aCaretInBatchModeFallsUnderTheEchoedStatement() {
        String[] run = main("-z", dump.toString(), "-c", "r $t0 = 1; .proces");
        assertThat(run[0]).isEqualTo("1");
        assertThat(run[1] + run[2]).contains("0: kd> .proces\n")
                .contains("\n       ^ Syntax error in '.proces'\n");
    }

    @Test
    void aFileKdlabCannotReadIsOneLineAndExitStatusOne() throws IOException {
        String[] missing = main("-z", folder.resolve("none.dmp").toString(), "-c", "r");
        assertThat(missing[0]).isEqualTo("1");
        assertThat(missing[2]).isEqualTo("kdlab: cannot open " + folder.resolve("none.dmp") + ": no such file\n");
        Path text = Files.writeString(folder.resolve("notes.dmp"), "not a dump at all");
        assertThat(main("-z", text.toString(), "-c", "r")[2]).isEqualTo("kdlab: cannot open " + text
                + ": not a crash dump: it begins with 'not ' where a dump has 'PAGE'\n");
    }

    @Test
    void openDumpSwitchesTheSessionToTheDump() {
        assertThat(session(".opendump " + dump + "; !process 0 0 System\n.opendump " + folder.resolve("none.dmp")))
                .contains("lkd> .opendump " + dump + "\n\nLoading Dump File [" + dump + "]\n")
                .contains("kd> !process 0 0 System\nPROCESS ")
                .contains("kd> .opendump " + folder.resolve("none.dmp") + "\nCould not open dump file ["
                        + folder.resolve("none.dmp") + "]: no such file\n");
    }

    /** A session on the booted machine running {@code commands} as a command file would (a line at a time). */
    private static String session(String commands) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try {
            new ScriptRunner(SessionFactory.executor(machine, out), out).run(new java.io.StringReader(commands));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** {@code ./kdlab args}: exit status, standard output, standard error. */
    private static String[] main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run((seed, o) -> {
            throw new AssertionError("no machine boots with -z");
        }, new StandardStreams(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false), args);
        return new String[] {String.valueOf(status), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }
}
