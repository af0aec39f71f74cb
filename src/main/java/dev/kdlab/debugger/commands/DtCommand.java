package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;

/** dt: display type. (Being written.) */
public final class DtCommand implements Command {
    @Override
    public void execute(Invocation invocation) throws CommandException {
        throw new CommandException("dt: not yet");
    }
}
