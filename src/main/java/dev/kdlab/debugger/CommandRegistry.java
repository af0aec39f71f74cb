package dev.kdlab.debugger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The declarative table of commands; a name registered twice is a programming error found at start-up. */
public final class CommandRegistry {
    private final Map<String, CommandSpec> byName = new TreeMap<>();
    private final List<CommandSpec> specs = new ArrayList<>();

    public CommandRegistry register(CommandSpec spec) {
        for (String name : spec.names()) {
            if (byName.putIfAbsent(name.toLowerCase(Locale.ROOT), spec) != null) {
                throw new IllegalStateException("command registered twice: " + name);
            }
        }
        specs.add(spec);
        return this;
    }

    public Optional<CommandSpec> find(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    public List<CommandSpec> all() {
        return Collections.unmodifiableList(specs);
    }
}
