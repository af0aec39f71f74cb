package dev.kdlab.lang.statement;

import dev.kdlab.lang.AntlrSupport;
import dev.kdlab.lang.Nesting;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.lang.expr.MasmEvaluator;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads a command line (aliases already replaced) into {@link Statement}s with the statement
 * grammar (grammar/dev/kdlab/lang/StatementLexer.g4 and StatementParser.g4). A syntax error is a
 * {@link SyntaxErrorException} at the column of the token where the line stops making sense.
 *
 * <p>Before parsing, the nesting of braces and parentheses is bounded ({@link #MAX_NESTING}): the
 * lexer follows nested blocks recursively, and no real command line comes near the limit.
 */
public final class StatementParsing {

    /** Deepest nesting of { }, ( ) and [ ] a line may have. */
    public static final int MAX_NESTING = Nesting.LINE_DEPTH;

    private StatementParsing() {
    }

    /** A line with WinDbg's command names ({@link WindbgCommands}). */
    public static ParsedLine parse(String text) throws SyntaxErrorException {
        return parse(text, WindbgCommands::isRegular);
    }

    /**
     * A line whose regular command names are these (lower case in, true for a name): the debugger
     * passes its command table's names and WinDbg's, so that glued option letters split after them.
     */
    public static ParsedLine parse(String text, Predicate<String> regularNames) throws SyntaxErrorException {
        checkNesting(text);
        StatementParser parser = AntlrSupport.parser(text, StatementLexer::new, StatementParser::new);
        StatementParser.CommandLineContext tree = AntlrSupport.parse(parser::commandLine, text);
        List<Statement> statements = new ArrayList<>();
        List<StatementParser.StatementContext> contexts = tree.statement();
        int[] starts = new int[contexts.size()];
        int[] ends = new int[contexts.size()];
        Builder builder = new Builder(text, regularNames);
        for (StatementParser.StatementContext statement : contexts) {
            Statement built = builder.statement(statement);
            if (built != null) {
                starts[statements.size()] = statement.getStart().getStartIndex();
                ends[statements.size()] = statement.getStop().getStopIndex() + 1;
                statements.add(built);
            }
        }
        return new ParsedLine(text, statements, Arrays.copyOf(starts, statements.size()),
                Arrays.copyOf(ends, statements.size()));
    }

    /**
     * An error at the first brace, parenthesis or bracket nested deeper than {@link #MAX_NESTING},
     * quotes aside (a line's expressions report their own, shallower, limit when they are evaluated).
     */
    private static void checkNesting(String text) throws SyntaxErrorException {
        int at = Nesting.tooDeep(text, MAX_NESTING, "{([", "})]");
        if (at >= 0) {
            throw SyntaxErrorException.nestsTooDeeply(at, text);
        }
    }

    /** Turns one statement's parse tree into a {@link Statement}. */
    private record Builder(String text, Predicate<String> names) {

        Statement statement(StatementParser.StatementContext ctx) throws SyntaxErrorException {
            ParseTree child = ctx.getChild(0);
            int offset = ctx.getStart().getStartIndex();
            if (child instanceof StatementParser.CommandContext command) {
                return command(command);
            }
            if (child instanceof StatementParser.IfStatementContext statement) {
                return ifStatement(statement);
            }
            if (child instanceof StatementParser.ForStatementContext statement) {
                return forStatement(statement);
            }
            if (child instanceof StatementParser.ForeachStatementContext statement) {
                return foreach(statement);
            }
            if (child instanceof StatementParser.WhileStatementContext statement) {
                return new Statement.While(inside(statement.CONDITION()), inside(statement.BLOCK()), offset);
            }
            if (child instanceof StatementParser.DoStatementContext statement) {
                return new Statement.Do(inside(statement.BLOCK()), inside(statement.CONDITION()), offset);
            }
            if (child instanceof StatementParser.BlockStatementContext statement) {
                return new Statement.Block(inside(statement.BLOCK()), offset);
            }
            if (child instanceof StatementParser.CatchStatementContext statement) {
                return new Statement.Catch(inside(statement.BLOCK()), offset);
            }
            if (child instanceof StatementParser.JStatementContext statement) {
                return jStatement(statement);
            }
            return switch (ctx.getStart().getType()) {
                case StatementLexer.BREAK -> new Statement.Break(offset);
                case StatementLexer.CONTINUE -> new Statement.Continue(offset);
                case StatementLexer.LEAVE -> new Statement.Leave(offset);
                default -> null;   // a comment
            };
        }

        private Statement command(StatementParser.CommandContext ctx) {
            int start = ctx.getStart().getStartIndex();
            String commandText = text.substring(start, ctx.getStop().getStopIndex() + 1).stripTrailing();
            CommandText command;
            if (ctx.SET_ALIAS_LINE() != null) {
                command = CommandParser.command(commandText, 2, true, names);
            } else if (ctx.SCRIPT_LINE() != null) {
                command = CommandParser.command(commandText, commandText.startsWith("$<") ? 2 : 3, false, names);
            } else {
                Token name = ctx.commandName().getStart();
                command = CommandParser.command(commandText, name.getText().length(),
                        name.getType() == StatementLexer.REGULAR_NAME, names);
            }
            return new Statement.Command(command, commandText, start);
        }

        private Statement ifStatement(StatementParser.IfStatementContext ctx) {
            List<Statement.Branch> branches = new ArrayList<>();
            branches.add(new Statement.Branch(inside(ctx.CONDITION()), inside(ctx.BLOCK())));
            for (StatementParser.ElsifClauseContext elsif : ctx.elsifClause()) {
                branches.add(new Statement.Branch(inside(elsif.CONDITION()), inside(elsif.BLOCK())));
            }
            Fragment otherwise = ctx.elseClause() == null ? null : inside(ctx.elseClause().BLOCK());
            return new Statement.If(branches, otherwise, ctx.getStart().getStartIndex());
        }

        private Statement forStatement(StatementParser.ForStatementContext ctx) {
            int open = ctx.FOR_OPEN().getSymbol().getStopIndex() + 1;
            List<TerminalNode> separators = ctx.FOR_SEPARATOR();
            Fragment initial = part(ctx.initial, open);
            Fragment condition = part(ctx.condition, separators.get(0).getSymbol().getStopIndex() + 1);
            Fragment next = part(ctx.next, separators.get(1).getSymbol().getStopIndex() + 1);
            return new Statement.For(initial, condition, next, inside(ctx.BLOCK()), ctx.getStart().getStartIndex());
        }

        private Statement foreach(StatementParser.ForeachStatementContext ctx) throws SyntaxErrorException {
            String initialSkip = null;
            String skip = null;
            ForeachOptions.Source source = ForeachOptions.Source.COMMANDS;
            for (StatementParser.ForeachOptionContext option : ctx.foreachOption()) {
                String count = option.FOREACH_COUNT() == null ? null : option.FOREACH_COUNT().getText();
                switch (option.FOREACH_OPTION().getText()) {
                    case "/pS" -> initialSkip = count;
                    case "/ps" -> skip = count;
                    case "/s" -> source = ForeachOptions.Source.STRING;
                    case "/f" -> source = ForeachOptions.Source.FILE;
                    default -> throw syntaxError(option.getStart());
                }
                boolean takesCount = option.FOREACH_OPTION().getText().equalsIgnoreCase("/ps");
                if (takesCount != (count != null)) {
                    throw syntaxError(count == null ? option.getStop() : option.FOREACH_COUNT().getSymbol());
                }
            }
            boolean commands = ctx.IN_COMMANDS() != null;
            if (commands != (source == ForeachOptions.Source.COMMANDS)) {
                throw syntaxError((commands ? ctx.IN_COMMANDS() : ctx.IN_STRING()).getSymbol());
            }
            Fragment sourceText = inside(commands ? ctx.IN_COMMANDS() : ctx.IN_STRING());
            return new Statement.Foreach(new ForeachOptions(initialSkip, skip, source),
                    ctx.FOREACH_VARIABLE().getText(), sourceText, inside(ctx.BLOCK()), ctx.getStart().getStartIndex());
        }

        /**
         * j's pieces: before the first ';' the expression and the first command (quoted, or what follows
         * the longest expression), after it the second command (quoted, or the rest of the line).
         */
        private Statement jStatement(StatementParser.JStatementContext ctx) throws SyntaxErrorException {
            int offset = ctx.getStart().getStartIndex();
            int afterJ = ctx.J().getSymbol().getStopIndex() + 1;
            List<Token> pieces = new ArrayList<>();
            for (int i = 1; i < ctx.getChildCount(); i++) {
                pieces.add(((TerminalNode) ctx.getChild(i)).getSymbol());
            }
            int semicolon = indexOf(pieces, StatementLexer.J_SEMICOLON);
            List<Token> first = (semicolon < 0 ? pieces : pieces.subList(0, semicolon)).stream()
                    .filter(t -> t.getType() != StatementLexer.J_TEXT || !t.getText().isBlank()).toList();
            List<Token> second = semicolon < 0 ? List.of() : pieces.subList(semicolon + 1, pieces.size());

            Fragment condition;
            Fragment whenTrue;
            int quoted = indexOf(first, StatementLexer.J_QUOTED);
            if (quoted >= 0) {
                Token branch = first.get(quoted);
                condition = between(afterJ, branch.getStartIndex());
                whenTrue = unquoted(branch);
                if (quoted != first.size() - 1) {
                    throw syntaxError(first.get(quoted + 1));
                }
            } else {
                int end = first.isEmpty() ? afterJ : first.get(first.size() - 1).getStopIndex() + 1;
                Fragment all = between(afterJ, end);
                int expression = MasmEvaluator.prefixLength(all.text());
                condition = new Fragment(all.text().substring(0, expression), all.offset());
                whenTrue = new Fragment(all.text().substring(expression), all.offset() + expression);
            }
            if (condition.isBlank()) {
                throw syntaxError(first.isEmpty() ? ctx.getStop() : first.get(0));
            }

            int lineEnd = ctx.getStop().getStopIndex() + 1;
            Fragment whenFalse = Fragment.empty(lineEnd);
            Fragment rest = Fragment.empty(lineEnd);
            List<Token> secondWords = second.stream().filter(t -> !t.getText().isBlank()).toList();
            if (!secondWords.isEmpty() && secondWords.get(0).getType() == StatementLexer.J_QUOTED) {
                Token branch = secondWords.get(0);
                whenFalse = unquoted(branch);
                rest = between(branch.getStopIndex() + 1, lineEnd);
                if (!rest.isBlank()) {
                    String after = rest.text().strip();
                    if (!after.startsWith(";")) {
                        throw syntaxError(secondWords.get(1));
                    }
                }
            } else if (!second.isEmpty()) {
                whenFalse = between(second.get(0).getStartIndex(), lineEnd);
            }
            return new Statement.J(condition, whenTrue, whenFalse, rest, offset);
        }

        private static int indexOf(List<Token> tokens, int type) {
            for (int i = 0; i < tokens.size(); i++) {
                if (tokens.get(i).getType() == type) {
                    return i;
                }
            }
            return -1;
        }

        /** The text of a BLOCK, CONDITION or quoted token without its first and last character. */
        private Fragment inside(TerminalNode node) {
            Token token = node.getSymbol();
            return new Fragment(token.getText().substring(1, token.getText().length() - 1), token.getStartIndex() + 1);
        }

        private Fragment unquoted(Token token) {
            return new Fragment(token.getText().substring(1, token.getText().length() - 1), token.getStartIndex() + 1);
        }

        private Fragment part(Token token, int whereAbsent) {
            return token == null ? Fragment.empty(whereAbsent) : new Fragment(token.getText(), token.getStartIndex());
        }

        private Fragment between(int start, int end) {
            return new Fragment(text.substring(start, Math.max(start, end)), start);
        }

        private SyntaxErrorException syntaxError(Token token) {
            return new SyntaxErrorException(token.getStartIndex(), text);
        }
    }
}
