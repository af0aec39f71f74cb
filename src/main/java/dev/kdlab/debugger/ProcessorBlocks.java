package dev.kdlab.debugger;

import dev.kdlab.memory.MemoryAccessException;

/**
 * Finds processors the way kdexts does: how many from nt!KeNumberProcessors, each one's KPRCB from
 * the nt!KiProcessorBlock array, and its KPCR as the structure the KPRCB is embedded in
 * ({@code _KPCR.Prcb}). A live lkd session has no current processor of its own; like WinDbg's
 * {@code @$prcb} there, kdlab takes processor 0.
 */
public final class ProcessorBlocks {
    public static final int CURRENT = 0;

    private ProcessorBlocks() {
    }

    public static int count(Session session) throws MemoryAccessException {
        return (int) session.kernel().readInt(session.symbolOrZero("KeNumberProcessors"));
    }

    /** The KPRCB of a processor; a number the machine does not have is an error, worded as kdexts does. */
    public static long prcb(Session session, long processor) throws CommandException, MemoryAccessException {
        if (processor < 0 || processor >= count(session)) {
            throw new CommandException("Cannot get PRCB address");
        }
        return session.kernel().readLong(session.symbolOrZero("KiProcessorBlock") + 8 * processor);
    }

    public static long pcr(Session session, long processor) throws CommandException, MemoryAccessException {
        return prcb(session, processor) - session.target().types().struct("_KPCR").offsetOf("Prcb");
    }
}
