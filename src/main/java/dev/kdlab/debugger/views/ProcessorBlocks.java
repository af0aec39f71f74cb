package dev.kdlab.debugger.views;

import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Session;
import dev.kdlab.memory.MemoryAccessException;

import java.util.Optional;

/**
 * Finds processors the way kdexts does: how many from nt!KeNumberProcessors, each one's KPRCB from
 * the nt!KiProcessorBlock array, and its KPCR as the structure the KPRCB is embedded in
 * ({@code _KPCR.Prcb}). Both are read from memory every time, so an edit with {@code ed} shows at
 * once. A live lkd session has no current processor of its own; like WinDbg's {@code @$prcb}
 * there, kdlab takes processor 0.
 */
public final class ProcessorBlocks {
    public static final int CURRENT = 0;
    private static final int POINTER_SIZE = 8;

    private ProcessorBlocks() {
    }

    /** nt!KeNumberProcessors. */
    public static int count(Session session) throws MemoryAccessException {
        return (int) session.kernel().readInt(session.symbolOrZero("KeNumberProcessors"));
    }

    /** The KPRCB of a processor; empty for a number the machine does not count or whose KiProcessorBlock slot is empty. */
    public static Optional<ProcessorBlock> find(Session session, long processor) throws MemoryAccessException {
        if (processor < 0 || processor >= count(session)) {
            return Optional.empty();
        }
        long prcb = session.kernel().readLong(session.symbolOrZero("KiProcessorBlock") + POINTER_SIZE * processor);
        return prcb == 0 ? Optional.empty() : Optional.of(ProcessorBlock.at(session, prcb));
    }

    /** The KPRCB's address; a processor {@link #find} does not find is an error worded as kdexts words it. */
    public static long prcb(Session session, long processor) throws CommandException, MemoryAccessException {
        return block(session, processor).address();
    }

    public static ProcessorBlock block(Session session, long processor) throws CommandException, MemoryAccessException {
        Optional<ProcessorBlock> block = find(session, processor);
        if (block.isEmpty()) {
            throw new CommandException("Cannot get PRCB address");
        }
        return block.get();
    }

    public static long pcr(Session session, long processor) throws CommandException, MemoryAccessException {
        return prcb(session, processor) - session.type("_KPCR").offsetOf("Prcb");
    }
}
