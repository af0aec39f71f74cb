package dev.kdlab.memory;

/**
 * A virtual read or write that reached an address with no valid translation. Unchecked: the kernel
 * treats one as a bug in the emulator, the debugger turns it into WinDbg's error line at the top of a
 * command, or catches it where a command shows unreadable memory as {@code ????????}.
 */
public final class MemoryAccessException extends RuntimeException {
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
