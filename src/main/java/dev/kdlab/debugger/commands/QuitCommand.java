package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.Invocation;

/** q: ends the session (lkd detaches from the local machine). */
final class QuitCommand implements Command {
    private final Runnable quit;

    QuitCommand(Runnable quit) {
        this.quit = quit;
    }

    @Override
    public void execute(Invocation invocation) {
        quit.run();
    }
}
