package dev.kdlab.debugger.script;

/**
 * What keeps a runaway command line from running for ever: an interruption flag the shell sets
 * from its Ctrl-C handler (on another thread, hence volatile), and a step budget per top-level line
 * that batch mode sets with {@code --max-steps}. A step is one command run or one loop condition
 * tested, so {@code .while (1) {}} uses steps too.
 */
public final class ExecutionLimits {

    /** What the interpreter prints when Ctrl-C stops a command line (kdlab's wording; WinDbg's is not on record). */
    public static final String INTERRUPTED = "^C Interrupted: the command line was stopped";

    private volatile boolean interrupted;
    private long stepLimit;
    private long steps;

    /** Called from the shell's Ctrl-C handler: the running line stops at its next step. */
    public void interrupt() {
        interrupted = true;
    }

    /** 0 means no limit (the interactive default). */
    public void setStepLimit(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("step limit " + limit);
        }
        stepLimit = limit;
    }

    public long stepLimit() {
        return stepLimit;
    }

    /** A new top-level line: a fresh budget, and a Ctrl-C typed at the prompt does not stop it. */
    void startLine() {
        interrupted = false;
        steps = 0;
    }

    /** Counts one step; throws when the line was interrupted or has used its budget. */
    void step() {
        if (interrupted) {
            throw new StopSignal(INTERRUPTED);
        }
        if (stepLimit > 0 && ++steps > stepLimit) {
            throw new StopSignal("Stopped after " + stepLimit + " steps (--max-steps " + stepLimit
                    + "): the command line runs away");
        }
    }

    /** True once Ctrl-C was pressed during the current line; long commands may poll it. */
    public boolean interrupted() {
        return interrupted;
    }
}
