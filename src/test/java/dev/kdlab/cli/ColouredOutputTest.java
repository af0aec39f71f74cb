package dev.kdlab.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ColouredOutputTest {

    @Test
    void errorsHeadingsAddressesAndSymbols() {
        assertThat(ColouredOutput.style("     ^ Syntax error in 'proces 0 0'"))
                .isEqualTo("\033[31m     ^ Syntax error in 'proces 0 0'\033[0m");
        assertThat(ColouredOutput.style("No export tred found")).startsWith("\033[31m");
        assertThat(ColouredOutput.style("dc: a WinDbg command kdlab does not implement yet (.help lists the ones it does)"))
                .startsWith("\033[31m");
        assertThat(ColouredOutput.style("Did you mean !process or .process?")).startsWith("\033[33m");
        assertThat(ColouredOutput.style("PROCESS ffffd3c0f178d080")).isEqualTo("\033[1mPROCESS ffffd3c0f178d080\033[0m");
        assertThat(ColouredOutput.style("fffff805`fda2c500  fffff805`fdb13180 nt!KiInitialPCR+0x180")).isEqualTo(
                "\033[36mfffff805`fda2c500\033[0m  \033[36mfffff805`fdb13180\033[0m \033[35mnt!KiInitialPCR+0x180\033[0m");
        assertThat(ColouredOutput.style("    Image: notepad.exe")).isEqualTo("    Image: notepad.exe");
    }

    @Test
    void wholeLinesAreStyledAndAPartialLineGoesOutOnFlush() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new ColouredOutput(bytes, StandardCharsets.UTF_8), false, StandardCharsets.UTF_8);
        out.print("No export ");
        out.println("x found");
        out.print("lkd> ");
        out.flush();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("\033[31mNo export x found\033[0m\nlkd> ");
    }

    @Test
    void colourIsOffWithNoColorTheOptionOrADumbTerminal() {
        assertThat(ColouredOutput.wanted(false, null, "xterm-256color")).isTrue();
        assertThat(ColouredOutput.wanted(false, "", "xterm")).isTrue();
        assertThat(ColouredOutput.wanted(false, "1", "xterm")).isFalse();
        assertThat(ColouredOutput.wanted(true, null, "xterm")).isFalse();
        assertThat(ColouredOutput.wanted(false, null, "dumb")).isFalse();
    }
}
