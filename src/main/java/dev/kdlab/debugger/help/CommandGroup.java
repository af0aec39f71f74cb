package dev.kdlab.debugger.help;

import dev.kdlab.debugger.CommandSpec;
import dev.kdlab.lang.statement.WindbgCommands;

/**
 * How {@code .help} groups commands, as WinDbg's documentation does (Commands, Meta-Commands,
 * Extension Commands), with kdlab's own commands, which WinDbg does not have, apart.
 */
enum CommandGroup {
    COMMANDS("Commands:"),
    META("Meta-commands (.):"),
    EXTENSIONS("Extension commands (!):"),
    KDLAB("kdlab's own (not in WinDbg):");

    final String heading;

    CommandGroup(String heading) {
        this.heading = heading;
    }

    static CommandGroup of(CommandSpec spec) {
        String name = spec.name();
        if (!WindbgCommands.contains(name)) {
            return KDLAB;
        }
        return switch (name.charAt(0)) {
            case '.' -> META;
            case '!' -> EXTENSIONS;
            default -> COMMANDS;
        };
    }
}
