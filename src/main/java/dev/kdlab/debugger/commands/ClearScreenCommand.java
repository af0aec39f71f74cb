package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.lang.SyntaxErrorException;

/** {@code .cls}: clears the debugger's screen (a terminal's; in a script it does nothing and prints nothing). */
final class ClearScreenCommand implements Command {
    private final Runnable clear;

    ClearScreenCommand(Runnable clear) {
        this.clear = clear;
    }

    @Override
    public void execute(Invocation invocation) throws SyntaxErrorException {
        invocation.arguments().expectEnd();
        clear.run();
    }
}
