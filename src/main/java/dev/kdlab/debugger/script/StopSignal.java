package dev.kdlab.debugger.script;

/**
 * Ends the whole top-level line, through every block, loop, script and .catch: Ctrl-C, the step
 * limit, q. {@code message} (null for q) is printed once where the line ends.
 */
final class StopSignal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StopSignal(String message) {
        super(message, null, false, false);
    }
}
