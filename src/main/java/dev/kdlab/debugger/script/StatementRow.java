package dev.kdlab.debugger.script;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;

/**
 * The command of a control-flow token's row ({@code .if}, {@code .foreach}, {@code j}, {@code z}):
 * the statement grammar and the {@link Interpreter} run these before any name is looked up in the
 * table, so the row is there for what reads the table (help, completion, highlighting) and this is
 * never called.
 */
public final class StatementRow implements Command {
    @Override
    public void execute(Invocation invocation) throws CommandException {
        throw new CommandException(invocation.command().name() + " is a control-flow token: the command line's grammar runs it");
    }
}
