package dev.kdlab.debugger.commands.objects;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.objects.Sids;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

/**
 * {@code !sid Address [Flags]}: the SID at an address in its text form; flag 1 adds the account it
 * names, as WinDbg's documentation shows ({@code SID is: S-1-5-32-544 (Alias: BUILTIN\Administrators)}).
 */
public final class SidCommand implements Command {
    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments("Usage: !sid Address [Flags]");
        long address = args.nextWordExpression();
        long flags = args.atEnd() ? 0 : args.nextWordExpression();
        args.expectEnd();
        String sid;
        try {
            sid = Sids.text(invocation.session().memory(), address);
        } catch (MemoryAccessException e) {
            throw new CommandException("Unable to read SID at " + Long.toHexString(address));
        }
        invocation.out().println("SID is: " + sid + ((flags & 1) != 0 ? " (" + Sids.name(sid, null) + ")" : ""));
    }
}
