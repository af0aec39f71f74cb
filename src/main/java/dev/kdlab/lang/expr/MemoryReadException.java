package dev.kdlab.lang.expr;

/** A read of target memory that failed (not mapped, not present). */
public class MemoryReadException extends Exception {

    private final long address;

    public MemoryReadException(long address) {
        super("Memory read error at address 0x" + Long.toHexString(address));
        this.address = address;
    }

    public MemoryReadException(long address, String message) {
        super(message);
        this.address = address;
    }

    /** The virtual address that could not be read. */
    public long address() {
        return address;
    }
}
