package dev.kdlab.lang.statement;

import java.util.List;

/**
 * A parsed command line: its statements, and where each starts and ends in the text, for the batch
 * runner's echo and for z's {@code redo} line.
 */
public record ParsedLine(String text, List<Statement> statements, int[] starts, int[] ends) {

    public ParsedLine {
        statements = List.copyOf(statements);
    }

    /** The source text of statement {@code index}. */
    public String text(int index) {
        return text.substring(starts[index], ends[index]).strip();
    }

    /** Where {@link #text(int)} of statement {@code index} starts in the line (its leading blanks skipped). */
    public int echoStart(int index) {
        int start = starts[index];
        while (start < ends[index] && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        return start;
    }

    /** The line from its first statement to the end of statement {@code index}. */
    public String textUpTo(int index) {
        return text.substring(starts.length == 0 ? 0 : starts[0], ends[index]).strip();
    }
}
