package dev.kdlab.debugger.log;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.lang.SyntaxErrorException;

import java.io.PrintStream;

/** {@code .logclose}: ends the log {@code .logopen} started; the line saying so is its last. */
public final class LogCloseCommand implements Command {
    @Override
    public void execute(Invocation invocation) throws SyntaxErrorException {
        invocation.arguments().expectEnd();
        if (!close(invocation.session(), invocation.out())) {
            invocation.out().println("No log file open");
        }
    }

    /** Closes the session's log, if one is open; false when none was. */
    static boolean close(Session session, PrintStream out) {
        SessionLog log = session.log();
        if (log == SessionLog.NONE) {
            return false;
        }
        out.println("Closing open log file " + log.file());
        session.setLog(SessionLog.NONE);
        log.close();
        return true;
    }
}
