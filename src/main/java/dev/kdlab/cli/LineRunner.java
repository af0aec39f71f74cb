package dev.kdlab.cli;

import dev.kdlab.debugger.Debugger;
import dev.kdlab.lang.CommandLineSplitter;

import java.io.PrintStream;

/**
 * Runs one input line: splits it into commands on ';' (dropping {@code $$} comments) and runs
 * them in order, stopping after {@code q}. Scripts echo each command after the prompt, as a
 * WinDbg log does; the interactive shell does not, since the user just typed it.
 */
final class LineRunner {
    private final CommandExecutor executor;
    private final PrintStream out;
    private final boolean echo;

    LineRunner(CommandExecutor executor, PrintStream out, boolean echo) {
        this.executor = new GuardedExecutor(executor, out);
        this.out = out;
        this.echo = echo;
    }

    /** False when any command on the line failed. */
    boolean run(String line) {
        boolean allSucceeded = true;
        for (String command : CommandLineSplitter.split(line)) {
            if (echo) {
                out.println(executor.prompt() + command);
            }
            allSucceeded &= executor.execute(command);
            out.flush();
            if (executor.quitRequested()) {
                break;
            }
        }
        return allSucceeded;
    }

    boolean quitRequested() {
        return executor.quitRequested();
    }

    String prompt() {
        return executor.prompt();
    }
}
