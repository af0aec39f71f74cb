package dev.kdlab.lang;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one input line into commands, as WinDbg does before running them.
 *
 * <ul>
 *   <li>{@code ;} separates commands, except inside "quotes" (where {@code \} escapes the next
 *       character, so {@code "c:\dir\"} is unterminated, as in the {@code $spat} docs example) and
 *       inside {@code { }} blocks, which belong to {@code .foreach}, {@code .if}, {@code .block}.</li>
 *   <li>{@code $$} starts a comment that ends at the next {@code ;} (Microsoft Learn, debuggercmds
 *       "$$ (Comment Specifier)"); {@code $$<} and {@code $$>} are script commands, not comments.</li>
 *   <li>A command that starts with {@code *} is a comment to the end of the line, semicolons
 *       included ("* (Comment Line Specifier)").</li>
 *   <li>Blank commands are dropped; each command is returned trimmed.</li>
 * </ul>
 */
public final class CommandLineSplitter {

    private CommandLineSplitter() {
    }

    public static List<String> split(String line) {
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inQuotes = false;
        boolean inComment = false;
        int braceDepth = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inComment) {
                if (c == ';') {
                    inComment = false;
                    add(commands, current);
                }
                continue;
            }
            if (inQuotes) {
                current.append(c);
                if (c == '\\' && i + 1 < line.length()) {
                    current.append(line.charAt(++i));
                } else if (c == '"') {
                    inQuotes = false;
                }
                continue;
            }
            if (c == '*' && braceDepth == 0 && current.toString().isBlank()) {
                current.setLength(0);
                break;   // the rest of the line is a comment
            }
            if (c == '$' && startsComment(line, i)) {
                inComment = true;
                continue;
            }
            switch (c) {
                case '"' -> inQuotes = true;
                case '{' -> braceDepth++;
                case '}' -> braceDepth = Math.max(0, braceDepth - 1);
                case ';' -> {
                    if (braceDepth == 0) {
                        add(commands, current);
                        continue;
                    }
                }
                default -> {
                }
            }
            current.append(c);
        }
        add(commands, current);
        return commands;
    }

    private static boolean startsComment(String line, int i) {
        if (i + 1 >= line.length() || line.charAt(i + 1) != '$') {
            return false;
        }
        if (i + 2 < line.length() && (line.charAt(i + 2) == '<' || line.charAt(i + 2) == '>')) {
            return false;   // $$<file, $$>a<file: run a script
        }
        return true;
    }

    private static void add(List<String> commands, StringBuilder current) {
        String command = current.toString().trim();
        if (!command.isEmpty()) {
            commands.add(command);
        }
        current.setLength(0);
    }
}
