package dev.kdlab.debugger.commands.symbols;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.dt.DtAction;
import dev.kdlab.debugger.dt.DtArguments;
import dev.kdlab.debugger.dt.DtPrinter;
import dev.kdlab.debugger.dt.DtRequest;
import dev.kdlab.debugger.dt.DtTypeSearch;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.types.TypeLookup;

/**
 * dt (Display Type): a type's layout, or an instance of it read from memory in the implicit process's context, or
 * the list of types a pattern matches. The reading of the command line is {@link DtArguments}; the output is
 * {@link DtPrinter} and {@link DtTypeSearch}.
 */
public final class DtCommand implements Command {
    @Override
    public void execute(Invocation invocation) throws CommandException, ExpressionException, SyntaxErrorException {
        Session session = invocation.session();
        TypeLookup types = new TypeLookup(session.target().types());
        DtAction action = new DtArguments(invocation::arguments, session, types).parse();
        if (action instanceof DtTypeSearch search) {
            search.print(types, invocation.out());
        } else {
            new DtPrinter(session.memory(), session.kernelModules(), invocation.out()).print((DtRequest) action);
        }
    }
}
