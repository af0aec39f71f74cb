package dev.kdlab.lang.statement;

import dev.kdlab.lang.SyntaxErrorException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatementParsingTest {

    private static List<Statement> parse(String line) throws SyntaxErrorException {
        return StatementParsing.parse(line).statements();
    }

    private static List<String> commandTexts(String line) throws SyntaxErrorException {
        return parse(line).stream().map(s -> ((Statement.Command) s).text()).toList();
    }

    @Test
    void semicolonsSeparateCommands() throws Exception {
        // transcripts 3.1: ".process /P followed by !peb on one line"
        assertThat(commandTexts(".process /P ffffc387d2d22080; !peb fa2261b000"))
                .containsExactly(".process /P ffffc387d2d22080", "!peb fa2261b000");
        assertThat(commandTexts(".reload;!analyze -v;r;kv;lmnt")).containsExactly(".reload", "!analyze -v", "r", "kv", "lmnt");
        assertThat(commandTexts("")).isEmpty();
        assertThat(commandTexts("  ;; ; ")).isEmpty();
        assertThat(commandTexts("  r  ;")).containsExactly("r");
    }

    @Test
    void dollarDollarCommentsEndAtASemicolonAndStarCommentsAtTheLineEnd() throws Exception {
        assertThat(commandTexts("$$ comment")).isEmpty();
        assertThat(commandTexts("r eax; $$ some text; r ebx")).containsExactly("r eax", "r ebx");
        assertThat(commandTexts("r ecx; * more text; r edx")).containsExactly("r ecx");
        assertThat(commandTexts("? 2*3; k")).containsExactly("? 2*3", "k");
        assertThat(commandTexts("$$>a< script.txt 1 2; k")).containsExactly("$$>a< script.txt 1 2", "k");
        assertThat(parse("$$>a< script.txt 1 2").get(0)).isInstanceOfSatisfying(Statement.Command.class,
                c -> assertThat(c.command()).isEqualTo(new CommandText("$$>a<", "script.txt 1 2", 6)));
    }

    @Test
    void quotesKeepSemicolons() throws Exception {
        assertThat(commandTexts(".printf \"a;b\"; k")).containsExactly(".printf \"a;b\"", "k");
        assertThat(commandTexts(".echo \"x\\\";y\"; q")).containsExactly(".echo \"x\\\";y\"", "q");
        assertThat(commandTexts(".echo \"$$ not a comment\"")).containsExactly(".echo \"$$ not a comment\"");
        assertThat(commandTexts(".echo \"never closed; k")).containsExactly(".echo \"never closed; k");
    }

    @Test
    void scriptTokensTakeTheirFileNameAsWinDbgDoes() throws Exception {
        // $< and $>< take the rest of the line, semicolons included; $$< ends at ';'
        assertThat(commandTexts("$<c:\\my;scripts\\a.txt")).containsExactly("$<c:\\my;scripts\\a.txt");
        assertThat(commandTexts("$$<c:\\a.txt; k")).containsExactly("$$<c:\\a.txt", "k");
        assertThat(parse("$><c:\\a.txt").get(0)).isInstanceOfSatisfying(Statement.Command.class,
                c -> assertThat(c.command().name()).isEqualTo("$><"));
    }

    @Test
    void asWithoutASwitchTakesTheRestOfTheLineAndASEndsAtASemicolon() throws Exception {
        assertThat(commandTexts("as Short usr32!ExitDlgsHandler; bp Short"))
                .containsExactly("as Short usr32!ExitDlgsHandler; bp Short");
        assertThat(parse("aS /x myAlias 5 + 1; .block{.echo ${myAlias}}").get(0)).isInstanceOfSatisfying(
                Statement.Command.class, c -> assertThat(c.text()).isEqualTo("aS /x myAlias 5 + 1"));
        assertThat(parse("aS x 1").get(0)).isInstanceOfSatisfying(Statement.Command.class,
                c -> assertThat(c.command()).extracting(CommandText::name, CommandText::writtenName).containsExactly("as", "aS"));
    }

    @Test
    void ifElsifElseWithTheSemicolonsAJoinedScriptPutsBetweenThem() throws Exception {
        Statement.If s = (Statement.If) parse(".if (@$t0 == 0);{;.echo zero;};.elsif (@$t0 > 5) {.echo big};"
                + ".else;{;.echo other;}").get(0);
        assertThat(s.branches()).extracting(b -> b.condition().text()).containsExactly("@$t0 == 0", "@$t0 > 5");
        assertThat(s.branches().get(0).body().text()).isEqualTo(";.echo zero;");
        assertThat(s.otherwise().text()).isEqualTo(";.echo other;");
        assertThat(parse(".if (1) { r } ; .echo after")).hasSize(2);
    }

    @Test
    void forKeepsTheSemicolonsOfItsHead() throws Exception {
        Statement.For s = (Statement.For) parse(".for (r $t0 = 0; @$t0 < 5; r $t0 = @$t0 + 1) { .printf \"%d;\\n\", @$t0 }")
                .get(0);
        assertThat(List.of(s.initial().text(), s.condition().text(), s.next().text()))
                .containsExactly("r $t0 = 0", " @$t0 < 5", " r $t0 = @$t0 + 1");
        assertThat(s.body().text()).isEqualTo(" .printf \"%d;\\n\", @$t0 ");
        Statement.For empty = (Statement.For) parse(".for (;;) {.break}").get(0);
        assertThat(empty.condition().isBlank()).isTrue();
    }

    @Test
    void foreachReadsItsOptionsVariableAndSource() throws Exception {
        Statement.Foreach s = (Statement.Foreach) parse(
                ".foreach /pS 1 /ps 0n10 (proc {!process 0 0}) { dt nt!_EPROCESS ${proc} ImageFileName }").get(0);
        assertThat(s.options()).isEqualTo(new ForeachOptions("1", "0n10", ForeachOptions.Source.COMMANDS));
        assertThat(s.variable()).isEqualTo("proc");
        assertThat(s.source().text()).isEqualTo("!process 0 0");
        assertThat(s.body().text()).isEqualTo(" dt nt!_EPROCESS ${proc} ImageFileName ");
        // transcripts 2.3
        Statement.Foreach file = (Statement.Foreach) parse(
                ".foreach /f ( addr \"c:\\Users\\user\\Documents\\uni.txt\" ) { dt _EPROCESS ${addr} ImageFileName }").get(0);
        assertThat(file.options().source()).isEqualTo(ForeachOptions.Source.FILE);
        assertThat(file.source().text()).isEqualTo("c:\\Users\\user\\Documents\\uni.txt");
        assertThatThrownBy(() -> parse(".foreach /s (x {r}) {}")).isInstanceOf(SyntaxErrorException.class);
        assertThatThrownBy(() -> parse(".foreach /pS (x {r}) {}")).isInstanceOf(SyntaxErrorException.class);
    }

    @Test
    void loopsBlocksAndTheirKeywords() throws Exception {
        assertThat(parse(".while (@$t0 < 3) { r $t0 = @$t0 + 1 }").get(0)).isInstanceOf(Statement.While.class);
        assertThat(parse(".do { r $t0 = @$t0 + 1 } (@$t0 < 3)").get(0)).isInstanceOfSatisfying(Statement.Do.class,
                d -> assertThat(d.condition().text()).isEqualTo("@$t0 < 3"));
        assertThat(parse(".block { .echo ${x} }").get(0)).isInstanceOf(Statement.Block.class);
        assertThat(parse(".catch { r foo; .leave }").get(0)).isInstanceOf(Statement.Catch.class);
        assertThat(parse(".BREAK; .Continue; .leave")).hasSize(3);
        assertThat(parse(".block { .if (1) { .block { .echo \"}\" } } }").get(0)).isInstanceOfSatisfying(
                Statement.Block.class, b -> assertThat(b.body().text()).isEqualTo(" .if (1) { .block { .echo \"}\" } } "));
    }

    @Test
    void jSplitsItsExpressionAndCommands() throws Exception {
        Statement.J quoted = (Statement.J) parse("j (poi(MyVar)>5) '.echo MyVar Too Big'; '.echo MyVar Acceptable'").get(0);
        assertThat(List.of(quoted.condition().text().strip(), quoted.whenTrue().text(), quoted.whenFalse().text()))
                .containsExactly("(poi(MyVar)>5)", ".echo MyVar Too Big", ".echo MyVar Acceptable");
        Statement.J plain = (Statement.J) parse("j @$t0 = 1 r $t1 = 2; r $t1 = 3; .echo x").get(0);
        assertThat(List.of(plain.condition().text().strip(), plain.whenTrue().text().strip(), plain.whenFalse().text()))
                .containsExactly("@$t0 = 1", "r $t1 = 2", " r $t1 = 3; .echo x");
        Statement.J rest = (Statement.J) parse("j 1 'r $t0 = 1' ; 'r $t0 = 2' ; .echo after").get(0);
        assertThat(rest.rest().text()).isEqualTo(" ; .echo after");
    }

    @Test
    void syntaxErrorsPointAtTheTokenWhereTheLineStopsMakingSense() {
        assertThatThrownBy(() -> parse(".echo a; (0x88-0x70)")).isInstanceOfSatisfying(SyntaxErrorException.class,
                e -> assertThat(e.column()).isEqualTo(9));
        assertThatThrownBy(() -> parse(".if 1 { r }")).isInstanceOfSatisfying(SyntaxErrorException.class,
                e -> assertThat(e.column()).isEqualTo(4));
        assertThatThrownBy(() -> parse(".else { r }")).isInstanceOf(SyntaxErrorException.class);
        assertThatThrownBy(() -> parse(".if (1) { r ")).isInstanceOf(SyntaxErrorException.class);
        assertThatThrownBy(() -> parse(".for (r $t0 = 0; 1) {}")).isInstanceOf(SyntaxErrorException.class);
        assertThatThrownBy(() -> parse("{ r }")).isInstanceOf(SyntaxErrorException.class);
    }

    @Test
    void nestingIsBoundedBeforeTheLexerRecurses() throws SyntaxErrorException {
        int limit = StatementParsing.MAX_NESTING;
        assertThat(parse(".block {".repeat(limit) + "}".repeat(limit))).hasSize(1);
        String deep = ".block ".repeat(250) + "{".repeat(250) + "}".repeat(250);
        assertThatThrownBy(() -> parse(deep)).isInstanceOfSatisfying(SyntaxErrorException.class,
                e -> assertThat(e.column()).isEqualTo(7 * 250 + limit))
                .hasMessageStartingWith("Command nested too deeply (more than 200 levels) in '.block .block");
        assertThatThrownBy(() -> parse("? " + "(".repeat(5000) + "1" + ")".repeat(5000)))
                .isInstanceOf(SyntaxErrorException.class);
    }

    @Test
    void theStatementCorpusParsesDownToEveryBlock() throws Exception {
        List<CommandText> commands = new ArrayList<>();
        for (String line : CommandParserTest.corpus()) {
            StatementCorpus.commandsOf(StatementParsing.parse(line), commands);
        }
        assertThat(commands).extracting(CommandText::name).contains(".printf", ".echo", "r", "as", "ad", "!list");
    }
}
