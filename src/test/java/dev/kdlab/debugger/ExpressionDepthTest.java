package dev.kdlab.debugger;

import dev.kdlab.lang.Nesting;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deep expressions through the commands that evaluate them ({@code ?}, {@code ??}, {@code dx},
 * {@code .if}): {@link Nesting#EXPRESSION_DEPTH} levels of parentheses evaluate, one more gets the
 * one-line nesting error, and the session goes on.
 */
class ExpressionDepthTest {
    private static final int DEPTH = Nesting.EXPRESSION_DEPTH;
    private static final String TOO_DEEP = "Expression nested too deeply (more than 100 levels) at '(1"
            + ")".repeat(38) + "...'";
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    private static String nested(int depth) {
        return "(".repeat(depth) + "1" + ")".repeat(depth);
    }

    @Test
    void expressionsNestUpToTheLimit() {
        assertThat(lkd.run("? " + nested(DEPTH))).containsExactly("Evaluate expression: 1 = 00000000`00000001");
        assertThat(lkd.run("?? " + nested(DEPTH))).containsExactly("int 0n1");
        assertThat(lkd.run("dx " + nested(DEPTH))).containsExactly(nested(DEPTH) + " : 1");
        assertThat(lkd.run(".if " + nested(DEPTH) + " { .echo taken }")).containsExactly("taken");
    }

    @Test
    void oneLevelMoreIsRefusedWithOneLine() {
        assertThat(lkd.run("? " + nested(DEPTH + 1))).containsExactly(TOO_DEEP);
        assertThat(lkd.run("?? " + nested(DEPTH + 1))).containsExactly(TOO_DEEP);
        assertThat(lkd.run("dx " + nested(DEPTH + 1))).containsExactly("Error: " + TOO_DEEP);
        assertThat(lkd.run("? 2; ? " + nested(DEPTH + 1))).containsExactly(
                "Evaluate expression: 2 = 00000000`00000002", TOO_DEEP);
        assertThat(lkd.run("? 3")).containsExactly("Evaluate expression: 3 = 00000000`00000003");
    }
}
