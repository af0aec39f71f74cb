package dev.kdlab.debugger.commands.session;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.Invocation;

/**
 * {@code .echo [String]} (Microsoft Learn, debuggercmds, ".echo (Echo Comment)"): prints the text, without
 * its quotes when it is quoted (then it may hold semicolons); nothing after {@code .echo} prints an empty line.
 */
public final class EchoCommand implements Command {
    @Override
    public void execute(Invocation invocation) {
        String text = invocation.command().arguments();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1);
        }
        invocation.out().println(text);
    }
}
