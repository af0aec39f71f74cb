package dev.kdlab.debugger;

import java.util.List;

/** A row of the command table: the names a command answers to, its synopsis and one line of help. */
public record CommandSpec(List<String> names, String synopsis, String help, Command command) {
    public static CommandSpec of(String names, String synopsis, String help, Command command) {
        return new CommandSpec(List.of(names.split(" ")), synopsis, help, command);
    }
}
