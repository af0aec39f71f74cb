package dev.kdlab.debugger.dt;

import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The memory one dt command reads, remembering the last member read that failed. dt prints every member it can
 * (unreadable ones as {@code ??}) and only then the line {@code Memory read error 000000000f94a307}, naming the
 * last address it could not read (transcripts: a {@code _RTL_CRITICAL_SECTION_DEBUG} whose last member SpareWORD
 * at +0x1e failed; {@code _IO_STACK_LOCATION} at 3 failing last at Context, 3+0x40 = 0x43).
 *
 * <p>Reads a member's own bytes with {@link #member}; reads that only decorate a value (the pair behind a
 * {@code Ptr64 _LIST_ENTRY}, the text of a {@code _UNICODE_STRING}) use {@link #quiet} and are not reported.
 */
final class TrackedMemory {
    private final VirtualMemory memory;
    private boolean failed;
    private long lastFailure;

    TrackedMemory(VirtualMemory memory) {
        this.memory = memory;
    }

    /** The memory itself, for walks that follow links without reporting them (dt -l). */
    VirtualMemory memory() {
        return memory;
    }

    /** A member's value (1, 2, 4 or 8 bytes, zero-extended); a failure is remembered. */
    OptionalLong member(long address, int size) {
        OptionalLong value = quiet(address, size);
        if (value.isEmpty()) {
            fail(address);
        }
        return value;
    }

    /** A member's bytes; a failure is remembered. */
    Optional<byte[]> memberBytes(long address, int length) {
        Optional<byte[]> bytes = quietBytes(address, length);
        if (bytes.isEmpty()) {
            fail(address);
        }
        return bytes;
    }

    OptionalLong quiet(long address, int size) {
        try {
            return OptionalLong.of(memory.readUnsigned(address, size));
        } catch (MemoryAccessException e) {
            return OptionalLong.empty();
        }
    }

    Optional<byte[]> quietBytes(long address, int length) {
        try {
            return Optional.of(memory.read(address, length));
        } catch (MemoryAccessException e) {
            return Optional.empty();
        }
    }

    /** As many bytes as are mapped from {@code address} on, up to {@code length}. */
    byte[] available(long address, int length) {
        byte[] bytes = new byte[length];
        int read = memory.readAvailable(address, bytes, 0, length);
        return read == length ? bytes : java.util.Arrays.copyOf(bytes, read);
    }

    private void fail(long address) {
        failed = true;
        lastFailure = address;
    }

    boolean failed() {
        return failed;
    }

    /** The line dt ends with when a member could not be read: 16 digits, no backtick (x64 transcripts). */
    String errorLine() {
        return String.format("Memory read error %016x", lastFailure);
    }

    void clearFailure() {
        failed = false;
    }
}
