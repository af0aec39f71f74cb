package dev.kdlab.debugger.log;

import java.io.IOException;
import java.io.Writer;

/**
 * The session as a web page: each command in bold after its prompt, the output in the same
 * monospaced lines (pictures included: the page is UTF-8), coloured as the terminal colours it
 * ({@link OutputStyle}). Written as the session goes, a line at a time, so a page cut short by a
 * crash still shows everything up to it; {@link #close()} ends the document.
 */
public final class HtmlLog {
    private final Writer writer;
    private final StringBuilder pending = new StringBuilder();

    public HtmlLog(Writer writer, String title) {
        this.writer = writer;
        write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title) + "</title>\n"
                + "<style>\n"
                + "body { background: #1e1e1e; color: #d4d4d4; margin: 1.5em; }\n"
                + "pre { font-family: Consolas, 'DejaVu Sans Mono', monospace; font-size: 14px; line-height: 1.25; }\n"
                + ".command { color: #ffffff; font-weight: bold; }\n"
                + ".error { color: #f48771; }\n.hint { color: #dcdcaa; }\n.heading { font-weight: bold; }\n"
                + ".address { color: #4fc1ff; }\n.symbol { color: #c586c0; }\n"
                + "</style>\n</head>\n<body>\n<pre class=\"session\">\n");
    }

    /** A command, with the prompt before it ({@code lkd> !process 0 0}). */
    public void command(String promptedLine) {
        flushPartialLine();
        write("<span class=\"command\">" + escape(promptedLine) + "</span>\n");
    }

    /** Text the debugger printed (line breaks included). */
    public void output(String text) {
        pending.append(text);
        int newline;
        while ((newline = pending.indexOf("\n")) >= 0) {
            line(pending.substring(0, newline));
            pending.delete(0, newline + 1);
        }
    }

    public void close() {
        flushPartialLine();
        write("</pre>\n</body>\n</html>\n");
        try {
            writer.close();
        } catch (IOException e) {
            // the page is as complete as it could be written
        }
    }

    private void flushPartialLine() {
        if (pending.length() > 0) {
            line(pending.toString());
            pending.setLength(0);
        }
    }

    private void line(String line) {
        StringBuilder html = new StringBuilder();
        for (OutputStyle.Span span : OutputStyle.spans(line)) {
            if (span.kind() == OutputStyle.Kind.PLAIN) {
                html.append(escape(span.text()));
            } else {
                html.append("<span class=\"").append(span.kind().name().toLowerCase(java.util.Locale.ROOT)).append("\">")
                        .append(escape(span.text())).append("</span>");
            }
        }
        write(html.append('\n').toString());
    }

    private void write(String text) {
        try {
            writer.write(text);
            writer.flush();
        } catch (IOException e) {
            // a log that cannot be written must not stop the session
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
