package dev.kdlab.kernel.image;

/**
 * The loops System, Registry and MemCompression threads run (their Win32StartAddress), and where
 * in each the thread sits in its wait. RVAs are plausible places in ntoskrnl's PAGE and .text
 * sections; the routines are the real ones that own such threads on Windows 10. Each loop waits
 * for its work at one site (KeWaitForSingleObject; the zero-page thread KeWaitForMultipleObjects)
 * and pauses between passes at another (KeDelayExecutionThread), so every return address on a
 * system thread's stack follows a call of the routine it returns from.
 */
public enum SystemRoutine {
    MI_MODIFIED_PAGE_WRITER("MiModifiedPageWriter", 0x30aa00, 0x76, 17),
    MI_MAPPED_PAGE_WRITER("MiMappedPageWriter", 0x30b5b0, 0x1a5, 17),
    MI_ZERO_PAGE_THREAD("MiZeroPageThread", 0x26b8a0, 0x1dc, 0),
    MI_STORE_EVICT_THREAD("MiStoreEvictThread", 0x3b20b0, 0xc6, 13),
    MI_DEREFERENCE_SEGMENT_THREAD("MiDereferenceSegmentThread", 0x3a3b00, 0x13a, 18),
    KE_BALANCE_SET_MANAGER("KeBalanceSetManager", 0x2a4f10, 0x107, 16),
    KE_SWAP_PROCESS_OR_STACK("KeSwapProcessOrStack", 0x2a9f90, 0x9b, 23),
    CC_QUEUE_LAZY_WRITE_SCAN_THREAD("CcQueueLazyWriteScanThread", 0x2cf720, 0x1f2, 12),
    EXP_WORKER_FACTORY_MANAGER_THREAD("ExpWorkerFactoryManagerThread", 0x55f430, 0x5e, 12),
    POP_IRP_WORKER_CONTROL("PopIrpWorkerControl", 0x36e8c0, 0x64, 13),
    ETWP_LOGGER("EtwpLogger", 0x565a10, 0x26a, 8),
    CMP_LAZY_WRITE_WORKER("CmpLazyWriteWorker", 0x6dc8b0, 0x84, 12),
    SM_KM_STORE_HELPER_WORKER("SmKmStoreHelperWorker", 0x5dc0e0, 0x8f, 8);

    /** Stands in a {@link WaitShape}'s kernel chain for "the routine's own wait site". */
    public static final String SITE = "$routine";

    private final String symbol;
    private final long rva;
    private final int returnOffset;
    private final int basePriority;

    SystemRoutine(String symbol, long rva, int returnOffset, int basePriority) {
        this.symbol = symbol;
        this.rva = rva;
        this.returnOffset = returnOffset;
        this.basePriority = basePriority;
    }

    /** The priority the routine's thread runs at (the zero-page thread at 0, the page writers at 17). */
    public int basePriority() {
        return basePriority;
    }

    /** Bytes from the routine's wait site on to its pause site. */
    static final int DELAY_SITE_DISTANCE = 0x3b;

    /** The wait site inside the routine, as a chain entry. */
    public String site() {
        return symbol + "+0x" + Integer.toHexString(returnOffset);
    }

    /** The site where the routine calls {@code waitFunction}: its pause for KeDelayExecutionThread, else its wait. */
    public String site(String waitFunction) {
        return waitFunction.equals(DELAY_FUNCTION)
                ? symbol + "+0x" + Integer.toHexString(returnOffset + DELAY_SITE_DISTANCE) : site();
    }

    /** What the loop waits for its work with. */
    String waitFunction() {
        return this == MI_ZERO_PAGE_THREAD ? "KeWaitForMultipleObjects" : "KeWaitForSingleObject";
    }

    int returnOffset() {
        return returnOffset;
    }

    static final String DELAY_FUNCTION = "KeDelayExecutionThread";

    public String symbol() {
        return symbol;
    }

    long rva() {
        return rva;
    }
}
