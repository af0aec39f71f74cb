package dev.kdlab.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Colour in the interactive session's output, where it helps reading: error lines in red (with
 * "did you mean" in yellow), headings in bold (PROCESS/THREAD blocks, the help pages' sections),
 * 64-bit addresses in cyan and {@code module!symbol+0x..} in magenta. It works on whole lines of
 * the text the commands print, so commands stay unaware of terminals; it is used only when the
 * output is a terminal and colour is wanted (not with NO_COLOR or --no-color).
 */
final class ColouredOutput extends OutputStream {
    private static final String RESET = "\033[0m";
    private static final String RED = "\033[31m";
    private static final String YELLOW = "\033[33m";
    private static final String CYAN = "\033[36m";
    private static final String MAGENTA = "\033[35m";
    private static final String BOLD = "\033[1m";

    /** The error lines the debugger prints (WinDbg's wordings and kdlab's own), by how they start. */
    private static final Pattern ERROR = Pattern.compile("^(?:\\s*\\^ Syntax error|Couldn't resolve error|No export |"
            + "Memory access error|Memory read error|Symbol .* not found|TYPE mismatch|Unable to |No implicit |"
            + "kdlab internal error|Syntax error at|Unexpected token|No command |Usage: |\\S+: a WinDbg command kdlab does not)");
    private static final Pattern HEADING = Pattern.compile("^(?:PROCESS [0-9a-f]+|\\s*THREAD [0-9a-f]+|\\*\\*\\*\\* .*|"
            + "Commands:|Meta-commands \\(\\.\\):|Extension commands \\(!\\):|kdlab's own \\(not in WinDbg\\):|"
            + "Syntax|Options|Example \\(on the default machine\\)|Differences from WinDbg)");
    private static final Pattern INLINE = Pattern.compile(
            "(?<address>\\b[0-9a-f]{8}`[0-9a-f]{8}\\b)|(?<symbol>\\b[A-Za-z_][\\w]*![\\w@$?]+(?:\\+0x[0-9a-f]+)?)");

    private final OutputStream out;
    private final Charset charset;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    ColouredOutput(OutputStream out, Charset charset) {
        this.out = out;
        this.charset = charset;
    }

    @Override
    public void write(int b) throws IOException {
        if (b == '\n') {
            emitLine(true);
        } else {
            line.write(b);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int start = offset;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                line.write(bytes, start, i - start);
                emitLine(true);
                start = i + 1;
            }
        }
        line.write(bytes, start, offset + length - start);
    }

    /** Sends what is pending (a line without its newline yet goes out plain and whole). */
    @Override
    public void flush() throws IOException {
        if (line.size() > 0) {
            emitLine(false);
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
    }

    private void emitLine(boolean newline) throws IOException {
        String text = line.toString(charset);
        line.reset();
        out.write(style(text).getBytes(charset));
        if (newline) {
            out.write('\n');
        }
    }

    static String style(String text) {
        if (text.isEmpty()) {
            return text;
        }
        if (ERROR.matcher(text).lookingAt()) {
            return RED + text + RESET;
        }
        if (text.startsWith("Did you mean ")) {
            return YELLOW + text + RESET;
        }
        Matcher heading = HEADING.matcher(text);
        if (heading.lookingAt()) {
            return BOLD + text.substring(0, heading.end()) + RESET + inline(text.substring(heading.end()));
        }
        return inline(text);
    }

    private static String inline(String text) {
        Matcher m = INLINE.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 32);
        int position = 0;
        do {
            out.append(text, position, m.start());
            out.append(m.group("address") != null ? CYAN : MAGENTA).append(m.group()).append(RESET);
            position = m.end();
        } while (m.find());
        return out.append(text, position, text.length()).toString();
    }

    /** Colour is on unless NO_COLOR is set (no-color.org: any non-empty value), --no-color is given, or TERM is dumb. */
    static boolean wanted(boolean noColorOption, String noColorVariable, String term) {
        return !noColorOption && (noColorVariable == null || noColorVariable.isEmpty()) && !"dumb".equals(term);
    }
}
