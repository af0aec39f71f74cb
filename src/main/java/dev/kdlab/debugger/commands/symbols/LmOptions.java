package dev.kdlab.debugger.commands.symbols;

import dev.kdlab.lang.statement.CommandText;
import dev.kdlab.lang.expr.ExpressionEnvironment;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.expr.MasmEvaluator;
import dev.kdlab.lang.SyntaxErrorException;

import java.util.OptionalLong;

/**
 * The options of {@code lm} (Microsoft Learn, "lm (List Loaded Modules)"): letters that may run
 * together and may follow the command name directly ({@code lmvm nt}, {@code lmDvmnt},
 * {@code lm v m nt}); {@code m Pattern} / {@code M Pattern} take the rest of their word or the
 * next word; {@code a Address} takes an expression. {@code D} (DML) changes nothing here;
 * {@code o} (loaded modules only) leaves out the unloaded modules' section.
 *
 * @param namePattern a wildcard on module names (m), or null
 * @param pathPattern a wildcard on image paths (M), or null
 */
record LmOptions(boolean verbose, boolean kernelOnly, boolean userOnly, String namePattern, String pathPattern,
                 OptionalLong address, boolean namesOnly, boolean sortByName, boolean loadedOnly) {

    static LmOptions parse(CommandText command, ExpressionEnvironment env)
            throws SyntaxErrorException, ExpressionException {
        String text = command.arguments();
        int column = command.argumentsColumn();
        Parser parser = new Parser(text);
        while (parser.skipBlanks()) {
            int at = parser.position;
            char option = text.charAt(parser.position++);
            switch (option) {
                case 'v' -> parser.verbose = true;
                case 'k' -> parser.kernelOnly = true;
                case 'u' -> parser.userOnly = true;
                case 'D' -> { }
                case 'o' -> parser.loadedOnly = true;
                case 'm' -> parser.namePattern = parser.pattern(column);
                case 'M' -> parser.pathPattern = parser.pattern(column);
                case 'a' -> parser.address = OptionalLong.of(parser.expression(column, env));
                case '1' -> parser.namesOnly = parser.expect('m', at, column);
                case 's' -> parser.sortByName = parser.expect('m', at, column);
                default -> throw new SyntaxErrorException(column + at, text);
            }
        }
        return new LmOptions(parser.verbose, parser.kernelOnly, parser.userOnly, parser.namePattern,
                parser.pathPattern, parser.address, parser.namesOnly, parser.sortByName, parser.loadedOnly);
    }

    /** Cursor over the option text, collecting what it has read. */
    private static final class Parser {
        private final String text;
        private int position;
        private boolean verbose;
        private boolean kernelOnly;
        private boolean userOnly;
        private String namePattern;
        private String pathPattern;
        private OptionalLong address = OptionalLong.empty();
        private boolean namesOnly;
        private boolean sortByName;
        private boolean loadedOnly;

        Parser(String text) {
            this.text = text;
        }

        /** Skips blanks; false at the end. */
        boolean skipBlanks() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
            return position < text.length();
        }

        /** The rest of the current word, or the next word when the option ended its word. */
        String pattern(int column) throws SyntaxErrorException {
            if (position >= text.length() || Character.isWhitespace(text.charAt(position))) {
                if (!skipBlanks()) {
                    throw new SyntaxErrorException(column + position, text);
                }
            }
            int start = position;
            while (position < text.length() && !Character.isWhitespace(text.charAt(position))) {
                position++;
            }
            return text.substring(start, position);
        }

        /** The next word as a MASM expression (the address of {@code lm a}). */
        long expression(int column, ExpressionEnvironment env) throws SyntaxErrorException, ExpressionException {
            String word = pattern(column);
            try {
                return MasmEvaluator.evaluate(word, env);
            } catch (SyntaxErrorException e) {
                throw e.shifted(column + position - word.length(), text);
            }
        }

        /** Two-letter options ("1m", "sm"): the second letter must follow. */
        boolean expect(char second, int at, int column) throws SyntaxErrorException {
            if (position >= text.length() || text.charAt(position) != second) {
                throw new SyntaxErrorException(column + at, text);
            }
            position++;
            return true;
        }
    }
}
