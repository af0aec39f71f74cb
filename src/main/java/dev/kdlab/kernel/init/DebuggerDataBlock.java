package dev.kdlab.kernel.init;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ListEntry;
import dev.kdlab.kernel.NtTypes;
import dev.kdlab.kernel.image.KernelVariables;
import dev.kdlab.kernel.image.NtImage;
import dev.kdlab.kernel.image.NtSymbols;
import dev.kdlab.struct.StructView;

import java.util.List;

/**
 * KdInitSystem's tables: the kernel debugger data block {@code KdDebuggerDataBlock} ("KDBG",
 * _KDDEBUGGER_DATA64) in plaintext with {@code KdpDataBlockEncoded} = 0, as a crash dump carries it
 * and as WinDbg, Volatility, MemProcFS and QEMU read it, and {@code KdVersionBlock}
 * (_DBGKD_GET_VERSION64). Every field is what crashdump-format.md 7.2 and 7.4 say: the address of the
 * nt! variable it names (its value is that component's business), a structure offset from the
 * 19041 layouts, or a value. Fields 19041's x64 kernel has nothing for stay zero: SavedContext,
 * KiNormalSystemCall, MmVirtualTranslationBase, the IA-64 backing-store offsets, KPRCB.PcrPage and
 * the breakpoint counts and ThCallbackStack (no such KPRCB/KTHREAD fields in 19041), the KPCR stack offsets (x64's KPCR has no
 * InitialStack/StackLimit), SizeKDPC_STACK_FRAME, and the retpoline table (not emulated).
 */
final class DebuggerDataBlock {
    /** The block's size for builds 17763 and later (Volatility 2 win10.py; crashdump-format.md 7.1). */
    static final int SIZE = 0x380;
    private static final long KDBG_TAG = 0x4742444bL;   // "KDBG"
    /** _DBGKD_GET_VERSION64 values (WDBGEXTS.H; ReactOS kddata.c): protocol 6, AMD64 CONTEXT, MP | DATA | PTR64. */
    private static final int DBGKD_64BIT_PROTOCOL_VERSION2 = 6;
    private static final int KD_SECONDARY_VERSION_AMD64_CONTEXT = 2;
    private static final int VERSION_FLAGS = 0x7;
    private static final int PACKET_TYPE_MAX = 0xc;
    private static final int STATE_CHANGES = 3;       // DbgKdMaximumStateChange - DbgKdMinimumStateChange
    private static final int MANIPULATES = 0x33;      // DbgKdMaximumManipulate - DbgKdMinimumManipulate
    private static final int MACHINE_AMD64 = 0x8664;

    /** KDBG fields that hold the address of the nt! variable of the same name. */
    private static final List<String> SAME_NAME = List.of("PsLoadedModuleList", "PsActiveProcessHead", "PspCidTable",
            "ExpSystemResourcesList", "ExpPagedPoolDescriptor", "ExpNumberOfPagedPools", "KeTimeIncrement",
            "KeBugCheckCallbackListHead", "IopErrorLogListHead", "ObpRootDirectoryObject", "ObpTypeObjectType",
            "MmSystemCacheStart", "MmSystemCacheEnd", "MmSystemCacheWs", "MmPfnDatabase", "MmSystemPtesStart",
            "MmSystemPtesEnd", "MmSubsectionBase", "MmNumberOfPagingFiles", "MmLowestPhysicalPage",
            "MmHighestPhysicalPage", "MmNumberOfPhysicalPages", "MmMaximumNonPagedPoolInBytes", "MmNonPagedSystemStart",
            "MmNonPagedPoolStart", "MmNonPagedPoolEnd", "MmPagedPoolStart", "MmPagedPoolEnd", "MmSizeOfPagedPoolInBytes",
            "MmTotalCommitLimit", "MmTotalCommittedPages", "MmSharedCommit", "MmDriverCommit", "MmProcessCommit",
            "MmPagedPoolCommit", "MmExtendedCommit", "MmZeroedPageListHead", "MmFreePageListHead",
            "MmStandbyPageListHead", "MmModifiedPageListHead", "MmModifiedNoWritePageListHead", "MmAvailablePages",
            "MmResidentAvailablePages", "PoolTrackTable", "MmHighestUserAddress", "MmSystemRangeStart",
            "MmUserProbeAddress", "KdPrintWritePointer", "KdPrintRolloverCount", "MmLoadedUserImageList", "NtBuildLab",
            "KiProcessorBlock", "MmUnloadedDrivers", "MmLastUnloadedDriver", "MmTriageActionTaken", "MmSpecialPoolTag",
            "KernelVerifier", "MmVerifierData", "MmAllocatedNonPagedPool", "MmPeakCommitment",
            "MmTotalCommitLimitMaximum", "CmNtCSDVersion", "MmPhysicalMemoryBlock", "MmSessionBase", "MmSessionSize",
            "MmSystemParentTablePage", "KdPrintCircularBufferPtr", "KdPrintBufferSize", "KeLoaderBlock",
            "IopNumTriageDumpDataBlocks", "IopTriageDumpDataBlocks", "VfCrashDataBlock", "MmBadPagesDetected",
            "MmZeroedPageSingleBitErrorsDetected", "EtwpDebuggerData", "KiCallUserMode", "KeUserCallbackDispatcher");

    /** KDBG offset fields and the layout each comes from (crashdump-format.md 7.2, kind O). */
    private static final String[][] OFFSETS = {
            {"OffsetKThreadNextProcessor", "_KTHREAD", "NextProcessor"},
            {"OffsetKThreadTeb", "_KTHREAD", "Teb"},
            {"OffsetKThreadKernelStack", "_KTHREAD", "KernelStack"},
            {"OffsetKThreadInitialStack", "_KTHREAD", "InitialStack"},
            {"OffsetKThreadApcProcess", "_KTHREAD", "ApcState.Process"},
            {"OffsetKThreadState", "_KTHREAD", "State"},
            {"OffsetEprocessPeb", "_EPROCESS", "Peb"},
            {"OffsetEprocessParentCID", "_EPROCESS", "InheritedFromUniqueProcessId"},
            {"OffsetEprocessDirectoryTableBase", "_EPROCESS", "Pcb.DirectoryTableBase"},
            {"OffsetPrcbDpcRoutine", "_KPRCB", "DpcRoutineActive"},
            {"OffsetPrcbCurrentThread", "_KPRCB", "CurrentThread"},
            {"OffsetPrcbMhz", "_KPRCB", "MHz"},
            {"OffsetPrcbCpuType", "_KPRCB", "CpuType"},
            {"OffsetPrcbVendorString", "_KPRCB", "VendorString"},
            {"OffsetPrcbProcStateContext", "_KPRCB", "ProcessorState.ContextFrame"},
            {"OffsetPrcbNumber", "_KPRCB", "Number"},
            {"OffsetPcrSelfPcr", "_KPCR", "Self"},
            {"OffsetPcrCurrentPrcb", "_KPCR", "CurrentPrcb"},
            {"OffsetPcrContainedPrcb", "_KPCR", "Prcb"},
            {"OffsetPrcbProcStateSpecialReg", "_KPRCB", "ProcessorState.SpecialRegisters"},
            {"OffsetPrcbContext", "_KPRCB", "Context"},
            {"OffsetKThreadStackLimit", "_KTHREAD", "StackLimit"},
            {"OffsetKThreadStackBase", "_KTHREAD", "StackBase"},
            {"OffsetKThreadQueueListEntry", "_KTHREAD", "QueueListEntry"},
            {"OffsetEThreadIrpList", "_ETHREAD", "IrpList"},
            {"OffsetPrcbIdleThread", "_KPRCB", "IdleThread"},
            {"OffsetPrcbNormalDpcState", "_KPRCB", "NormalDpcState"},
            {"OffsetPrcbDpcStack", "_KPRCB", "DpcStack"},
            {"OffsetPrcbIsrStack", "_KPRCB", "IsrStack"},
            {"OffsetKPriQueueThreadListHead", "_KPRIQUEUE", "ThreadListHead"},
            {"OffsetKThreadWaitReason", "_KTHREAD", "WaitReason"},
    };

    /** The selectors of Windows x64's GDT (KGDT64_*): kernel code and data, user code and data, TEB, TSS, compat code. */
    private static final Object[][] SELECTORS = {
            {"GdtR0Code", 0x10}, {"GdtR0Data", 0x18}, {"GdtR0Pcr", 0x53}, {"GdtR3Code", 0x33}, {"GdtR3Data", 0x2b},
            {"GdtR3Teb", 0x53}, {"GdtLdt", 0}, {"GdtTss", 0x40}, {"Gdt64R3CmCode", 0x23}, {"Gdt64R3CmTeb", 0x53},
    };

    private DebuggerDataBlock() {
    }

    /** Writes the version block, the plaintext KDBG and its one-entry list (no debugger encodes it). */
    static void KdInitSystem(KernelSpace space, NtImage nt, long pteBase, int buildNumber) {
        long block = nt.address(NtSymbols.KD_DEBUGGER_DATA_BLOCK);
        long listHead = nt.symbol("KdpDebuggerDataListHead");
        StructView data = space.struct("_KDDEBUGGER_DATA64", block)
                .put("Header.List.Flink", listHead)
                .put("Header.List.Blink", listHead)
                .put("Header.OwnerTag", KDBG_TAG)
                .put("Header.Size", SIZE)
                .put("KernBase", nt.base())
                .put("BreakpointWithStatus", nt.symbol("RtlpBreakWithStatusInstruction"))
                .put("KiBugcheckData", nt.symbol("KiBugCheckData"))
                .put("NonPagedPoolDescriptor", nt.symbol("ExpNonPagedPoolDescriptor"))
                .put("MmPagedPoolInformation", nt.symbol("MmPagedPoolInfo"))
                .put("MmPageSize", 0x1000)
                .put("KdPrintCircularBuffer", nt.symbol("KdPrintDefaultCircularBuffer"))
                .put("KdPrintCircularBufferEnd", nt.symbol("KdPrintDefaultCircularBuffer")
                        + KernelVariables.KD_PRINT_BUFFER_SIZE)
                .put("SizeEProcess", NtTypes.struct("_EPROCESS").size())
                .put("SizePrcb", NtTypes.struct("_KPRCB").size())
                .put("SizeEThread", NtTypes.struct("_ETHREAD").size())
                .put("SizePcr", NtTypes.struct("_KPCR").size())
                .put("PteBase", pteBase);
        for (String field : SAME_NAME) {
            data.put(field, nt.symbol(field));
        }
        for (String[] offset : OFFSETS) {
            data.put(offset[0], NtTypes.offsetOf(offset[1], offset[2]));
        }
        for (Object[] selector : SELECTORS) {
            data.put((String) selector[0], (Integer) selector[1]);
        }
        space.write64(listHead, block);
        space.write64(listHead + 8, block);
        space.write(nt.symbol("KdpDataBlockEncoded"), new byte[] {0});
        space.struct("_DBGKD_GET_VERSION64", nt.symbol("KdVersionBlock"))
                .put("MajorVersion", 0xf)
                .put("MinorVersion", buildNumber)
                .put("ProtocolVersion", DBGKD_64BIT_PROTOCOL_VERSION2)
                .put("KdSecondaryVersion", KD_SECONDARY_VERSION_AMD64_CONTEXT)
                .put("Flags", VERSION_FLAGS)
                .put("MachineType", MACHINE_AMD64)
                .put("MaxPacketType", PACKET_TYPE_MAX)
                .put("MaxStateChange", STATE_CHANGES)
                .put("MaxManipulate", MANIPULATES)
                .put("KernBase", nt.base())
                .put("PsLoadedModuleList", nt.address(NtSymbols.PS_LOADED_MODULE_LIST))
                .put("DebuggerDataList", listHead);
        long buffer = nt.symbol("KdPrintDefaultCircularBuffer");
        space.write64(nt.symbol("KdPrintCircularBufferPtr"), buffer);
        space.write64(nt.symbol("KdPrintWritePointer"), buffer);
        space.write(nt.symbol("KdPrintBufferSize"), int32(KernelVariables.KD_PRINT_BUFFER_SIZE));
    }

    /** The executive's and I/O manager's empty list heads and counters (ExInitSystem, IoInitSystem). */
    static void ExInitSystem(KernelSpace space, NtImage nt, long timeIncrement) {
        for (String head : List.of("ExpSystemResourcesList", "KeBugCheckCallbackListHead", "IopErrorLogListHead")) {
            ListEntry.initializeHead(space.memory(), nt.symbol(head));
        }
        space.write(nt.symbol("KeTimeIncrement"), int32(timeIncrement));
        space.write(nt.symbol("KeMaximumIncrement"), int32(timeIncrement));
    }

    private static byte[] int32(long value) {
        return new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
    }
}
