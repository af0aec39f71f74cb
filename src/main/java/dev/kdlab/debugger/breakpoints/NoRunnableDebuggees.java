package dev.kdlab.debugger.breakpoints;

import dev.kdlab.lang.SyntaxErrorException;

/** {@code g}, {@code p}, {@code t}, {@code gu} with nothing stopped: WinDbg's caret error for a session with no target to run. */
public final class NoRunnableDebuggees extends SyntaxErrorException {
    public NoRunnableDebuggees(String commandText) {
        super(0, commandText, "No runnable debuggees error");
    }
}
