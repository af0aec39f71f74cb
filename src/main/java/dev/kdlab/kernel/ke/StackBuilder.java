package dev.kdlab.kernel.ke;

import dev.kdlab.kernel.image.CodeFunction;

import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.pe.Register;
import dev.kdlab.pe.UnwindCode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Lays out a stack the way a chain of calls leaves it. A call writes the callee's register
 * arguments into the caller's home area, pushes the return address and runs the callee's prolog
 * (pushes, allocation, saves into the frame, frame register); the registers the callee saved then
 * take new values, as the callee's body would give them. So every saved register slot holds what
 * its caller had, and an unwinder that follows the same prologs from the innermost frame gets every
 * caller's registers back. The bytes collect in a buffer below {@code top} and go to memory in one
 * write.
 */
public final class StackBuilder {
    private final long top;
    private final Span span;
    private final byte[] bytes;
    private final long[] registers = new long[16];
    private final LongSupplier scratch;
    private long rsp;
    private long lowest;

    /**
     * A builder over a buffer that stacks take turns with (a writer builds thousands of stacks at
     * boot). {@link #writeTo} hands the buffer back zeroed; one left behind by a failed build is
     * zeroed whole by the next builder.
     *
     * @param top     the highest address (exclusive) the buffer covers
     * @param span    the buffer, as many bytes below {@code top} as the stack may use
     * @param rsp     the stack pointer to start from
     * @param scratch values the callees leave in the registers they saved
     */
    StackBuilder(long top, Span span, long rsp, LongSupplier scratch) {
        if (!span.clean) {
            Arrays.fill(span.bytes, (byte) 0);
        }
        span.clean = false;
        this.span = span;
        this.top = top;
        this.bytes = span.bytes;
        this.scratch = scratch;
        this.rsp = rsp;
        this.lowest = rsp;
    }

    public long rsp() {
        return rsp;
    }

    public long register(Register register) {
        return registers[register.number()];
    }

    public void set(Register register, long value) {
        registers[register.number()] = value;
    }

    /** A QWORD anywhere in the covered range. */
    void put(long address, long value) {
        int at = (int) (address - (top - bytes.length));
        if (at < 0 || at + 8 > bytes.length) {
            throw new IllegalStateException(String.format("stack write at %016x outside %016x-%016x", address,
                    top - bytes.length, top));
        }
        LittleEndian.putLong(bytes, at, value);
        lowest = Math.min(lowest, address);
    }

    /** A field narrower than a QWORD (a KTRAP_FRAME's segment selector, say). */
    void put(long address, int size, long value) {
        int at = (int) (address - (top - bytes.length));
        LittleEndian.put(bytes, at, size, value);
        lowest = Math.min(lowest, address);
    }

    public void push(long value) {
        rsp -= 8;
        put(rsp, value);
    }

    /** A body's own stack adjustment outside the prolog (KiSystemCall64 copying stack arguments). */
    public void adjust(int bytesBelow) {
        rsp -= bytesBelow;
        lowest = Math.min(lowest, rsp);
    }

    /** Runs a function's prolog at the current rsp, then lets its body take over the saved registers. */
    public void enter(CodeFunction function) {
        List<Register> saved = new ArrayList<>();
        for (UnwindCode code : function.prolog()) {
            if (code instanceof UnwindCode.Push push) {
                push(register(push.register()));
                saved.add(push.register());
            } else if (code instanceof UnwindCode.Alloc alloc) {
                adjust(alloc.size());
            } else if (code instanceof UnwindCode.Save save) {
                put(rsp + save.offset(), register(save.register()));
                saved.add(save.register());
            } else if (code instanceof UnwindCode.SetFrame frame) {
                saved.remove(frame.register());
                set(frame.register(), rsp + frame.offset());
            } else if (code instanceof UnwindCode.MachineFrame frame) {
                adjust(UnwindCode.MachineFrame.SIZE + (frame.errorCode() ? 8 : 0));
            }
        }
        for (Register r : saved) {
            set(r, scratch.getAsLong());
        }
    }

    /** A call from the site {@code returnAddress} into {@code callee}, with the callee's spilled arguments. */
    public void call(long returnAddress, CodeFunction callee, long... homeArguments) {
        for (int i = 0; i < homeArguments.length && i < 4; i++) {
            put(rsp + 8L * i, homeArguments[i]);
        }
        push(returnAddress);
        enter(callee);
    }

    /** The lowest address written (where the stack's bytes start). */
    long lowest() {
        return lowest;
    }

    public void writeTo(VirtualMemory memory) {
        int from = (int) (lowest - (top - bytes.length));
        try {
            memory.write(lowest, bytes, from, bytes.length - from);
        } catch (MemoryAccessException e) {
            throw new IllegalStateException(String.format("stack page at %016x not mapped", e.address()), e);
        }
        Arrays.fill(bytes, from, bytes.length, (byte) 0);
        span.clean = true;
    }

    /** The buffer a stack is built in below its top: zeros when {@code clean}. */
    static final class Span {
        private final byte[] bytes;
        private boolean clean = true;

        Span(int capacity) {
            bytes = new byte[capacity];
        }
    }
}
