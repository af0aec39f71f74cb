package dev.kdlab.debugger;

/** A command failed; the message is the exact line WinDbg prints for that failure. */
public class CommandException extends Exception {
    public CommandException(String message) {
        super(message, null, false, false);
    }
}
