package dev.kdlab.debugger;

/**
 * A context a command needs before it can run, checked by the {@link Debugger} from the command's
 * row so that the command itself can take it for granted.
 */
public enum Requirement {
    /** An implicit process: its page tables translate user addresses ({@code !peb}, {@code lm}'s user modules). */
    PROCESS("No implicit process: set one with .process <address>"),
    /** An implicit thread: its registers and stack ({@code k}, {@code r}, {@code !teb}). */
    THREAD("No implicit thread: set one with .thread <address>");

    private final String missing;

    Requirement(String missing) {
        this.missing = missing;
    }

    /** The error line when the context is missing. */
    public String missing() {
        return missing;
    }

    public boolean satisfiedBy(Session session) {
        return switch (this) {
            case PROCESS -> session.implicitProcess() != 0;
            case THREAD -> session.implicitThread() != 0;
        };
    }
}
