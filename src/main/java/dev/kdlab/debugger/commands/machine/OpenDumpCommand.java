package dev.kdlab.debugger.commands.machine;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;

/**
 * {@code .opendump FileName}: the session goes on over a crash dump, as WinDbg's {@code .opendump}
 * (with the {@code g} that follows it) does. The prompt becomes {@code kd> }; the implicit process
 * and thread are processor 0's again.
 */
public final class OpenDumpCommand implements Command {

    private final DumpOpener opener;

    public OpenDumpCommand(DumpOpener opener) {
        this.opener = opener;
    }

    @Override
    public void execute(Invocation invocation) throws CommandException {
        String file = invocation.arguments().nextWord();
        if (file.isEmpty()) {
            throw new CommandException("Usage: .opendump FileName");
        }
        opener.open(file);
    }
}
