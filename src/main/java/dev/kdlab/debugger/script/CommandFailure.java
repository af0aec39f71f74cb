package dev.kdlab.debugger.script;

/**
 * A command failed and its error line is printed: the program stops, up to the nearest .catch or
 * the top of the line, as WinDbg stops a command program at its first error. {@code located} is set
 * once a script has said in which file and line it stopped, so outer scripts do not say it again.
 */
public final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private boolean located;

    public CommandFailure() {
        super("command failed", null, false, false);
    }

    boolean located() {
        return located;
    }

    void markLocated() {
        located = true;
    }
}
