package dev.kdlab.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ScriptRunnerTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final FakeExecutor executor = new FakeExecutor(out);

    private int run(String script) throws IOException {
        return new ScriptRunner(executor, out).run(new StringReader(script));
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void echoesEachCommandAfterThePromptThenItsOutput() throws IOException {
        int status = run("dt nt!_EPROCESS\n!peb\n");

        assertThat(status).isZero();
        assertThat(output()).isEqualTo(String.join(System.lineSeparator(),
                "lkd> dt nt!_EPROCESS", "ran dt nt!_EPROCESS", "lkd> !peb", "ran !peb", ""));
    }

    @Test
    void runsSemicolonSeparatedCommandsInOrder() throws IOException {
        run("db 0x1000; dd 0x1000 ;dq 0x1000\n");

        assertThat(executor.received).containsExactly("db 0x1000", "dd 0x1000", "dq 0x1000");
        assertThat(output()).contains("lkd> dd 0x1000").doesNotContain(";");
    }

    @Test
    void dropsCommentsAndBlankLines() throws IOException {
        run("$$ a comment line\n\n!process 0 0\n   \n");

        assertThat(executor.received).containsExactly("!process 0 0");
        assertThat(output()).doesNotContain("comment");
    }

    @Test
    void exitStatusIsOneWhenAnyCommandFailedAndTheScriptGoesOnWithTheNextLine() throws IOException {
        int status = run("fail; ? 1+1\n!peb\n");

        assertThat(status).isEqualTo(1);
        assertThat(executor.received).containsExactly("fail", "!peb");
    }

    @Test
    void quitStopsTheScriptMidLineAndAtLineEnd() throws IOException {
        int status = run("!peb; q; !teb\n.process\n");

        assertThat(status).isZero();
        assertThat(executor.received).containsExactly("!peb", "q");
        assertThat(output()).endsWith("lkd> q" + System.lineSeparator());
    }

    @Test
    void anExceptionFromACommandBecomesOneErrorLineAndTheScriptGoesOn() throws IOException {
        int status = run("boom\n!peb\n");

        assertThat(status).isEqualTo(1);
        assertThat(executor.received).containsExactly("boom", "!peb");
        assertThat(output()).isEqualTo(String.join(System.lineSeparator(),
                "lkd> boom", "kdlab internal error: boom", "lkd> !peb", "ran !peb", ""));
    }

    @Test
    void anEmptyScriptSucceeds() throws IOException {
        assertThat(run("")).isZero();
        assertThat(output()).isEmpty();
    }
}
