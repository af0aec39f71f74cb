package dev.kdlab.cli;

/** Turns an exception into the text of a one-line message for the user. */
final class ErrorLine {
    private ErrorLine() {
    }

    /** The first line of the exception's message, or its class name when it has none. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.strip().lines().findFirst().orElse("");
    }
}
