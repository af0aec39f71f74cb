package dev.kdlab.debugger.log;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each part of a line of output is, for showing it in colour (at the terminal, in an HTML
 * log): an error line, a "did you mean" hint, a heading (PROCESS/THREAD blocks, the help pages'
 * sections), 64-bit addresses and {@code module!symbol+0x..} inside other lines. Commands print
 * plain text; this reads it back, so no command knows about terminals or pages.
 */
public final class OutputStyle {

    /** The kinds of text a line holds. */
    public enum Kind { PLAIN, ERROR, HINT, HEADING, ADDRESS, SYMBOL }

    /** A run of a line's text and its kind. */
    public record Span(String text, Kind kind) {
    }

    /** The error lines the debugger prints (WinDbg's wordings and kdlab's own), by how they start. */
    private static final Pattern ERROR = Pattern.compile("^(?:\\s*\\^ Syntax error|Couldn't resolve error|No export |"
            + "Memory access error|Memory read error|Symbol .* not found|TYPE mismatch|Unable to |No implicit |"
            + "kdlab internal error|Syntax error at|Unexpected token|No command |Usage: |\\S+: a WinDbg command kdlab does not)");
    private static final Pattern HEADING = Pattern.compile("^(?:PROCESS [0-9a-f]+|\\s*THREAD [0-9a-f]+|\\*\\*\\*\\* .*|"
            + "Commands:|Meta-commands \\(\\.\\):|Extension commands \\(!\\):|kdlab's own \\(not in WinDbg\\):|"
            + "Syntax|Options|Example \\(on the default machine\\)|Differences from WinDbg)");
    private static final Pattern INLINE = Pattern.compile(
            "(?<address>\\b[0-9a-f]{8}`[0-9a-f]{8}\\b)|(?<symbol>\\b[A-Za-z_][\\w]*![\\w@$?]+(?:\\+0x[0-9a-f]+)?)");

    private OutputStyle() {
    }

    /** The line cut into runs by kind; an empty line is one plain run. */
    public static List<Span> spans(String line) {
        List<Span> spans = new ArrayList<>();
        if (ERROR.matcher(line).lookingAt()) {
            spans.add(new Span(line, Kind.ERROR));
            return spans;
        }
        if (line.startsWith("Did you mean ")) {
            spans.add(new Span(line, Kind.HINT));
            return spans;
        }
        Matcher heading = HEADING.matcher(line);
        int position = 0;
        if (!line.isEmpty() && heading.lookingAt()) {
            spans.add(new Span(line.substring(0, heading.end()), Kind.HEADING));
            position = heading.end();
        }
        Matcher m = INLINE.matcher(line);
        m.region(position, line.length());
        while (m.find()) {
            if (m.start() > position) {
                spans.add(new Span(line.substring(position, m.start()), Kind.PLAIN));
            }
            spans.add(new Span(m.group(), m.group("address") != null ? Kind.ADDRESS : Kind.SYMBOL));
            position = m.end();
        }
        if (position < line.length() || spans.isEmpty()) {
            spans.add(new Span(line.substring(position), Kind.PLAIN));
        }
        return spans;
    }
}
