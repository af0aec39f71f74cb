package dev.kdlab.cli;

import dev.kdlab.debugger.log.OutputStyle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * Colour in the interactive session's output, where it helps reading: error lines in red (with
 * "did you mean" in yellow), headings in bold, 64-bit addresses in cyan and {@code module!symbol+0x..}
 * in magenta ({@link OutputStyle} says which is which). It works on whole lines of the text the
 * commands print, so commands stay unaware of terminals; it is used only when the output is a
 * terminal and colour is wanted (not with NO_COLOR or --no-color).
 */
final class ColouredOutput extends OutputStream {
    private static final String RESET = "\033[0m";
    private static final String RED = "\033[31m";
    private static final String YELLOW = "\033[33m";
    private static final String CYAN = "\033[36m";
    private static final String MAGENTA = "\033[35m";
    private static final String BOLD = "\033[1m";

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
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (OutputStyle.Span span : OutputStyle.spans(text)) {
            String colour = switch (span.kind()) {
                case PLAIN -> null;
                case ERROR -> RED;
                case HINT -> YELLOW;
                case HEADING -> BOLD;
                case ADDRESS -> CYAN;
                case SYMBOL -> MAGENTA;
            };
            out.append(colour == null ? span.text() : colour + span.text() + RESET);
        }
        return out.toString();
    }

    /** Colour is on unless NO_COLOR is set (no-color.org: any non-empty value), --no-color is given, or TERM is dumb. */
    static boolean wanted(boolean noColorOption, String noColorVariable, String term) {
        return !noColorOption && (noColorVariable == null || noColorVariable.isEmpty()) && !"dumb".equals(term);
    }
}
