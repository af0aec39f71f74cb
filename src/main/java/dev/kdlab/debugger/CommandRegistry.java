package dev.kdlab.debugger;

import dev.kdlab.debugger.syntax.ArgumentKind;
import dev.kdlab.lang.statement.WindbgCommands;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The declarative table of commands; a name registered twice is a programming error found at start-up.
 * Everything that needs to know the commands reads them here: the parser (which names are regular
 * commands), {@code .help}, completion, highlighting and "did you mean".
 */
public final class CommandRegistry {
    private final Map<String, CommandSpec> byName = new TreeMap<>();
    private final List<CommandSpec> specs = new ArrayList<>();
    private final Map<ArgumentKind, Supplier<Map<String, String>>> words = new EnumMap<>(ArgumentKind.class);

    public CommandRegistry register(CommandSpec spec) {
        for (String name : spec.names()) {
            if (byName.putIfAbsent(name.toLowerCase(Locale.ROOT), spec) != null) {
                throw new IllegalStateException("command registered twice: " + name);
            }
        }
        specs.add(spec);
        return this;
    }

    /**
     * The words an argument of this kind can be, each with a line describing it, for completion: a
     * layer above the debugger that owns them (the exercise catalogue's ids) hands them over here;
     * the supplier is asked at each Tab, so a catalogue is read only when first needed.
     */
    public CommandRegistry registerWords(ArgumentKind kind, Supplier<Map<String, String>> source) {
        if (words.putIfAbsent(kind, source) != null) {
            throw new IllegalStateException("words registered twice for " + kind);
        }
        return this;
    }

    /** The words registered for a kind, in their source's order; none when nothing was registered. */
    public Map<String, String> words(ArgumentKind kind) {
        Supplier<Map<String, String>> source = words.get(kind);
        return source == null ? Map.of() : source.get();
    }

    public Optional<CommandSpec> find(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    public List<CommandSpec> all() {
        return Collections.unmodifiableList(specs);
    }

    /** Every name a command answers to, lower case, in name order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * Whether a lower-case run of letters names a regular command: one of the table's, or one of
     * WinDbg's that kdlab lacks (so that {@code dc} is not read as {@code d} with an argument {@code c}).
     */
    public boolean isRegularName(String lowerCaseName) {
        return byName.containsKey(lowerCaseName) || WindbgCommands.isRegular(lowerCaseName);
    }
}
