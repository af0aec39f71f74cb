package dev.kdlab.dump;

import java.io.IOException;

/** A dump that could not be written; nothing was left behind. The message says why, on one line. */
public final class DumpWriteException extends IOException {
    public DumpWriteException(String message) {
        super(message);
    }

    public DumpWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
