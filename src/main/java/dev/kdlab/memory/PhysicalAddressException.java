package dev.kdlab.memory;

/** A physical address outside installed RAM. */
public final class PhysicalAddressException extends RuntimeException {
    private final long address;

    public PhysicalAddressException(long address) {
        super(String.format("physical address %x is not in RAM", address));
        this.address = address;
    }

    public long address() {
        return address;
    }
}
