package dev.kdlab.debugger.script;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

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
    private long outputLimit;
    private long output;

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

    /** The most bytes one line may print (its captured output for .foreach included); 0 means no limit. */
    public void setOutputLimit(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("output limit " + limit);
        }
        outputLimit = limit;
    }

    /** A new top-level line: a fresh budget, and a Ctrl-C typed at the prompt does not stop it. */
    void startLine() {
        interrupted = false;
        steps = 0;
        output = 0;
    }

    /**
     * Output on its way out: a command that prints for long (db 0 L?10000000) stops at Ctrl-C too, in the
     * middle of its output, and a line stops when it has printed its output budget.
     */
    OutputStream guard(OutputStream stream) {
        return new FilterOutputStream(stream) {
            @Override
            public void write(int b) throws IOException {
                check(1);
                out.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                check(length);
                out.write(bytes, offset, length);
            }
        };
    }

    private void check(int length) {
        if (interrupted) {
            throw new StopSignal(INTERRUPTED);
        }
        output += length;
        if (outputLimit > 0 && output > outputLimit) {
            throw new StopSignal("Stopped after " + outputLimit + " bytes of output: the command line runs away");
        }
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

    /**
     * For a command that works long without printing (a search over a large range): stops the line here when
     * Ctrl-C was pressed, as the interpreter would at its next step.
     */
    public void poll() {
        if (interrupted) {
            throw new StopSignal(INTERRUPTED);
        }
    }

    /** True once Ctrl-C was pressed during the current line; long commands may poll it. */
    public boolean interrupted() {
        return interrupted;
    }
}
