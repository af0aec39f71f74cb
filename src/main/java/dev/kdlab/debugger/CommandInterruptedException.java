package dev.kdlab.debugger;

/**
 * Thrown where a command notices the interruption flag; unchecked, so that it can leave any loop
 * (and the output stream) at once. The {@link Debugger} catches it and prints {@link Interruption#MESSAGE}.
 */
public final class CommandInterruptedException extends RuntimeException {
    public CommandInterruptedException() {
        super("interrupted", null, false, false);
    }
}
