package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.lang.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;


/**
 * {@code .thread [/p [/r]] [/P] [Thread]}: makes a thread the register context, so {@code k} and
 * {@code r} show it, and its process the implicit process (transcripts 3.4, format rule 10).
 * Without an address it names the current implicit thread; 0 goes back to the thread running on
 * processor 0.
 */
final class DotThreadCommand implements Command {
    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        Session session = invocation.session();
        ContextOptions options = ContextOptions.parse(invocation, args);
        if (!args.atEnd()) {
            long thread = args.nextExpression();
            args.expectEnd();
            if (thread == 0) {
                session.resetContext();
            } else {
                if (!ThreadCommand.isThread(session, thread)) {
                    throw new CommandException("TYPE mismatch for thread object at " + Long.toHexString(thread));
                }
                session.setRegisterContext(thread);
            }
        }
        invocation.out().println("Implicit thread is now " + Hex.backtick(session.implicitThread()));
        options.report(invocation.out());
    }
}
