package dev.kdlab.cli;


import java.io.PrintStream;

/**
 * Runs one input line through the debugger, which splits it into statements on ';' (dropping
 * {@code $$} comments). Scripts echo each top-level statement after the prompt, as a WinDbg log
 * does; the interactive shell does not, since the user just typed it.
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

    /** False when a command on the line failed. */
    boolean run(String line) {
        boolean succeeded = executor.execute(line, echo ? statement -> out.println(executor.prompt() + statement) : null);
        out.flush();
        return succeeded;
    }

    boolean quitRequested() {
        return executor.quitRequested();
    }

    String prompt() {
        return executor.prompt();
    }
}
