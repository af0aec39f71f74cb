package dev.kdlab.cli;

import dev.kdlab.debugger.CommandRegistry;
import dev.kdlab.lang.statement.WindbgCommands;
import dev.kdlab.lang.statement.CommandParser;
import dev.kdlab.lang.statement.CommandText;
import dev.kdlab.lang.SyntaxErrorException;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Colours the line being typed, command by command (a line splits at ';' and at the braces of
 * blocks): a name the table knows in bold, a WinDbg
 * command kdlab lacks in yellow and anything else in red (before Enter shows the error), options in
 * cyan, numbers in yellow, {@code module!symbol} and registers in magenta, quoted strings in green.
 */
final class InputHighlighter implements Highlighter {
    static final AttributedStyle COMMAND = AttributedStyle.BOLD;
    static final AttributedStyle NOT_IMPLEMENTED = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    static final AttributedStyle ERROR = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
    static final AttributedStyle OPTION = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    static final AttributedStyle SYMBOL = AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA);
    static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);

    /** Argument tokens, tried in order at each position: string, option, symbol or register, number, other word. */
    private static final Pattern TOKEN = Pattern.compile(
            "(?<string>\"(?:\\\\.|[^\"\\\\])*\"?)"
                    + "|(?<option>(?<![^\\s])[-/][A-Za-z0-9?]+)"
                    + "|(?<symbol>[A-Za-z_][\\w.]*![\\w*?.$@]*|@\\$?\\w+|\\$\\w+)"
                    + "|(?<number>(?<![\\w`])(?:0[xXnNyY])?[0-9a-fA-F]+(?:`[0-9a-fA-F]+)?(?![\\w`!]))"
                    + "|(?<word>[\\w.]+)");

    private final CommandRegistry registry;

    InputHighlighter(CommandRegistry registry) {
        this.registry = registry;
    }

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        AttributedStringBuilder out = new AttributedStringBuilder();
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i <= buffer.length(); i++) {
            char c = i < buffer.length() ? buffer.charAt(i) : ';';
            if (c == '"') {
                quoted = !quoted;
            }
            if (((c == ';' || c == '{' || c == '}') && !quoted) || i == buffer.length()) {
                command(buffer.substring(start, i), out);
                if (i < buffer.length()) {
                    out.append(String.valueOf(c));
                }
                start = i + 1;
            }
        }
        return out.toAttributedString();
    }

    /** One command: its name, then its arguments token by token. */
    private void command(String text, AttributedStringBuilder out) {
        int nameStart = 0;
        while (nameStart < text.length() && Character.isWhitespace(text.charAt(nameStart))) {
            nameStart++;
        }
        out.append(text.substring(0, nameStart));
        if (nameStart == text.length()) {
            return;
        }
        CommandText command;
        try {
            command = CommandParser.parse(text, registry::isRegularName);
        } catch (SyntaxErrorException e) {
            // a control-flow token (.if (...), .while (...), z(...)) or a line that does not parse
            int wordEnd = nameStart;
            while (wordEnd < text.length() && !Character.isWhitespace(text.charAt(wordEnd)) && text.charAt(wordEnd) != '(') {
                wordEnd++;
            }
            String word = text.substring(nameStart, wordEnd);
            if (registry.find(word).isPresent()) {
                out.styled(COMMAND, word);
                arguments(text.substring(wordEnd), out);
            } else {
                out.styled(ERROR, text.substring(nameStart));
            }
            return;
        }
        String name = command.name();
        int nameEnd = nameStart + name.length();
        AttributedStyle style;
        if (registry.find(name).isPresent()) {
            style = COMMAND;
        } else {
            // as the debugger judges it: the whole word typed, then a WinDbg command with letters glued on
            int wordEnd = nameStart;
            while (wordEnd < text.length() && Character.isLetter(text.charAt(wordEnd))) {
                wordEnd++;
            }
            String word = text.substring(nameStart, Math.max(wordEnd, nameEnd));
            if (WindbgCommands.contains(word)) {
                style = NOT_IMPLEMENTED;
                nameEnd = nameStart + word.length();
            } else if (name.length() > 1 && WindbgCommands.contains(name)) {
                style = NOT_IMPLEMENTED;
            } else {
                style = ERROR;
                nameEnd = nameStart + word.length();
            }
        }
        nameEnd = Math.min(text.length(), nameEnd);
        out.styled(style, text.substring(nameStart, nameEnd));
        arguments(text.substring(nameEnd), out);
    }

    private static void arguments(String text, AttributedStringBuilder out) {
        Matcher m = TOKEN.matcher(text);
        int position = 0;
        while (m.find()) {
            out.append(text.substring(position, m.start()));
            AttributedStyle style = m.group("string") != null ? STRING
                    : m.group("option") != null ? OPTION
                    : m.group("symbol") != null ? SYMBOL
                    : m.group("number") != null ? NUMBER
                    : AttributedStyle.DEFAULT;
            out.styled(style, m.group());
            position = m.end();
        }
        out.append(text.substring(position));
    }

    @Override
    public void setErrorPattern(Pattern errorPattern) {
        // the table decides what is an error
    }

    @Override
    public void setErrorIndex(int errorIndex) {
        // as above
    }
}
