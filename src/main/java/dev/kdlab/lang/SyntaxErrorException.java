package dev.kdlab.lang;

import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.expr.MasmEvaluator;
import dev.kdlab.lang.statement.CommandParser;

/**
 * A command or expression that does not parse. WinDbg prints such errors with a caret under the
 * failing column, counted from the start of the prompt line (transcripts, section 7):
 * <pre>
 * lkd&gt; (0x88-0x70)
 *      ^ Syntax error in '(0x88-0x70)'
 * </pre>
 * {@link #column()} is an index into the whole command text when the error comes from
 * {@link CommandParser} or {@link ArgumentScanner} (which adds its base column), and an index
 * into the expression when it comes from {@link MasmEvaluator} directly. {@link #text()} is the
 * text that was being parsed (the command, the arguments, or the expression); the caller renders
 * the message with the whole command text it holds, see {@link #render(int, String)}.
 */
public class SyntaxErrorException extends Exception {

    private final int column;
    private final String text;
    private final String kind;

    public SyntaxErrorException(int column, String text) {
        this(column, text, "Syntax error");
    }

    /** An error the engine reports in the same caret form under another name ("Range error"). */
    protected SyntaxErrorException(int column, String text, String kind) {
        super(kind + " in '" + text + "'");
        this.column = column;
        this.text = text;
        this.kind = kind;
    }

    /** A line nested deeper than {@link Nesting#LINE_DEPTH}, the caret under the first opening too many. */
    public static SyntaxErrorException nestsTooDeeply(int column, String text) {
        return new SyntaxErrorException(column, text, Nesting.LINE_TOO_DEEP);
    }

    public int column() {
        return column;
    }

    public String text() {
        return text;
    }

    /** The same error with its column moved right by {@code offset} (an expression inside a command). */
    public SyntaxErrorException shifted(int offset, String enclosingText) {
        return new SyntaxErrorException(column + offset, enclosingText);
    }

    /** The caret line WinDbg prints: blanks up to the prompt length plus the column, then the message. */
    public String render(int promptLength, String commandText) {
        return " ".repeat(promptLength + column) + "^ " + kind + " in '" + commandText + "'";
    }
}
