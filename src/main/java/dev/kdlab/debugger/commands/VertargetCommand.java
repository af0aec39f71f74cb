package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.views.TargetVersion;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

/**
 * {@code vertarget}: the target's version block (transcripts 5.7, lkd on 19041). {@code version}
 * prints the same block first, as WinDbg does in kernel mode, and then, where WinDbg describes its
 * engine and extension DLLs, one line about kdlab.
 */
final class VertargetCommand implements Command {
    private final boolean withDebugger;

    VertargetCommand(boolean withDebugger) {
        this.withDebugger = withDebugger;
    }

    @Override
    public void execute(Invocation invocation) throws SyntaxErrorException, MemoryAccessException {
        invocation.arguments().expectEnd();
        TargetVersion.lines(invocation.session()).forEach(invocation.out()::println);
        if (withDebugger) {
            invocation.out().println();
            invocation.out().println("kdlab: WinDbg-style commands over an emulated kernel; no debugger engine or"
                    + " extension DLLs are loaded");
        }
    }
}
