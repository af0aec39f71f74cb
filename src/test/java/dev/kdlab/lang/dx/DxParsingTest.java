package dev.kdlab.lang.dx;

import dev.kdlab.lang.Nesting;
import dev.kdlab.lang.expr.MasmEvaluator;
import dev.kdlab.lang.statement.CommandParser;
import dev.kdlab.lang.statement.CommandParserTest;
import dev.kdlab.lang.statement.CommandText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dx grammar (DxLexer.g4, DxParser.g4) over a corpus of real dx lines, its options and its errors. */
class DxParsingTest {

    /** dx lines from the transcripts, Microsoft Learn's dx and LINQ pages and the one-liners of blog posts. */
    static List<String> corpus() throws IOException {
        try (InputStream in = DxParsingTest.class.getResourceAsStream("dx.txt")) {
            assertThat(in).as("dx.txt").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    @Test
    void everyCorpusLineParsesAsOneDxCommand() throws Exception {
        List<String> failures = new ArrayList<>();
        for (String line : corpus()) {
            CommandText command = CommandParser.parse(line);
            assertThat(command.name()).as(line).isEqualTo("dx");
            try {
                DxParsing.parse(command.arguments());
            } catch (DxSyntaxException e) {
                failures.add(line + ": " + e.getMessage());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(corpus()).hasSizeGreaterThan(100);
    }

    @Test
    void theTranscriptsDxLinesOfTheCommandCorpusParseToo() throws Exception {
        for (String line : CommandParserTest.corpus()) {
            if (line.startsWith("dx ")) {
                DxParsing.parse(CommandParser.parse(line).arguments());
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-r1 @$curprocess                  | 1  | false | 0  | 0  | @$curprocess",
            "@$curprocess                      | -1 | false | 0  | 0  | @$curprocess",
            "-r @$curprocess                   | 1  | false | 0  | 0  | @$curprocess",
            "-r3 -g @$x                        | 3  | true  | 0  | 0  | @$x",
            "-gc 12 @$x                        | -1 | true  | 12 | 0  | @$x",
            "-c 100 @$cursession.Processes     | -1 | false | 0  | 100| @$cursession.Processes",
            "-r0 @$x.Count()                   | 0  | false | 0  | 0  | @$x.Count()",
            "-g (x => x)(5)                    | -1 | true  | 0  | 0  | (x => x)(5)",
    })
    void optionsComeBeforeTheExpression(String arguments, int recursion, boolean grid, int cellWidth, long skip,
                                        String expression) throws Exception {
        DxCommandLine line = DxParsing.parse(arguments.strip());
        assertThat(line.recursion()).isEqualTo(recursion);
        assertThat(line.grid()).isEqualTo(grid);
        assertThat(line.gridCellWidth()).isEqualTo(cellWidth);
        assertThat(line.containerSkip()).isEqualTo(skip);
        assertThat(line.expressionText()).isEqualTo(expression);
    }

    @Test
    void theIdOptionTakesItsNumbersAndAFormatSpecifierFollowsTheExpression() throws Exception {
        DxCommandLine line = DxParsing.parse("-id 0,0,ffffe0897e0a1080 -r1 (*((ntkrnlmp!_EPROCESS *)0xffffe0897e0a1080))");
        assertThat(line.ids()).containsExactly("0", "0", "ffffe0897e0a1080");
        assertThat(line.recursion()).isEqualTo(1);
        assertThat(line.expressionText()).isEqualTo("(*((ntkrnlmp!_EPROCESS *)0xffffe0897e0a1080))");

        DxCommandLine formatted = DxParsing.parse("@$curprocess.Id, d");
        assertThat(formatted.format()).isEqualTo("d");
        assertThat(formatted.expressionText()).isEqualTo("@$curprocess.Id, d");
        assertThat(DxParsing.textOf(formatted.expression(), "@$curprocess.Id, d")).isEqualTo("@$curprocess.Id");
    }

    @Test
    void aMinusAfterTheExpressionStartsIsSubtraction() throws Exception {
        DxCommandLine line = DxParsing.parse("@$x -r1");
        assertThat(line.recursion()).isEqualTo(-1);
        assertThat(line.expression()).isInstanceOf(DxParser.AdditiveContext.class);
        assertThat(DxParsing.parse("-5").expression()).isInstanceOf(DxParser.UnaryContext.class);
    }

    @Test
    void lambdasCastsAndAnonymousObjectsAreTheirOwnTrees() throws Exception {
        DxParser.ExprContext select = DxParsing.parse("@$c.Select(p => new { A = p.B, C = (nt!_EPROCESS*)p.D })")
                .expression();
        assertThat(select).isInstanceOf(DxParser.CallContext.class);
        DxParser.ExprContext lambda = ((DxParser.CallContext) select).arguments().expr(0);
        assertThat(lambda).isInstanceOf(DxParser.LambdaContext.class);
        DxParser.ExprContext body = ((DxParser.LambdaContext) lambda).expr();
        DxParser.PrimaryContext object = ((DxParser.OperandContext) body).primary();
        assertThat(object).isInstanceOf(DxParser.AnonymousObjectContext.class);
        assertThat(((DxParser.AnonymousObjectContext) object).initializer()).extracting(i -> i.NAME().getText())
                .containsExactly("A", "C");
        assertThat(((DxParser.AnonymousObjectContext) object).initializer(1).expr())
                .isInstanceOf(DxParser.CastContext.class);
        // a lambda's body takes everything to its right: p => a && b is p => (a && b)
        DxParser.ExprContext wide = DxParsing.parse("p => p.A == 1 && p.B").expression();
        assertThat(((DxParser.LambdaContext) wide).expr()).isInstanceOf(DxParser.LogicalAndContext.class);
    }

    @Test
    void errorsAreWordedAsTheEvaluatorWordsThem() throws DxSyntaxException {
        assertThatThrownBy(() -> DxParsing.parse("1 +")).hasMessage("Syntax error at ''");
        assertThatThrownBy(() -> DxParsing.parse("@$curprocess.)")).hasMessage("Unexpected token ')'");
        assertThatThrownBy(() -> DxParsing.parse("-q @$x")).hasMessage("Unknown option '-q'");
        assertThatThrownBy(() -> DxParsing.parse("-c @$x")).hasMessage("Unknown option '-c'");
        assertThatThrownBy(() -> DxParsing.parse("1" + " + 1".repeat(MasmEvaluator.MAX_TOKENS)))
                .hasMessageStartingWith("Too complex error at '");
        int depth = Nesting.EXPRESSION_DEPTH;
        assertThat(DxParsing.parse("(".repeat(depth) + "1" + ")".repeat(depth)).expressionText()).hasSize(2 * depth + 1);
        assertThatThrownBy(() -> DxParsing.parse("(".repeat(depth + 1) + "1" + ")".repeat(depth + 1)))
                .hasMessageStartingWith("Expression nested too deeply (more than 100 levels) at '(1)");
    }
}
