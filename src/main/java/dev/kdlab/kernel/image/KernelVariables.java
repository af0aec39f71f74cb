package dev.kdlab.kernel.image;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The nt! variables the kernel debugger data block (KDBG) points at and that memory-forensics
 * readers resolve by name (crashdump-format.md 7.2, dump-readers.md E), beyond those
 * {@link NtSymbols} places by hand: each gets its size, and they are laid out one after another in
 * .data from {@link #FIRST_RVA}, 16-byte aligned, so none overlaps another. Sizes are those of the
 * 19041 declarations (a LIST_ENTRY is 16 bytes, an _MMPFNLIST 0x28, MmProtectToValue 32 ULONGs,
 * _MM_PAGED_POOL_INFO 0x18, _MMSUPPORT_FULL 0x140). A name has one place: the object manager's,
 * the big pool table's and the hive list's globals are NtSymbols' (from 0xc5e000), not repeated here.
 */
public final class KernelVariables {
    /**
     * Where the block starts: clear of the hand-placed globals below it (MmProcessList at 0xc50c80);
     * it ends (0xc5bc90) below the object manager's, which start at 0xc5e000.
     */
    public static final long FIRST_RVA = 0xc5a000;
    /** How many bytes the default circular buffer of DbgPrint holds (KdPrintBufferSize). */
    public static final int KD_PRINT_BUFFER_SIZE = 0x1000;

    private static final VariableBlock BLOCK = new VariableBlock(FIRST_RVA, VariableBlock.Alignment.PARAGRAPH, sizes());

    private KernelVariables() {
    }

    private static Map<String, Long> sizes() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        // Kd: the version block, the data block's list, DbgPrint's buffer
        sizes.put("KdVersionBlock", 0x28L);
        sizes.put("KdpDebuggerDataListHead", 16L);
        sizes.put("KdpDataBlockEncoded", 1L);
        sizes.put("KdPrintDefaultCircularBuffer", (long) KD_PRINT_BUFFER_SIZE);
        sizes.put("KdPrintWritePointer", 8L);
        sizes.put("KdPrintRolloverCount", 4L);
        sizes.put("KdPrintCircularBufferPtr", 8L);
        sizes.put("KdPrintBufferSize", 4L);
        // Ke / Ki
        sizes.put("KeTimeIncrement", 4L);
        sizes.put("KeMaximumIncrement", 4L);
        sizes.put("KeBugCheckCallbackListHead", 16L);
        sizes.put("KiBugCheckData", 40L);
        sizes.put("KeLoaderBlock", 8L);
        sizes.put("KeUserCallbackDispatcher", 8L);
        // Ex, Io, Etw, Vf
        sizes.put("ExpSystemResourcesList", 16L);
        sizes.put("ExpPagedPoolDescriptor", 8L * 17);
        sizes.put("ExpNumberOfPagedPools", 4L);
        sizes.put("ExpNonPagedPoolDescriptor", 8L * 64);
        sizes.put("PoolTrackTable", 8L);
        sizes.put("PoolTrackTableSize", 8L);
        sizes.put("IopErrorLogListHead", 16L);
        sizes.put("IopNumTriageDumpDataBlocks", 4L);
        sizes.put("IopTriageDumpDataBlocks", 8L * 64);
        sizes.put("EtwpDebuggerData", 8L);
        sizes.put("VfCrashDataBlock", 8L);
        sizes.put("KernelVerifier", 4L);
        sizes.put("MmVerifierData", 0x100L);
        // Cm
        sizes.put("CmNtCSDVersion", 4L);
        // Mm
        sizes.put("MmProtectToValue", 4L * 32);
        sizes.put("MmSystemCacheStart", 8L);
        sizes.put("MmSystemCacheEnd", 8L);
        sizes.put("MmSystemCacheWs", 0x140L);
        sizes.put("MmSystemPtesStart", 8L);
        sizes.put("MmSystemPtesEnd", 8L);
        sizes.put("MmSubsectionBase", 8L);
        sizes.put("MmNumberOfPagingFiles", 4L);
        sizes.put("MmLowestPhysicalPage", 8L);
        sizes.put("MmHighestPhysicalPage", 8L);
        sizes.put("MmNumberOfPhysicalPages", 8L);
        sizes.put("MmMaximumNonPagedPoolInBytes", 8L);
        sizes.put("MmNonPagedSystemStart", 8L);
        sizes.put("MmNonPagedPoolStart", 8L);
        sizes.put("MmNonPagedPoolEnd", 8L);
        sizes.put("MmPagedPoolStart", 8L);
        sizes.put("MmPagedPoolEnd", 8L);
        sizes.put("MmPagedPoolInfo", 0x18L);
        sizes.put("MmSizeOfPagedPoolInBytes", 8L);
        sizes.put("MmTotalCommitLimit", 8L);
        sizes.put("MmSharedCommit", 8L);
        sizes.put("MmDriverCommit", 8L);
        sizes.put("MmPagedPoolCommit", 8L);
        sizes.put("MmExtendedCommit", 8L);
        sizes.put("MmPeakCommitment", 8L);
        sizes.put("MmTotalCommitLimitMaximum", 8L);
        sizes.put("MmZeroedPageListHead", 0x28L);
        sizes.put("MmFreePageListHead", 0x28L);
        sizes.put("MmStandbyPageListHead", 0x28L);
        sizes.put("MmModifiedPageListHead", 0x28L);
        sizes.put("MmModifiedNoWritePageListHead", 0x28L);
        sizes.put("MmAvailablePages", 8L);
        sizes.put("MmResidentAvailablePages", 8L);
        sizes.put("MmHighestUserAddress", 8L);
        sizes.put("MmSystemRangeStart", 8L);
        sizes.put("MmUserProbeAddress", 8L);
        sizes.put("MmLoadedUserImageList", 16L);
        sizes.put("MmUnloadedDrivers", 8L);
        sizes.put("MmLastUnloadedDriver", 4L);
        sizes.put("MmTriageActionTaken", 4L);
        sizes.put("MmSpecialPoolTag", 4L);
        sizes.put("MmAllocatedNonPagedPool", 8L);
        sizes.put("MmPhysicalMemoryBlock", 8L);
        sizes.put("MmSessionBase", 8L);
        sizes.put("MmSessionSize", 8L);
        sizes.put("MmSystemParentTablePage", 8L);
        sizes.put("MmBadPagesDetected", 4L);
        sizes.put("MmZeroedPageSingleBitErrorsDetected", 4L);
        return Collections.unmodifiableMap(sizes);
    }

    /** Every variable and its RVA, in layout order. */
    public static Map<String, Long> rvas() {
        return BLOCK.rvas();
    }

    /** The RVA of one variable. */
    public static long rva(String name) {
        return BLOCK.rva(name);
    }

    public static long size(String name) {
        return BLOCK.size(name);
    }
}
