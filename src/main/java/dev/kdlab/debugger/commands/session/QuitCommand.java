package dev.kdlab.debugger.commands.session;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.Invocation;

/** q: ends the session (lkd detaches from the local machine). */
public final class QuitCommand implements Command {
    private final Runnable quit;

    public QuitCommand(Runnable quit) {
        this.quit = quit;
    }

    @Override
    public void execute(Invocation invocation) {
        quit.run();
    }
}
