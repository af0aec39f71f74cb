package dev.kdlab.kernel.ex;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.memory.LittleEndian;

/**
 * The executive's callback slots (ex\callback.c in the Windows Research Kernel): an
 * {@code EX_CALLBACK} is one {@code _EX_FAST_REF} whose pointer part names an
 * {@code EX_CALLBACK_ROUTINE_BLOCK} {RundownProtect; Function; Context} in paged pool, tag 'Cbrb'
 * (ExAllocateCallBack's 'brbC' as the pool header keeps it). The process, thread and image notify
 * arrays of nt are 64 such slots each.
 *
 * <p>Installing a block (ExCompareExchangeCallBack) first adds MAX_FAST_REFS (15) references to the
 * block's rundown protection, counted in steps of EX_RUNDOWN_COUNT_INC (2), then swaps the slot to
 * the block with its low four bits (the fast reference count) set to 15: so an idle machine shows
 * each used slot ending in {@code f} and each block's RundownProtect at 0x1e.
 */
public final class CallBacks {
    /** RundownProtect, Function, Context (no public type describes it; the WRK declares it so). */
    public static final int ROUTINE_BLOCK_SIZE = 0x18;
    public static final int FUNCTION_OFFSET = 0x8;
    public static final int CONTEXT_OFFSET = 0x10;
    /** MAX_FAST_REFS on x64: the four low bits of an _EX_FAST_REF. */
    public static final int MAX_FAST_REFS = 15;
    private static final int EX_RUNDOWN_COUNT_INC = 2;

    private final KernelSpace space;
    private final Pool pagedPool;

    public CallBacks(KernelSpace space, Pool pagedPool) {
        this.space = space;
        this.pagedPool = pagedPool;
    }

    /** ExAllocateCallBack: a routine block for {@code function} with {@code context}, its rundown not yet taken. */
    public long ExAllocateCallBack(long function, long context) {
        byte[] block = new byte[ROUTINE_BLOCK_SIZE];
        LittleEndian.putLong(block, FUNCTION_OFFSET, function);
        LittleEndian.putLong(block, CONTEXT_OFFSET, context);
        return pagedPool.allocate("Cbrb", ROUTINE_BLOCK_SIZE, block);
    }

    /**
     * ExCompareExchangeCallBack: puts {@code block} into the slot at {@code callBack} when it holds
     * {@code oldBlock} (0: empty); false, and nothing written, when it holds something else.
     */
    public boolean ExCompareExchangeCallBack(long callBack, long block, long oldBlock) {
        long current = space.read(callBack, 8) & ~(long) MAX_FAST_REFS;
        if (current != oldBlock) {
            return false;
        }
        if (block != 0) {
            space.write64(block, (long) MAX_FAST_REFS * EX_RUNDOWN_COUNT_INC);   // ExAcquireRundownProtectionEx
        }
        space.write64(callBack, block == 0 ? 0 : block | MAX_FAST_REFS);       // ExFastRefInitialize
        return true;
    }
}
