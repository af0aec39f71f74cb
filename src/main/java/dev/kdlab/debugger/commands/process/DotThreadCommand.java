package dev.kdlab.debugger.commands.process;

import dev.kdlab.debugger.Session;
import dev.kdlab.memory.MemoryAccessException;

/**
 * {@code .thread [/p [/r]] [/P] [Thread]}: makes a thread the register context, so {@code k} and
 * {@code r} show it, and its process the implicit process (transcripts 3.4, format rule 10).
 * Without an address it names the current implicit thread; 0 goes back to the thread running on
 * processor 0.
 */
public final class DotThreadCommand extends ContextCommand {
    public DotThreadCommand() {
        super("thread");
    }

    @Override
    boolean isObject(Session session, long address) throws MemoryAccessException {
        return ThreadCommand.isThread(session, address);
    }

    @Override
    void select(Session session, long address) throws MemoryAccessException {
        session.setRegisterContext(address);
    }

    @Override
    long current(Session session) {
        return session.implicitThread();
    }
}
