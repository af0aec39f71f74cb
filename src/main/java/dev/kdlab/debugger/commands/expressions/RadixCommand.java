package dev.kdlab.debugger.commands.expressions;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;

/**
 * {@code n [Radix]} (Microsoft Learn, debuggercmds, "n (Set Number Base)"): the default radix of MASM numbers,
 * 8, 10 or 16; without an argument it says {@code base is 16}. The argument is read in decimal whatever the
 * current radix (so {@code n 10} always means ten).
 */
public final class RadixCommand implements Command {
    @Override
    public void execute(Invocation invocation) throws CommandException {
        String radix = invocation.command().arguments();
        if (radix.isEmpty()) {
            invocation.out().println("base is " + invocation.session().radix());
            return;
        }
        switch (radix) {
            case "8", "10", "16" -> invocation.session().setRadix(Integer.parseInt(radix));
            default -> throw new CommandException("Invalid radix '" + radix + "': 8, 10 or 16");
        }
    }
}
