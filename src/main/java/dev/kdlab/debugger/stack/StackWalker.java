package dev.kdlab.debugger.stack;

import dev.kdlab.memory.MemoryAccessException;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks a stack from a starting context frame by frame with the {@link Unwinder}, as {@code k}
 * does: each frame's return address is the next frame's rip, its Args to Child are the four
 * QWORDs of its caller's home area (at the next frame's Child-SP), and the walk ends at a zero
 * return address, at memory it cannot read, or when rsp stops growing.
 */
public final class StackWalker {
    private final StackMemory memory;
    private final Unwinder unwinder;

    public StackWalker(StackMemory memory, Unwinder unwinder) {
        this.memory = memory;
        this.unwinder = unwinder;
    }

    public List<Frame> walk(RegisterContext start, int maxFrames) {
        List<Frame> frames = new ArrayList<>();
        RegisterContext context = start;
        boolean interrupted = true;
        while (frames.size() < maxFrames) {
            Unwinder.Step step;
            try {
                step = unwinder.unwind(context, interrupted);
            } catch (MemoryAccessException e) {
                frames.add(new Frame(context.rsp(), 0, context.rip(), new long[4], 0));
                break;
            }
            RegisterContext caller = step.caller();
            frames.add(new Frame(context.rsp(), caller.rip(), context.rip(), homeArea(caller.rsp()), step.trapFrame()));
            boolean crossedTrap = step.trapFrame() != 0;
            if (caller.rip() == 0 || (!crossedTrap && Long.compareUnsigned(caller.rsp(), context.rsp()) <= 0)) {
                break;
            }
            context = caller;
            interrupted = crossedTrap;
        }
        return frames;
    }

    private long[] homeArea(long callerRsp) {
        long[] arguments = new long[4];
        for (int i = 0; i < arguments.length; i++) {
            try {
                arguments[i] = memory.readLong(callerRsp + 8L * i);
            } catch (MemoryAccessException e) {
                return new long[4];
            }
        }
        return arguments;
    }
}
