package dev.kdlab.debugger.commands.session;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.lang.SyntaxErrorException;

/** {@code .cls}: clears the debugger's screen (a terminal's; in a script it does nothing and prints nothing). */
public final class ClearScreenCommand implements Command {
    private final Runnable clear;

    public ClearScreenCommand(Runnable clear) {
        this.clear = clear;
    }

    @Override
    public void execute(Invocation invocation) throws SyntaxErrorException {
        invocation.arguments().expectEnd();
        clear.run();
    }
}
