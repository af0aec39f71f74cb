package dev.kdlab.memory;

/** A virtual address whose translation stopped at a not-valid entry (or outside canonical space). */
public final class PageFaultException extends Exception {
    private final long virtualAddress;
    private final transient PageWalk walk;

    public PageFaultException(long virtualAddress, PageWalk walk) {
        super(String.format("%016x not mapped", virtualAddress), null, false, false);
        this.virtualAddress = virtualAddress;
        this.walk = walk;
    }

    public long virtualAddress() {
        return virtualAddress;
    }

    /** The walk up to the failing entry; null for a non-canonical address. */
    public PageWalk walk() {
        return walk;
    }
}
