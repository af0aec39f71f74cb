package dev.kdlab.debugger.commands.process;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

/**
 * What {@code .process} and {@code .thread} have in common: options, then an optional object to
 * select (0 returns to the debugger's own context, anything else must be an object of the right
 * type), then {@code Implicit <kind> is now <address>} and the lines the options add.
 */
abstract class ContextCommand implements Command {
    private final String kind;

    ContextCommand(String kind) {
        this.kind = kind;
    }

    abstract boolean isObject(Session session, long address) throws MemoryAccessException;

    abstract void select(Session session, long address) throws MemoryAccessException;

    abstract long current(Session session);

    @Override
    public final void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        Session session = invocation.session();
        ContextOptions options = ContextOptions.parse(invocation, args);
        if (!args.atEnd()) {
            long address = args.nextExpression();
            args.expectEnd();
            if (address == 0) {
                session.resetContext();
            } else if (isObject(session, address)) {
                select(session, address);
            } else {
                throw new CommandException("TYPE mismatch for " + kind + " object at " + Long.toHexString(address));
            }
            options.announce(invocation.out());
        }
        invocation.out().println("Implicit " + kind + " is now " + Hex.backtick(current(session)));
        options.report(invocation.out());
    }
}
