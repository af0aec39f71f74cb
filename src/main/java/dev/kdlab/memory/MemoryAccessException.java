package dev.kdlab.memory;

/** A virtual read or write that reached an address with no valid translation. */
public final class MemoryAccessException extends Exception {
    private final long address;

    public MemoryAccessException(long address) {
        super(String.format("Memory access error at %016x", address), null, false, false);
        this.address = address;
    }

    /** The first byte that could not be reached. */
    public long address() {
        return address;
    }
}
