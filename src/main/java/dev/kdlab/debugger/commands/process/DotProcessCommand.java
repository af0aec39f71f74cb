package dev.kdlab.debugger.commands.process;

import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.views.Eprocess;
import dev.kdlab.memory.MemoryAccessException;

/**
 * {@code .process [/p [/r]] [/P] [Process]}: sets the implicit process, whose page tables then
 * translate user addresses for every command. Without an address it shows the implicit process;
 * 0 returns to the debugger's own. {@code /i} needs a target that can run, which lkd is not: it
 * says so and switches as {@code /p /r} ({@link ContextOptions}).
 */
public final class DotProcessCommand extends ContextCommand {
    public DotProcessCommand() {
        super("process");
    }

    @Override
    boolean isObject(Session session, long address) throws MemoryAccessException {
        return Eprocess.at(session, address).isProcessObject();
    }

    @Override
    void select(Session session, long address) throws MemoryAccessException {
        session.setImplicitProcess(address);
    }

    @Override
    long current(Session session) {
        return session.implicitProcess();
    }
}
