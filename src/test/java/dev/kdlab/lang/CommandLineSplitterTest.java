package dev.kdlab.lang;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineSplitterTest {

    @Test
    void semicolonSeparatesCommands() {
        // transcripts 3.1: ".process /P followed by !peb on one line"
        assertThat(CommandLineSplitter.split(".process /P ffffc387d2d22080; !peb fa2261b000"))
                .containsExactly(".process /P ffffc387d2d22080", "!peb fa2261b000");
        assertThat(CommandLineSplitter.split(".process /P ffff; !peb")).containsExactly(".process /P ffff", "!peb");
        assertThat(CommandLineSplitter.split(".reload;!analyze -v;r;kv;lmnt"))
                .containsExactly(".reload", "!analyze -v", "r", "kv", "lmnt");
    }

    @Test
    void blankCommandsAreDropped() {
        assertThat(CommandLineSplitter.split("")).isEmpty();
        assertThat(CommandLineSplitter.split("  ;; ; ")).isEmpty();
        assertThat(CommandLineSplitter.split("  r  ;")).containsExactly("r");
    }

    @Test
    void dollarDollarCommentEndsAtSemicolon() {
        assertThat(CommandLineSplitter.split("$$ comment")).isEmpty();
        assertThat(CommandLineSplitter.split("r eax; $$ some text; r ebx")).containsExactly("r eax", "r ebx");
        assertThat(CommandLineSplitter.split("!process 0 0 $$ every process")).containsExactly("!process 0 0");
        assertThat(CommandLineSplitter.split("$$>a< script.txt")).containsExactly("$$>a< script.txt");
    }

    @Test
    void asteriskCommentRunsToEndOfLine() {
        assertThat(CommandLineSplitter.split("r ecx; * more text; r edx")).containsExactly("r ecx");
        assertThat(CommandLineSplitter.split("? 2*3; k")).containsExactly("? 2*3", "k");
    }

    @Test
    void quotesProtectSemicolons() {
        assertThat(CommandLineSplitter.split(".printf \"a;b\"; k")).containsExactly(".printf \"a;b\"", "k");
        assertThat(CommandLineSplitter.split(".echo \"x\\\";y\"; q")).containsExactly(".echo \"x\\\";y\"", "q");
        assertThat(CommandLineSplitter.split(".echo \"$$ not a comment\"")).containsExactly(".echo \"$$ not a comment\"");
    }

    @Test
    void bracesProtectSemicolons() {
        assertThat(CommandLineSplitter.split(".foreach (p {!process 0 0}) { dt _EPROCESS ${p} ImageFileName; r }; k"))
                .containsExactly(".foreach (p {!process 0 0}) { dt _EPROCESS ${p} ImageFileName; r }", "k");
    }
}
