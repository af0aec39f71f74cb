package dev.kdlab.lang.dx;

import dev.kdlab.lang.AntlrSupport;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.Nesting;
import dev.kdlab.lang.expr.MasmEvaluator;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a dx command's arguments with the grammar of grammar/dev/kdlab/lang/DxLexer.g4 and DxParser.g4 into a
 * {@link DxCommandLine}. A text that does not parse, or an option dx does not have, is a {@link DxSyntaxException}
 * whose message is the line the command prints after {@code Error: }. Like the other evaluators, an expression of
 * more than {@link MasmEvaluator#MAX_TOKENS} tokens, or nested deeper than {@link Nesting#EXPRESSION_DEPTH}, is
 * refused before it is parsed.
 */
public final class DxParsing {

    private DxParsing() {
    }

    public static DxCommandLine parse(String arguments) throws DxSyntaxException {
        checkSize(arguments);
        DxParser parser = AntlrSupport.parser(arguments, DxLexer::new, DxParser::new);
        DxParser.CommandContext tree;
        try {
            tree = parser.command();
        } catch (ParseCancellationException e) {
            Token offending = AntlrSupport.offendingToken(e);
            if (offending == null || offending.getType() == Token.EOF) {
                throw new DxSyntaxException("Syntax error at ''");
            }
            throw new DxSyntaxException("Unexpected token '" + offending.getText() + "'");
        }
        return read(tree, arguments);
    }

    private static DxCommandLine read(DxParser.CommandContext tree, String text) throws DxSyntaxException {
        int recursion = -1;
        boolean grid = false;
        int cellWidth = 0;
        long skip = 0;
        boolean help = false;
        boolean verbose = false;
        boolean nativeOnly = false;
        boolean usage = false;
        List<String> ids = List.of();
        for (DxParser.OptionContext option : tree.option()) {
            if (option.QUESTION() != null) {
                usage = true;
                continue;
            }
            String name = option.NAME().getText();
            List<String> values = values(option.optionValue());
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.matches("r[0-9]*") && values.isEmpty()) {
                recursion = lower.length() == 1 ? 1 : parseCount(lower.substring(1), name);
            } else if (lower.equals("g") && values.isEmpty()) {
                grid = true;
            } else if (lower.equals("gc") && values.size() == 1) {
                grid = true;
                cellWidth = parseCount(values.get(0), name);
            } else if (lower.equals("c") && values.size() == 1) {
                skip = parseCount(values.get(0), name);
            } else if (lower.equals("h") && values.isEmpty()) {
                help = true;
            } else if (lower.equals("v") && values.isEmpty()) {
                verbose = true;
            } else if (lower.equals("n") && values.isEmpty()) {
                nativeOnly = true;
            } else if (lower.equals("id") && !values.isEmpty()) {
                ids = values;
            } else {
                throw new DxSyntaxException("Unknown option '-" + name + "'");
            }
        }
        DxParser.ExprContext expression = tree.expr();
        // the line dx prints names the expression as typed, its format specifier included
        String expressionText = expression == null ? ""
                : text.substring(expression.getStart().getStartIndex()).strip();
        String format = tree.formatSpecifier() == null ? null : tree.formatSpecifier().NAME().getText();
        return new DxCommandLine(recursion, grid, cellWidth, skip, help, verbose, nativeOnly, usage, ids, expression,
                expressionText, format);
    }

    /** The source text of a part of the tree, as typed. */
    public static String textOf(ParserRuleContext context, String text) {
        int start = context.getStart().getStartIndex();
        int stop = context.getStop() == null ? start - 1 : context.getStop().getStopIndex();
        return stop < start ? "" : text.substring(start, stop + 1);
    }

    private static List<String> values(DxParser.OptionValueContext value) {
        List<String> values = new ArrayList<>();
        if (value != null) {
            for (int i = 0; i < value.getChildCount(); i++) {
                if (value.getChild(i) instanceof TerminalNode word && word.getSymbol().getType() != DxLexer.COMMA) {
                    values.add(word.getText());
                }
            }
        }
        return values;
    }

    /** The decimal count of -r, -c and -gc. */
    private static int parseCount(String digits, String option) throws DxSyntaxException {
        try {
            return Integer.parseInt(digits.replaceFirst("^0[xX]", ""), digits.matches("0[xX].*") ? 16 : 10);
        } catch (NumberFormatException e) {
            throw new DxSyntaxException("Invalid value for option '-" + option + "'");
        }
    }

    private static void checkSize(String text) throws DxSyntaxException {
        try {
            Nesting.checkExpression(text);
        } catch (ExpressionException e) {
            throw new DxSyntaxException(e.getMessage());
        }
        DxLexer lexer = new DxLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        int count = 0;
        for (Token token = lexer.nextToken(); token.getType() != Token.EOF; token = lexer.nextToken()) {
            if (++count > MasmEvaluator.MAX_TOKENS) {
                throw new DxSyntaxException(ExpressionException.tooComplex(AntlrSupport.restFrom(text, token)).getMessage());
            }
        }
    }
}
