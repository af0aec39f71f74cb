package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.dt.DtArguments;
import dev.kdlab.debugger.dt.DtPrinter;
import dev.kdlab.debugger.dt.DtRequest;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;

/**
 * dt (Display Type): a type's layout, or an instance of it read from memory in the implicit process's context.
 * The reading of the command line is {@link DtArguments}; the output is {@link DtPrinter}.
 */
public final class DtCommand implements Command {
    @Override
    public void execute(Invocation invocation) throws CommandException, ExpressionException, SyntaxErrorException {
        Session session = invocation.session();
        DtRequest request = new DtArguments(invocation::arguments, session, session.target().types()).parse();
        new DtPrinter(session.memory(), session.target().symbols(), invocation.out()).print(request);
    }
}
