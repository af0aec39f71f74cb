package dev.kdlab.debugger;

import dev.kdlab.debugger.syntax.CommandSyntax;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A row of the command table: the names a command answers to, its synopsis (which is also its
 * argument shape, see {@link CommandSyntax}), one line of summary, what it needs before it can run,
 * and the key of its help text (a resource under {@code dev/kdlab/debugger/help/}). A row reads
 * {@code CommandSpec.of("!peb", "!peb [Address]", "Show the PEB", new PebCommand()).needs(Requirement.PROCESS)}.
 */
public record CommandSpec(List<String> names, CommandSyntax syntax, String summary, Command command,
                          Set<Requirement> requirements, String helpKey) {

    public CommandSpec {
        names = List.copyOf(names);
        requirements = requirements.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(requirements));
    }

    /** A row: space-separated names (the first is the main one), synopsis, summary and the command. */
    public static CommandSpec of(String names, String synopsis, String summary, Command command) {
        List<String> all = List.of(names.split(" "));
        return new CommandSpec(all, CommandSyntax.parse(synopsis), summary, command, Set.of(), defaultHelpKey(all.get(0)));
    }

    /** The same row, checked before it runs for these contexts. */
    public CommandSpec needs(Requirement... needed) {
        Set<Requirement> all = EnumSet.noneOf(Requirement.class);
        all.addAll(requirements);
        all.addAll(List.of(needed));
        return new CommandSpec(names, syntax, summary, command, all, helpKey);
    }

    /** The same row with its help text under another key (for names a file cannot carry, such as {@code ?}). */
    public CommandSpec helpKey(String key) {
        return new CommandSpec(names, syntax, summary, command, requirements, key);
    }

    public String name() {
        return names.get(0);
    }

    public String synopsis() {
        return syntax.synopsis();
    }

    /**
     * Where a command's help text lives by default: {@code dt} in {@code command/dt},
     * {@code !process} in {@code extension/process}, {@code .process} in {@code meta/process}.
     * Characters a file name should not hold are spelled out ({@code ?} is {@code question}).
     */
    static String defaultHelpKey(String name) {
        String folder = switch (name.charAt(0)) {
            case '!' -> "extension/";
            case '.' -> "meta/";
            default -> "command/";
        };
        String bare = name.charAt(0) == '!' || name.charAt(0) == '.' ? name.substring(1) : name;
        StringBuilder key = new StringBuilder(folder);
        for (char c : bare.toCharArray()) {
            switch (c) {
                case '?' -> key.append("question");
                case '$' -> key.append("dollar");
                case '<' -> key.append("lt");
                case '>' -> key.append("gt");
                case '~' -> key.append("tilde");
                default -> key.append(Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' ? c : '_');
            }
        }
        return key.toString().toLowerCase(Locale.ROOT);
    }
}
