package dev.kdlab.pe;

/** An image's headers cannot be read, or are not what the PE format says they are. */
public final class PeFormatException extends Exception {
    public PeFormatException(String message) {
        super(message);
    }
}
