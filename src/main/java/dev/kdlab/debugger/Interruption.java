package dev.kdlab.debugger;

/**
 * The session's interruption flag: Ctrl-C at the terminal sets it (from the signal's thread), and
 * long-running work polls it. Every line a command prints checks it ({@link InterruptibleOutput}),
 * so loops that print stop by themselves; a loop that prints nothing (a script's {@code .while},
 * a search) calls {@link #check()} on each round. Once set, it stays set until the shell clears it
 * before the next input line, so the rest of an interrupted line or script does not run.
 */
public final class Interruption {
    /**
     * What the debugger prints when it stops a command. The console echoes the key itself; kd and
     * cdb show {@code ^C} where they abandon the command (old ntsd/kd sources print it on Ctrl-C;
     * no modern verbatim transcript was found, so this wording is unverified).
     */
    public static final String MESSAGE = "^C";

    private volatile boolean requested;
    private boolean reported;

    /** Ctrl-C: ask the running command to stop. Safe from any thread. */
    public void request() {
        requested = true;
    }

    public boolean isRequested() {
        return requested;
    }

    /** Stops the running command (or script loop) when an interruption was asked for. */
    public void check() {
        if (requested) {
            throw new CommandInterruptedException();
        }
    }

    /** The next input line starts afresh. */
    public void clear() {
        requested = false;
        reported = false;
    }

    /** True the first time it is asked after an interruption: the message is printed once, however deep the stop was. */
    boolean firstReport() {
        if (reported) {
            return false;
        }
        reported = true;
        return true;
    }
}
