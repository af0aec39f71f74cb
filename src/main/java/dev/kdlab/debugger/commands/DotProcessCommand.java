package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Processes;
import dev.kdlab.debugger.Session;
import dev.kdlab.lang.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;


/**
 * {@code .process [/p [/r]] [/P] [Process]}: sets the implicit process, whose page tables then
 * translate user addresses for every command. Without an address it shows the implicit process;
 * 0 returns to the debugger's own. {@code /i} needs a target that can run, which lkd is not.
 */
final class DotProcessCommand implements Command {
    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        Session session = invocation.session();
        ContextOptions options = ContextOptions.parse(invocation, args);
        if (!args.atEnd()) {
            long process = args.nextExpression();
            args.expectEnd();
            if (process == 0) {
                session.resetContext();
            } else {
                if (!Processes.isProcessObject(session, process)) {
                    throw new CommandException("TYPE mismatch for process object at " + Long.toHexString(process));
                }
                session.setImplicitProcess(process);
            }
        }
        invocation.out().println("Implicit process is now " + Hex.backtick(session.implicitProcess()));
        options.report(invocation.out());
    }
}
