package dev.kdlab.debugger.commands.machine;

import dev.kdlab.debugger.CommandException;

/** What {@code .opendump} asks of the debugger: switch the session's target to the dump in a file. */
@FunctionalInterface
public interface DumpOpener {

    void open(String file) throws CommandException;
}
