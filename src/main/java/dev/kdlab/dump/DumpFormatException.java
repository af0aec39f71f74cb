package dev.kdlab.dump;

import java.io.IOException;

/** A file kdlab cannot read as a crash dump; the message says why, on one line. */
public final class DumpFormatException extends IOException {
    public DumpFormatException(String message) {
        super(message);
    }
}
