package dev.kdlab.debugger;

import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

/** One debugger command. Output goes to {@link Invocation#out()}; failures are thrown as WinDbg words them. */
@FunctionalInterface
public interface Command {
    void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException;
}
