package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.CommandRegistry;
import dev.kdlab.debugger.CommandSpec;

/** The command table: every command kdlab knows, with its synopsis and one line of help. */
public final class BuiltInCommands {
    private BuiltInCommands() {
    }

    public static CommandRegistry registry(Runnable quit) {
        return new CommandRegistry()
                .register(CommandSpec.of("dt", "dt [-r[N]] [-b] [-v] [-y Field] [module!]Type [Address] [Field...]",
                        "Display a type's layout, or an instance of it", new DtCommand()))
                .register(CommandSpec.of("q", "q", "Quit", new QuitCommand(quit)));
    }
}
