package dev.kdlab.debugger.script;

import dev.kdlab.debugger.Lkd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command language's control flow on the default machine, with ? as the visible command. */
class InterpreterTest {
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    private static String value(long v) {
        return "Evaluate expression: " + v + " = " + String.format("%08x`%08x", v >>> 32, v & 0xffffffffL);
    }

    @Test
    void commandsRunLeftToRightAndTheFirstFailureEndsTheLine() {
        assertThat(lkd.run("? 1; ? 2")).containsExactly(value(1), value(2));
        assertThat(lkd.lastSucceeded()).isTrue();
        assertThat(lkd.run("? 1; dt nt!_NOPE; ? 2")).containsExactly(value(1), "Symbol nt!_NOPE not found.");
        assertThat(lkd.lastSucceeded()).isFalse();
        assertThat(lkd.run("$$ nothing; * all comment; ? 3")).isEmpty();
    }

    @Test
    void ifElsifElseRunTheFirstBranchWhoseConditionHolds() {
        assertThat(lkd.run(".if (1 > 2) { ? 1 } .elsif (2 == 2) { ? 2 } .else { ? 3 }")).containsExactly(value(2));
        assertThat(lkd.run(".if (0) { ? 1 } .else { ? 3 }; ? 4")).containsExactly(value(3), value(4));
        assertThat(lkd.run(".if (poi(nt!PsActiveProcessHead) != 0) { ? 5 }")).containsExactly(value(5));
    }

    @Test
    void loopsEndWithBreakAndSkipWithContinue() {
        assertThat(lkd.run(".while (1) { ? 7; .break; ? 8 }; ? 9")).containsExactly(value(7), value(9));
        assertThat(lkd.run(".do { ? 1 } (0)")).containsExactly(value(1));
        assertThat(lkd.run(".for (;;) { .break }")).isEmpty();
        assertThat(lkd.run(".foreach /s (x \"1 2 3 4\") { .if (x == 2) { .continue }; .if (x == 4) { .break }; ? x }"))
                .containsExactly(value(1), value(3));
        assertThat(lkd.run(".foreach /pS 1 /ps 1 /s (x \"10 20 30 40 50\") { ? ${x} }"))
                .containsExactly(value(0x20), value(0x40));
    }

    @Test
    void catchKeepsAnErrorInsideItsBlockAndLeaveEndsIt() {
        assertThat(lkd.run(".catch { ? 1; dt nt!_NOPE; ? 2 }; ? 3"))
                .containsExactly(value(1), "Symbol nt!_NOPE not found.", value(3));
        assertThat(lkd.lastSucceeded()).isTrue();
        assertThat(lkd.run(".catch { ? 1; .leave; ? 2 }; ? 3")).containsExactly(value(1), value(3));
    }

    @Test
    void jPicksACommandByItsExpression() {
        assertThat(lkd.run("j (1 == 1) '? 1'; '? 2'")).containsExactly(value(1));
        assertThat(lkd.run("j 0 ? 1; ? 2")).containsExactly(value(2));
        assertThat(lkd.run("j 0 '? 1' ; '? 2' ; ? 3")).containsExactly(value(2), value(3));
    }

    @Test
    void zRunsTheCommandsBeforeItAgainWhileItsConditionHolds() {
        lkd.run("r $t0 = 3");
        // docs, "z (Execute While)": r ecx = ecx - 1 ; z(ecx) prints "redo [1] ..." for each round after the first
        assertThat(lkd.run("r $t0 = @$t0 - 1; z(@$t0)")).containsExactly(
                "redo [1] r $t0 = @$t0 - 1; z(@$t0)", "redo [2] r $t0 = @$t0 - 1; z(@$t0)");
        assertThat(lkd.eval("@$t0")).isZero();
    }

    @Test
    void scriptArgumentsAreAliasesWithOrWithoutBraces(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("args.wds"), ".echo ${$arg0} has ${$n}: $arg1 [${$arg2}]\n"
                + ".if (${/d:$arg3} == 0) { .echo no third }\nr $t3 = $arg1 + 1\n");
        lkd.workIn(dir);
        assertThat(lkd.run("$$>a< args.wds 41 \"two words\"")).containsExactly("args.wds has 2: 41 [two words]", "no third");
        assertThat(lkd.eval("@$t3")).isEqualTo(0x42);
        assertThat(lkd.run(".echo ${$arg1}")).containsExactly("${$arg1}");   // gone when the script ends
    }

    @Test
    void foreachReadsTheTokensOfAFileOrAString(@TempDir Path dir) throws IOException {
        long head = lkd.eval("nt!PsActiveProcessHead");
        long first = lkd.eval("poi(nt!PsActiveProcessHead)");
        Files.writeString(dir.resolve("addresses.txt"), Long.toHexString(head) + "\n" + Long.toHexString(first) + "\n");
        lkd.workIn(dir);
        // transcripts 2.3: .foreach /f ( addr "uni.txt" ) { dt _EPROCESS ${addr} ImageFileName UniqueProcessId }
        assertThat(lkd.run(".foreach /f ( addr \"addresses.txt\" ) { ? poi(${addr}) }")).containsExactly(
                value(first), value(lkd.eval("poi(poi(nt!PsActiveProcessHead))")));
        assertThat(lkd.run(".foreach /s (word \"alpha beta\") { .echo <word> }")).containsExactly("<word>", "<word>");
        assertThat(lkd.run(".foreach /s (word \"alpha beta\") { .echo word }")).containsExactly("alpha", "beta");
        assertThat(lkd.run(".foreach /f (x \"missing.txt\") { }")).containsExactly("Couldn't open file 'missing.txt'");
        // the error of a command whose output .foreach reads still reaches the screen
        assertThat(lkd.run(".foreach (x {? 1; dt nt!_NOPE}) { .echo x }")).containsExactly("Symbol nt!_NOPE not found.");
    }

    @Test
    void aLineThatRunsAwayStopsAtTheStepLimit() {
        lkd.debugger().limits().setStepLimit(1000);
        try {
            assertThat(lkd.run(".while (1) { }")).containsExactly(
                    "Stopped after 1000 steps (--max-steps 1000): the command line runs away");
            assertThat(lkd.lastSucceeded()).isFalse();
            assertThat(lkd.run(".catch { .for (;;) { ? 1 } }")).last().asString()
                    .startsWith("Stopped after 1000 steps");
            assertThat(lkd.run("? 1")).containsExactly(value(1));
        } finally {
            lkd.debugger().limits().setStepLimit(0);
        }
    }

    @Test
    void aLineThatPrintsWithoutEndStopsAtItsOutputBudget() {
        lkd.debugger().limits().setOutputLimit(10_000);
        try {
            List<String> lines = lkd.run("db nt L?1000000");
            assertThat(lines).last().isEqualTo("Stopped after 10000 bytes of output: the command line runs away");
            assertThat(lines.size()).isLessThan(200);
            assertThat(lkd.run(".foreach (x {db nt L?1000000}) { }")).containsExactly(
                    "Stopped after 10000 bytes of output: the command line runs away");
        } finally {
            lkd.debugger().limits().setOutputLimit(0);
        }
    }

    @Test
    void ctrlCStopsACommandInTheMiddleOfItsOutput() throws InterruptedException {
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            lkd.debugger().interrupt();
        });
        stopper.start();
        assertThat(lkd.run("db nt L?10000000")).last().isEqualTo(ExecutionLimits.INTERRUPTED);
        stopper.join();
    }

    @Test
    void ctrlCStopsTheRunningLine() throws InterruptedException {
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            lkd.debugger().interrupt();
        });
        stopper.start();
        assertThat(lkd.run(".while (1) { ? 1 }")).last().isEqualTo(ExecutionLimits.INTERRUPTED);
        stopper.join();
        assertThat(lkd.run("? 2")).containsExactly(value(2));
    }

    @Test
    void aScriptStopsAtItsFirstFailureAndSaysWhere(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("walk.txt"), "? 1\n.if (1)\n{\n   dt nt!_NOPE\n}\n? 2\n");
        lkd.workIn(dir);
        assertThat(lkd.run("$$><walk.txt; ? 3")).containsExactly(value(1), "Symbol nt!_NOPE not found.",
                "Script walk.txt stopped at line 4: dt nt!_NOPE");
        assertThat(lkd.run("$$<walk.txt")).startsWith("lkd> ? 1", value(1), "lkd> .if (1)").contains(
                "Script walk.txt stopped at line 2: .if (1)");
        Files.writeString(dir.resolve("self.txt"), "$$<self.txt\n");
        assertThat(lkd.run("$$<self.txt")).contains("Scripts nested too deeply (more than 32 levels) at $$<self.txt");
        assertThat(lkd.run("$$<missing.txt")).containsExactly("Couldn't open script file 'missing.txt'");
    }
}
