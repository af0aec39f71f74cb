package dev.kdlab.debugger.commands.symbols;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.code.Unassembly;
import dev.kdlab.lang.arguments.AddressRange;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;

/**
 * {@code ub [Address] [L Count]}: the instructions before an address (8 by default), ending just
 * before it; without an address, before the implicit thread's rip or where the last listing
 * went on from.
 */
public final class UnassembleBackCommand implements Command {
    private final Unassembly unassembly;

    public UnassembleBackCommand(Unassembly unassembly) {
        this.unassembly = unassembly;
    }

    @Override
    public void execute(Invocation invocation) throws CommandException, ExpressionException, SyntaxErrorException {
        ArgumentScanner args = invocation.arguments();
        long end;
        long count = UnassembleCommand.DEFAULT_INSTRUCTIONS;
        if (args.atEnd()) {
            end = unassembly.continuation(invocation.session());
        } else {
            int column = args.column();
            AddressRange range = args.nextRange(UnassembleCommand.DEFAULT_INSTRUCTIONS, 1);
            args.expectEnd();
            if (range.count() == null) {
                throw new SyntaxErrorException(column, invocation.command().arguments());   // ub takes no end address
            }
            end = range.start();
            count = range.count();
        }
        unassembly.backward(invocation.session(), end, (int) Math.min(count, Integer.MAX_VALUE), invocation.out());
    }
}
