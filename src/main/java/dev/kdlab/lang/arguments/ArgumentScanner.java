package dev.kdlab.lang.arguments;

import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.lang.expr.CppEvaluator;
import dev.kdlab.lang.expr.ExpressionEnvironment;
import dev.kdlab.lang.expr.MasmEvaluator;
import dev.kdlab.lang.statement.CommandText;
import java.util.Optional;

/**
 * Reads a command's argument text the way WinDbg's commands read theirs: options, words, MASM
 * expressions and address ranges, left to right. The caller decides what comes next (an option
 * only where the command takes options, an expression where it takes a value).
 *
 * <p>Columns count from the start of the whole command: {@code baseColumn} is where the arguments
 * start in it ({@link CommandText#argumentsColumn()}), so a {@link SyntaxErrorException} from
 * here has the column to put the caret under.
 */
public final class ArgumentScanner {

    /** The engine's sanity limit on a range without L? (address-and-address-range-syntax). */
    public static final long MAX_RANGE_BYTES = 0x1000_0000L;

    private final String text;
    private final int baseColumn;
    private final ExpressionEnvironment env;
    private int position;

    public ArgumentScanner(String arguments, int baseColumn, ExpressionEnvironment env) {
        this.text = arguments;
        this.baseColumn = baseColumn;
        this.env = env;
    }

    /** A scanner over a parsed command's arguments. */
    public static ArgumentScanner of(CommandText command, ExpressionEnvironment env) {
        return new ArgumentScanner(command.arguments(), command.argumentsColumn(), env);
    }

    /** True when only blanks are left. */
    public boolean atEnd() {
        skipBlanks();
        return position >= text.length();
    }

    /** The column, in the whole command, of the next non-blank character (or of the end). */
    public int column() {
        skipBlanks();
        return baseColumn + position;
    }

    /**
     * The next word if it starts with '-' or '/' ({@code -r1}, {@code -y}, {@code /P}, {@code /c}),
     * as written; empty (and nothing consumed) otherwise. Call it only where the command takes
     * options: there, {@code -1} is an option too.
     */
    public Optional<String> nextOption() {
        skipBlanks();
        if (position < text.length() && (text.charAt(position) == '-' || text.charAt(position) == '/')) {
            return Optional.of(nextWord());
        }
        return Optional.empty();
    }

    /**
     * The next blank-delimited word ({@code nt!_EPROCESS}, {@code Pcb.DirectoryTableBase},
     * {@code notepad.exe}); a word that starts with '"' runs to the closing quote and is returned
     * without the quotes ({@code !list -x "dt nt!_LDR_DATA_TABLE_ENTRY"}). Empty string at the end.
     */
    public String nextWord() {
        skipBlanks();
        int start = position;
        if (position < text.length() && text.charAt(position) == '"') {
            StringBuilder word = new StringBuilder();
            position++;
            while (position < text.length() && text.charAt(position) != '"') {
                char c = text.charAt(position++);
                if (c == '\\' && position < text.length() && text.charAt(position) == '"') {
                    c = text.charAt(position++);
                }
                word.append(c);
            }
            if (position < text.length()) {
                position++;   // the closing quote
            }
            return word.toString();
        }
        while (position < text.length() && !isBlank(text.charAt(position))) {
            position++;
        }
        return text.substring(start, position);
    }

    /** True when the next word is a quoted string ({@code s -a 0 L100 "text"}). */
    public boolean quotedWordFollows() {
        return !atEnd() && text.charAt(position) == '"';
    }

    /** The word {@link #nextWord()} would return, without consuming it; empty at the end. */
    public Optional<String> peekWord() {
        int saved = position;
        try {
            return atEnd() ? Optional.empty() : Optional.of(nextWord());
        } finally {
            position = saved;
        }
    }

    /** The position in the arguments (for commands that read part of them themselves). */
    public int position() {
        skipBlanks();
        return position;
    }

    /** The text that matches {@code pattern} right at the next non-blank character; consumes it. */
    public Optional<String> nextMatch(java.util.regex.Pattern pattern) {
        skipBlanks();
        java.util.regex.Matcher m = pattern.matcher(text).region(position, text.length());
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        position = m.end();
        return Optional.of(m.group());
    }

    /** A syntax error at the next non-blank character (or the end), for a command that cannot read what is there. */
    public SyntaxErrorException syntaxError() {
        skipBlanks();
        return new SyntaxErrorException(baseColumn + position, text);
    }

    /** True when the next non-blank character is {@code c}; consumes it then. */
    public boolean skip(char c) {
        skipBlanks();
        if (position < text.length() && text.charAt(position) == c) {
            position++;
            return true;
        }
        return false;
    }

    /**
     * The value of the longest MASM expression that starts here: in {@code dd A A+0x40} the first call
     * reads {@code A}, the second {@code A+0x40}; in {@code ? 1 + 2} one call reads {@code 1 + 2}.
     * Blanks around operators belong to the expression.
     */
    public long nextExpression() throws ExpressionException, SyntaxErrorException {
        if (atEnd()) {
            throw new SyntaxErrorException(baseColumn + position, text);
        }
        int start = position;
        if (env.cppDefault()) {
            CppEvaluator.Prefix prefix = CppEvaluator.evaluatePrefix(text.substring(start), env);
            position = start + prefix.length();
            return prefix.value().asNumber();
        }
        try {
            MasmEvaluator.Prefix prefix = MasmEvaluator.evaluatePrefix(text.substring(start), env);
            position = start + prefix.length();
            return prefix.value();
        } catch (SyntaxErrorException e) {
            throw e.shifted(baseColumn + start, text);
        }
    }

    /**
     * The value of the next blank-delimited word as one MASM expression, the way dt reads its
     * address ({@code dt nt!_EPROCESS ffffc509`c5488488-0x448 -y ImageFileName}: the "-y" after
     * the blank is not a subtraction).
     */
    public long nextWordExpression() throws ExpressionException, SyntaxErrorException {
        if (atEnd()) {
            throw new SyntaxErrorException(baseColumn + position, text);
        }
        int start = position;
        while (position < text.length() && !isBlank(text.charAt(position))) {
            position++;
        }
        if (env.cppDefault()) {
            return CppEvaluator.evaluate(text.substring(start, position), env).asNumber();
        }
        try {
            return MasmEvaluator.evaluate(text.substring(start, position), env);
        } catch (SyntaxErrorException e) {
            throw e.shifted(baseColumn + start, text);
        }
    }

    /**
     * An address range: {@code addr}, {@code addr L4}, {@code addr l?10}, {@code addr L-4},
     * {@code addr L 4}, or {@code addr end} (any expression after the start that is not a length
     * is the inclusive end). {@code defaultCount} (in the command's elements) applies to a bare
     * address. Counts are MASM expressions, so {@code L10} is 16 elements.
     *
     * <p>As in WinDbg, a range of more than 256 MB of {@code elementSize}-byte elements needs
     * {@code L?}; without it the range fails with a {@link RangeErrorException} whose caret stands
     * after the length or end address.
     */
    public AddressRange nextRange(long defaultCount, int elementSize) throws ExpressionException, SyntaxErrorException {
        long start = nextExpression();
        if (atEnd()) {
            return AddressRange.counted(start, defaultCount);
        }
        if (lengthFollows()) {
            position++;   // 'L'
            boolean backward = false;
            boolean unlimited = false;
            if (position < text.length() && text.charAt(position) == '?') {
                position++;
                unlimited = true;
            } else if (position < text.length() && text.charAt(position) == '-') {
                position++;
                backward = true;
            }
            long count = nextExpression();
            if (!unlimited && Long.compareUnsigned(count, MAX_RANGE_BYTES / elementSize) > 0) {
                throw new RangeErrorException(baseColumn + position, text);
            }
            return new AddressRange(start, count, null, backward);
        }
        long end = nextExpression();
        if (Long.compareUnsigned(end, start) >= 0 && Long.compareUnsigned(end - start, MAX_RANGE_BYTES) >= 0) {
            throw new RangeErrorException(baseColumn + position, text);
        }
        return AddressRange.toEnd(start, end);
    }

    /** Everything that is left, without surrounding blanks; consumes it. */
    public String rest() {
        skipBlanks();
        String rest = text.substring(position).stripTrailing();
        position = text.length();
        return rest;
    }

    /** Fails with a syntax error at the next non-blank character unless only blanks are left. */
    public void expectEnd() throws SyntaxErrorException {
        if (!atEnd()) {
            throw new SyntaxErrorException(baseColumn + position, text);
        }
    }

    /**
     * True at an 'L' that starts a length: followed by '?', '-', a hex digit, '(', '@', '$' or a blank.
     * "L" followed by other letters ("LdrpFoo") is the start of an end expression.
     */
    private boolean lengthFollows() {
        skipBlanks();
        if (position >= text.length() || Character.toLowerCase(text.charAt(position)) != 'l') {
            return false;
        }
        if (position + 1 >= text.length()) {
            return true;
        }
        char next = text.charAt(position + 1);
        return next == '?' || next == '-' || next == '(' || next == '@' || next == '$'
                || isBlank(next) || Character.digit(next, 16) >= 0;
    }

    private void skipBlanks() {
        while (position < text.length() && isBlank(text.charAt(position))) {
            position++;
        }
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
