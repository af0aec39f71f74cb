package dev.kdlab.debugger;

import dev.kdlab.lang.statement.WindbgCommands;
import dev.kdlab.lang.statement.CommandParser;
import dev.kdlab.lang.statement.Statement;
import dev.kdlab.lang.statement.StatementParsing;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.lang.statement.WindbgCommands;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The command table as the one source: names, synopses, preconditions, and what unknown names get. */
class CommandTableTest {
    private static final Lkd LKD = new Lkd();
    private static final CommandRegistry TABLE = new Debugger(LKD.target(), System.out).registry();

    @Test
    void everySynopsisStartsWithItsCommandAndUsesKnownPlaceholders() {
        for (CommandSpec spec : TABLE.all()) {
            String first = spec.synopsis().split(" ")[0].toLowerCase(Locale.ROOT);
            assertThat(spec.names()).as(spec.synopsis()).anyMatch(first::startsWith);
            assertThat(spec.syntax().unknownWords()).as(spec.synopsis()).isEmpty();
            assertThat(spec.summary()).as(spec.name()).isNotBlank();
            assertThat(spec.summary().endsWith(".") && !spec.summary().endsWith("...")).as("%s ends with a period", spec.name()).isFalse();
        }
    }

    @Test
    void kdlabsOwnCommandsAreTheOnesWinDbgLacks() {
        assertThat(TABLE.names()).filteredOn(name -> !WindbgCommands.contains(name))
                .contains("!walk", ".isf").doesNotContain("dt", "!process", "lm", "k", "kb");
    }

    /** Every command of the transcripts' corpus is one kdlab runs or one WinDbg has (so none is a syntax error). */
    @Test
    void everyCorpusCommandIsKnown() throws IOException, SyntaxErrorException {
        List<String> unknown = new ArrayList<>();
        for (String line : corpus()) {
            for (Statement statement : StatementParsing.parse(line, TABLE::isRegularName).statements()) {
                if (statement instanceof Statement.Command command) {
                    String name = command.command().name();
                    if (TABLE.find(name).isEmpty() && !WindbgCommands.contains(name)) {
                        unknown.add(name);
                    }
                }
            }
        }
        assertThat(unknown).isEmpty();
    }

    @Test
    void gluedOptionLettersSplitAfterTheTablesNames() throws SyntaxErrorException {
        assertThat(CommandParser.parse("lmvm nt", TABLE::isRegularName).name()).isEqualTo("lm");
        assertThat(CommandParser.parse("kn 3", TABLE::isRegularName).name()).isEqualTo("k");
        assertThat(CommandParser.parse("kbn", TABLE::isRegularName).name()).isEqualTo("kb");
        assertThat(CommandParser.parse("dv 0", TABLE::isRegularName).name()).isEqualTo("dv");   // WinDbg's dv, not d + "v"
    }

    @Test
    void aWinDbgCommandKdlabLacksSaysSoPlainly() {
        assertThat(LKD.run("dv 0")).containsExactly(
                "dv: a WinDbg command kdlab does not implement yet (.help lists the ones it does)");
        assertThat(LKD.lastSucceeded()).isFalse();
        assertThat(LKD.run("!irp 0")).containsExactly(
                "!irp: a WinDbg command kdlab does not implement yet (.help lists the ones it does)");
        assertThat(LKD.run(".kdfiles")).containsExactly(
                ".kdfiles: a WinDbg command kdlab does not implement yet (.help lists the ones it does)");
        assertThat(LKD.run("bant!PspInsertProcess")).containsExactly(
                "ba: a WinDbg command kdlab does not implement yet (.help lists the ones it does)");
        assertThat(LKD.run("~")).containsExactly(
                "~: a WinDbg command kdlab does not implement yet (.help lists the ones it does)");
    }

    @Test
    void anUnknownNameGetsWinDbgsLineAndTheNearestNames() {
        assertThat(LKD.run("proces 0 0")).containsExactly(
                "     ^ Syntax error in 'proces 0 0'",
                "Did you mean !process or .process?");
        assertThat(LKD.run("!thraed")).containsExactly(
                "No export thraed found",
                "Did you mean !thread or .thread?");
        assertThat(LKD.run("pte 0")).containsExactly(
                "     ^ Syntax error in 'pte 0'",
                "Did you mean !pte?");
        assertThat(LKD.run("frobnicate")).containsExactly("     ^ Syntax error in 'frobnicate'");
        assertThat(LKD.lastSucceeded()).isFalse();
    }

    @Test
    void aCommandThatNeedsAContextIsStoppedBeforeItRuns() {
        long processorBlock = LKD.eval("poi(nt!KiProcessorBlock)");
        try {
            // with processor 0's block unreadable, going back to the default context leaves none
            LKD.run("eq nt!KiProcessorBlock 0");
            assertThat(LKD.run(".process 0")).containsExactly("Implicit process is now 00000000`00000000");
            assertThat(LKD.run("!peb")).containsExactly("No implicit process: set one with .process <address>");
            assertThat(LKD.lastSucceeded()).isFalse();
            assertThat(LKD.run("k")).containsExactly("No implicit thread: set one with .thread <address>");
        } finally {
            LKD.run("eq nt!KiProcessorBlock " + Long.toHexString(processorBlock));
            LKD.run(".process 0");
        }
        assertThat(LKD.run("!peb").get(0)).startsWith("PEB at ");
    }

    static List<String> corpus() throws IOException {
        try (InputStream in = CommandTableTest.class.getResourceAsStream("/dev/kdlab/lang/statement/commands.txt")) {
            assertThat(in).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
