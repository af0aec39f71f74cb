package dev.kdlab.lang.expr;

import dev.kdlab.lang.Nesting;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasmEvaluatorTest {

    // PsActiveProcessHead and the first process from the Russian EPROCESS post (transcripts 5.4)
    private final FakeEnvironment env = new FakeEnvironment()
            .symbol("nt!PsActiveProcessHead", 0xfffff8035f01df60L)
            .symbol("signalProcessingMode", 0xffffd001c8acd348L)
            .register("rip", 0x00007ff96bb40770L)
            .register("$ip", 0x00007ff96bb40770L)
            .register("r10", 0)
            .register("$teb", 0x0000008eed57b000L)
            .register("$proc", 0xffffca8679a5b040L)
            .memory(0xfffff8035f01df60L, 0xffffca8679a5b488L, 8)
            .memory(0xfffff8035f01df68L, 0xffffca86806b5788L, 8)
            .memory(0x0000008eed57b108L, 0x409, 8)
            .field("nt!_EPROCESS", "Token", 0x4b8)
            .field("nt!_EPROCESS", "Pcb.DirectoryTableBase", 0x28)
            .type("nt!_EPROCESS", 0xa40);

    private long eval(String expression) throws Exception {
        return MasmEvaluator.evaluate(expression, env);
    }

    @Test
    void aHugeExpressionGetsAnErrorInsteadOfAStackOverflow() {
        assertThatThrownBy(() -> eval("1" + "+1".repeat(100_000))).isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("Too complex error at '1+1+1");
        assertThatThrownBy(() -> eval("-".repeat(100_000) + "1")).hasMessageStartingWith("Too complex error at '---");
        assertThatThrownBy(() -> eval("poi(".repeat(300) + "1" + ")".repeat(300)))
                .hasMessageStartingWith("Expression nested too deeply (more than 100 levels) at '(poi(poi(");
    }

    /** Nesting.EXPRESSION_DEPTH levels evaluate; one more is refused at the first parenthesis too many. */
    @Test
    void parenthesesNestUpToTheDocumentedDepth() throws Exception {
        int depth = Nesting.EXPRESSION_DEPTH;
        assertThat(eval("(".repeat(depth) + "2*3" + ")".repeat(depth))).isEqualTo(6);
        assertThatThrownBy(() -> eval("1+" + "(".repeat(depth + 1) + "2" + ")".repeat(depth + 1)))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("Expression nested too deeply (more than 100 levels) at '(2" + ")".repeat(38) + "...'");
    }

    @Test
    void complementAndLogicalNot() throws Exception {
        assertThat(eval("~0")).isEqualTo(-1L);
        assertThat(eval("0x1234 & ~0xf")).isEqualTo(0x1230);
        assertThat(eval("!0")).isEqualTo(1);
        assertThat(eval("!(1 == 1)")).isZero();
    }

    @Test
    void charactersStringsAndRadix() throws Exception {
        assertThat(eval("'a'")).isEqualTo(0x61);
        assertThat(eval("'abcd' + 1")).isEqualTo(0x61626365L);
        assertThat(eval("$scmp(\"b\", \"a\")")).isEqualTo(1);
        assertThat(eval("$sicmp(\"Nt\", \"nT\")")).isZero();
        assertThat(eval("$spat(\"ntoskrnl.exe\", \"nt*.EXE\")")).isEqualTo(1);
        // docs: "c:\dir\" is not closed (the backslash escapes the quote)
        assertThatThrownBy(() -> eval("$spat( \"c:\\dir\\\", \"*filename*\" )")).isInstanceOf(SyntaxErrorException.class);
        assertThatThrownBy(() -> eval("$scmp(1, \"a\")")).isInstanceOf(ExpressionException.class);
    }

    @Test
    void kernelTranscriptResults() throws Exception {
        // transcripts 5.3, "Kernel x64 results"
        assertThat(eval("fffff805`28e51a80-fffff805`28a19000")).isEqualTo(0x438a80L);
        assertThat(eval("0xfc657047&0xf")).isEqualTo(7L);
        assertThat(eval("ffffca86`79a5b488 - 0x448")).isEqualTo(0xffffca8679a5b040L);
        assertThat(eval("signalProcessingMode")).isEqualTo(0xffffd001c8acd348L);
    }

    @Test
    void docsExamples() throws Exception {
        // transcripts 5.3, MASM docs examples
        assertThat(eval("@rip + 8")).isEqualTo(0x00007ff96bb40778L);
        assertThat(eval("@r10 + 0x10 + 0t10 + 0y10")).isEqualTo(26L);
        assertThat(eval("@$teb + 0x108")).isEqualTo(0x0000008eed57b108L);
        assertThat(eval("poi(0000008e`ed57b108)")).isEqualTo(0x409L);
        assertThat(eval("poi(@$teb + 0x108)")).isEqualTo(0x409L);
        assertThat(eval("by(0000008e`ed57b108)")).isEqualTo(9L);
        assertThat(eval("wo(0000008e`ed57b108)")).isEqualTo(0x409L);
        assertThat(eval("poi(@$teb + 0x108)==0x409")).isEqualTo(1L);
        assertThat(eval(".")).isEqualTo(0x00007ff96bb40770L);
        assertThat(eval("NOT(($ip = .) AND ($ip = @rip) AND (@rip =. ))")).isEqualTo(0L);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10        | 16",
            "0n10+0x10 | 26",
            "0y101     | 5",
            "0t17      | 15",
            "4AB3h     | 19123",
            "dead      | 57005",
            "a         | 10",
            "0x        | 0",
            "0X1F      | 31",
    })
    void numbers(String expression, long expected) throws Exception {
        assertThat(eval(expression)).isEqualTo(expected);
    }

    @Test
    void kernelModeSignExtension() throws Exception {
        assertThat(eval("80000000")).isEqualTo(0xffffffff80000000L);
        assertThat(eval("EEAA1122")).isEqualTo(0xffffffffeeaa1122L);
        assertThat(eval("0xffffffff")).isEqualTo(-1L);
        assertThat(eval("00000000`80000000")).isEqualTo(0x80000000L);
        assertThat(eval("00000000`EEAA1122")).isEqualTo(0xeeaa1122L);
        assertThat(eval("7fffffff")).isEqualTo(0x7fffffffL);
        assertThat(eval("1`00000000")).isEqualTo(0x100000000L);
    }

    @Test
    void precedence() throws Exception {
        assertThat(eval("1+2*3")).isEqualTo(7L);
        assertThat(eval("(1+2)*3")).isEqualTo(9L);
        assertThat(eval("1 or 2 and 3")).isEqualTo(3L);        // and binds tighter: 1 | (2 & 3)
        assertThat(eval("1 | 6 ^ 3 & 5")).isEqualTo(7L);        // 1 | (6 ^ (3 & 5))
        assertThat(eval("1 + 1 == 2")).isEqualTo(1L);          // + before =
        assertThat(eval("1 << 4 + 1")).isEqualTo(0x20L);       // + before <<
        assertThat(eval("10 - 4 - 2")).isEqualTo(0xaL);        // left to right
        assertThat(eval("-1 + 2")).isEqualTo(1L);
        assertThat(eval("poi nt!PsActiveProcessHead + 8")).isEqualTo(0xffffca8679a5b490L);
    }

    @Test
    void operators() throws Exception {
        assertThat(eval("7 mod 3")).isEqualTo(1L);
        assertThat(eval("7 % 3")).isEqualTo(1L);
        assertThat(eval("-1 / 2")).isEqualTo(0x7fffffffffffffffL);   // unsigned
        assertThat(eval("-1 >> 0n60")).isEqualTo(0xfL);               // logical
        assertThat(eval("-10 >>> 4")).isEqualTo(-1L);                 // arithmetic
        assertThat(eval("1 < -1")).isEqualTo(1L);                     // unsigned comparison
        assertThat(eval("2 != 3")).isEqualTo(1L);
        assertThat(eval("3 >= 3")).isEqualTo(1L);
        assertThat(eval("5 xor 3")).isEqualTo(6L);
        assertThat(eval("not 0")).isEqualTo(1L);
        assertThat(eval("not 5")).isEqualTo(0L);
        assertThat(eval("hi(12345678)")).isEqualTo(0x1234L);
        assertThat(eval("low(12345678)")).isEqualTo(0x5678L);
        assertThat(eval("dwo(nt!PsActiveProcessHead)")).isEqualTo(0x79a5b488L);
        assertThat(eval("qwo(nt!PsActiveProcessHead+8)")).isEqualTo(0xffffca86806b5788L);
    }

    @Test
    void symbols() throws Exception {
        assertThat(eval("nt!PsActiveProcessHead+8")).isEqualTo(0xfffff8035f01df68L);
        assertThat(eval("NT!psactiveprocesshead")).isEqualTo(0xfffff8035f01df60L);
        assertThat(eval("poi(nt!PsActiveProcessHead) - 0x448")).isEqualTo(0xffffca8679a5b040L);
        assertThat(eval("rip")).isEqualTo(0x00007ff96bb40770L);   // a bare register name
        env.symbol("BadFeed", 0x1234);
        assertThat(eval("BadFeed")).isEqualTo(0xbadfeedL);       // valid hex is a number
        assertThat(eval("!BadFeed")).isEqualTo(0x1234L);          // '!' forces a symbol
    }

    @Test
    void fieldOffsetAndSizeof() throws Exception {
        assertThat(eval("@$proc + #FIELD_OFFSET(nt!_EPROCESS, Token)")).isEqualTo(0xffffca8679a5b4f8L);
        assertThat(eval("@@c++(#FIELD_OFFSET(nt!_EPROCESS, Pcb.DirectoryTableBase))")).isEqualTo(0x28L);
        assertThat(eval("@@(sizeof(nt!_EPROCESS))")).isEqualTo(0xa40L);
        assertThat(eval("@@masm(1+2)")).isEqualTo(3L);
        assertThat(eval("sizeof(nt!_EPROCESS)")).isEqualTo(0xa40L);
        assertThat(eval("@$proc + sizeof(nt!_EPROCESS) - 1")).isEqualTo(0xffffca8679a5ba7fL);
        assertThatThrownBy(() -> eval("sizeof(nt!_NOPE) + 1"))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("Couldn't resolve error at 'nt!_NOPE) + 1'");
    }

    @Test
    void vvalid() throws Exception {
        assertThat(eval("$vvalid(0000008e`ed57b108, 4)")).isEqualTo(1L);
        assertThat(eval("$vvalid(0000008e`ed57b108, 0x2000)")).isEqualTo(0L);
        assertThat(eval("$vvalid(0, 1)")).isEqualTo(0L);
    }

    @Test
    void unknownSymbol() {
        assertThatThrownBy(() -> eval("nt!PsFoo"))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("Couldn't resolve error at 'nt!PsFoo'");
        assertThatThrownBy(() -> eval("1 + lVolume + 2"))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("Couldn't resolve error at 'lVolume + 2'");
    }

    @Test
    void otherEvaluationErrors() {
        assertThatThrownBy(() -> eval("@rfoo"))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("Bad register error at '@rfoo'");
        assertThatThrownBy(() -> eval("poi(0) + 1"))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("Memory access error at ') + 1'");
        assertThatThrownBy(() -> eval("1/0"))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("Operand error");
        assertThatThrownBy(() -> eval("5 mod (2-2)"))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("Operand error");
        assertThatThrownBy(() -> eval("1`00000000`00000000"))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("Overflow error at '1`00000000`00000000'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "(0x88-0x70 | 10",   // missing ')': at the end
            "1 +        | 3",    // missing operand: at the end
            "1 2        | 2",    // a second operand
            "1 + * 2    | 4",
            ")          | 0",
            "1 + )      | 4",
            "''         | 0",    // empty
            "1 # 2      | 2",
    })
    void syntaxErrorColumn(String expression, int column) {
        assertThatThrownBy(() -> eval(expression))
                .isInstanceOfSatisfying(SyntaxErrorException.class, e -> {
                    assertThat(e.column()).isEqualTo(column);
                    assertThat(e.text()).isEqualTo(expression);
                });
    }

    @Test
    void syntaxErrorRendering() {
        SyntaxErrorException e = new SyntaxErrorException(0, "(0x88-0x70)");
        // transcripts 7: "lkd> (0x88-0x70)" then the caret under column 5 of the prompt line
        assertThat(e.render("lkd> ".length(), "(0x88-0x70)")).isEqualTo("     ^ Syntax error in '(0x88-0x70)'");
    }

    @Test
    void prefix() throws Exception {
        assertThat(MasmEvaluator.evaluatePrefix("A A+0x40", env)).isEqualTo(new MasmEvaluator.Prefix(0xa, 1));
        assertThat(MasmEvaluator.evaluatePrefix("1 + 2 L4", env)).isEqualTo(new MasmEvaluator.Prefix(3, 5));
        assertThat(MasmEvaluator.evaluatePrefix("  poi(nt!PsActiveProcessHead) Pcb", env))
                .isEqualTo(new MasmEvaluator.Prefix(0xffffca8679a5b488L, 29));
    }
}
