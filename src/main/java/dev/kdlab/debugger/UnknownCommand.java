package dev.kdlab.debugger;

import dev.kdlab.debugger.syntax.NearNames;
import dev.kdlab.lang.statement.CommandText;
import dev.kdlab.lang.statement.WindbgCommands;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a name the command table does not hold gets. A WinDbg command kdlab lacks says so plainly (a
 * syntax error would tell a learner their syntax is wrong); anything else gets WinDbg's error line
 * (an unknown extension {@code No export x found}, a word that is no command the caret line) and
 * the table's names closest to it ("did you mean").
 */
public final class UnknownCommand {
    private UnknownCommand() {
    }

    /** The line for a real WinDbg command kdlab does not have yet. */
    public static String notImplemented(String name) {
        return name + ": a WinDbg command kdlab does not implement yet (.help lists the ones it does)";
    }

    /**
     * The lines to print for {@code command} (as {@code text} typed it); {@code caretLine} is WinDbg's
     * syntax-error line for it, placed where the caller's prompt puts it.
     */
    public static List<String> lines(CommandText command, String text, CommandRegistry registry, String caretLine) {
        List<String> lines = new ArrayList<>();
        String typed = typedName(command, text);
        List<String> near = NearNames.near(typed, registry.names());
        if (WindbgCommands.contains(typed)) {
            lines.add(notImplemented(typed));
            return lines;
        }
        if (!command.isExtension() && !command.isMeta() && near.isEmpty() && command.name().length() > 1
                && WindbgCommands.contains(command.name())) {
            // bpnt!Foo: bp with its argument glued on (a one-letter split, f + robnicate, is more likely a slip)
            lines.add(notImplemented(command.name()));
            return lines;
        }
        lines.add(command.isExtension() ? "No export " + command.name().substring(1) + " found" : caretLine);
        if (!near.isEmpty()) {
            lines.add("Did you mean " + String.join(" or ", near) + "?");
        }
        return lines;
    }

    /** The command word as typed: the whole run of letters, before glued option letters were split off. */
    private static String typedName(CommandText command, String text) {
        String stripped = text.stripLeading();
        if (command.isExtension() || command.isMeta() || stripped.isEmpty() || !Character.isLetter(stripped.charAt(0))) {
            return command.name();
        }
        int end = 0;
        while (end < stripped.length() && Character.isLetter(stripped.charAt(end))) {
            end++;
        }
        return stripped.substring(0, end).toLowerCase(Locale.ROOT);
    }
}
