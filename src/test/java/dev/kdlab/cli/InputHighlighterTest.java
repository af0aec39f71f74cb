package dev.kdlab.cli;

import dev.kdlab.debugger.CommandRegistry;
import dev.kdlab.debugger.commands.BuiltInCommands;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The line being typed, coloured from the command table. */
class InputHighlighterTest {
    private static final CommandRegistry TABLE = BuiltInCommands.registry(() -> { }, () -> { }, file -> { });
    private static final InputHighlighter HIGHLIGHTER = new InputHighlighter(TABLE);

    private static AttributedStyle styleAt(String line, String part) {
        AttributedString highlighted = HIGHLIGHTER.highlight(null, line);
        assertThat(highlighted.toString()).isEqualTo(line);
        return highlighted.styleAt(line.indexOf(part));
    }

    @Test
    void commandsByWhatTheTableKnows() {
        assertThat(styleAt("dt nt!_EPROCESS", "dt")).isEqualTo(InputHighlighter.COMMAND);
        assertThat(styleAt("dv x", "dv")).isEqualTo(InputHighlighter.NOT_IMPLEMENTED);
        assertThat(styleAt("frobnicate", "frob")).isEqualTo(InputHighlighter.ERROR);
        assertThat(styleAt("(0x88-0x70)", "(")).isEqualTo(InputHighlighter.ERROR);
    }

    @Test
    void argumentsByKind() {
        String line = "dt -r1 nt!_EPROCESS ffffd3c0`f178d080 Pcb; !process 0 0 \"notepad.exe\"";
        assertThat(styleAt(line, "-r1")).isEqualTo(InputHighlighter.OPTION);
        assertThat(styleAt(line, "nt!_EPROCESS")).isEqualTo(InputHighlighter.SYMBOL);
        assertThat(styleAt(line, "ffffd3c0")).isEqualTo(InputHighlighter.NUMBER);
        assertThat(styleAt(line, "Pcb")).isEqualTo(AttributedStyle.DEFAULT);
        assertThat(styleAt(line, "!process")).isEqualTo(InputHighlighter.COMMAND);
        assertThat(styleAt(line, "\"notepad")).isEqualTo(InputHighlighter.STRING);
        assertThat(styleAt("? @$proc", "@$proc")).isEqualTo(InputHighlighter.SYMBOL);
    }

    @Test
    void controlFlowAndBlocks() {
        String line = ".while (@$t0) { .printf \"%d\\n\", @$t0; r $t0 = @$t0 - 1 }";
        assertThat(styleAt(line, ".while")).isEqualTo(InputHighlighter.COMMAND);
        assertThat(styleAt(line, ".printf")).isEqualTo(InputHighlighter.COMMAND);
        assertThat(styleAt(line, "r $t0")).isEqualTo(InputHighlighter.COMMAND);
        assertThat(styleAt(line, "1 }")).isEqualTo(InputHighlighter.NUMBER);
    }
}
