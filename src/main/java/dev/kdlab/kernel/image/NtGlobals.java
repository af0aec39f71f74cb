package dev.kdlab.kernel.image;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The nt! variables scripts, extensions and tools name (the Dbg, Kd, Ps, Mm, Ob, Se, Ex, Ki, Io and
 * Hal globals of ntkrnlmp.pdb's publics), beyond those {@link NtSymbols} places by hand: each gets
 * the size of its 19041 declaration, and they are laid out one after another in .data from
 * {@link #FIRST_RVA}, 16-byte aligned (8 for the byte and word flags, which the linker packs), so
 * none overlaps another. Object-type pointers ({@code IoFileObjectType}) are filled at boot with the
 * type objects ObCreateObjectType made; the others keep the value a quiet machine leaves in them.
 */
public final class NtGlobals {
    /** Clear of the hand-placed globals (the last below it is MmProcessList at 0xc50c80) and the debugger data block's variables. */
    static final long FIRST_RVA = 0xc62000;

    /** Each object-type pointer and the name of the type it points at (ObTypeIndexTable's names). */
    public static final Map<String, String> OBJECT_TYPES = objectTypes();

    private static final VariableBlock BLOCK = new VariableBlock(FIRST_RVA, VariableBlock.Alignment.NATURAL, sizes());

    private NtGlobals() {
    }

    private static Map<String, String> objectTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("PsJobType", "Job");
        types.put("SeTokenObjectType", "Token");
        types.put("DbgkDebugObjectType", "DebugObject");
        types.put("ExEventObjectType", "Event");
        types.put("ExMutantObjectType", "Mutant");
        types.put("ExSemaphoreObjectType", "Semaphore");
        types.put("ExTimerObjectType", "Timer");
        types.put("ExWindowStationObjectType", "WindowStation");
        types.put("ExDesktopObjectType", "Desktop");
        types.put("ObpDirectoryObjectType", "Directory");
        types.put("ObpSymbolicLinkObjectType", "SymbolicLink");
        types.put("IoDeviceObjectType", "Device");
        types.put("IoDriverObjectType", "Driver");
        types.put("IoCompletionObjectType", "IoCompletion");
        types.put("IoFileObjectType", "File");
        types.put("MmSectionObjectType", "Section");
        types.put("CmKeyObjectType", "Key");
        types.put("AlpcPortObjectType", "ALPC Port");
        return Collections.unmodifiableMap(types);
    }

    private static Map<String, Long> sizes() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        // Kd: the debugger's switches and its breakpoint table
        sizes.put("KdDebuggerEnabled", 1L);
        sizes.put("KdDebuggerNotPresent", 1L);
        sizes.put("KdPitchDebugger", 1L);
        sizes.put("KdEnteredDebugger", 1L);
        sizes.put("KdBlockEnable", 1L);
        sizes.put("KdIgnoreUmExceptions", 1L);
        sizes.put("KdAutoEnableOnEvent", 1L);
        sizes.put("KdPreviouslyEnabled", 1L);
        sizes.put("KdpBootedNodebug", 1L);
        sizes.put("KdpDebugRoutineSelect", 4L);
        sizes.put("KdTransportMaxPacketSize", 4L);
        sizes.put("KdpBreakpointTable", 0x20L * 0x20);
        sizes.put("KdpContext", 0x20L);
        // Dbg: the user-mode debugging support (DbgkCreateThread and friends)
        sizes.put("DbgkpProcessDebugPortMutex", 0x38L);
        sizes.put("DbgkpMaxModuleMsgs", 4L);
        sizes.put("DbgkErrorPortRegistered", 1L);
        // Ps: notify routine arrays, image bases, locks
        sizes.put("PsNtosImageBase", 8L);
        sizes.put("PsHalImageBase", 8L);
        sizes.put("PsLoadedModuleResource", 0x68L);
        sizes.put("PsLoadedModuleSpinLock", 8L);
        sizes.put("PspActiveProcessLock", 8L);
        sizes.put("PsReaperListHead", 16L);
        sizes.put("PspCreateProcessNotifyRoutine", 8L * 64);
        sizes.put("PspCreateProcessNotifyRoutineCount", 4L);
        sizes.put("PspCreateProcessNotifyRoutineExCount", 4L);
        sizes.put("PspCreateThreadNotifyRoutine", 8L * 64);
        sizes.put("PspCreateThreadNotifyRoutineCount", 4L);
        sizes.put("PspLoadImageNotifyRoutine", 8L * 64);
        sizes.put("PspLoadImageNotifyRoutineCount", 4L);
        sizes.put("PspNotifyEnableMask", 4L);
        // Mm
        sizes.put("MmPagingFile", 8L * 16);
        sizes.put("MmFlushCounter", 4L);
        sizes.put("MmPagesAboveWsMinimum", 8L);
        // Ob
        sizes.put("ObpKernelHandleTable", 8L);
        sizes.put("ObpTypeDirectoryObject", 8L);
        sizes.put("ObpDeviceMapLock", 8L);
        sizes.put("ObpTraceFlags", 4L);
        // Se
        sizes.put("SeExports", 8L);
        sizes.put("SeSystemDefaultDacl", 8L);
        sizes.put("SeLocalSystemSid", 8L);
        sizes.put("SeAliasAdminsSid", 8L);
        sizes.put("SepTokenLeakTracking", 1L);
        // Ex
        sizes.put("HandleTableListHead", 16L);
        sizes.put("ExpTimeZoneBias", 8L);
        sizes.put("ExpEnvironmentLock", 8L);
        // Ke / Ki: the service tables, the scheduler's cookies, the trace masks KiSystemCall64 tests
        sizes.put("KeServiceDescriptorTable", 0x20L);
        sizes.put("KeServiceDescriptorTableShadow", 0x40L);
        sizes.put("KiServiceLimit", 4L);
        sizes.put("KiWaitNever", 8L);
        sizes.put("KiWaitAlways", 8L);
        sizes.put("KiKvaShadow", 1L);
        sizes.put("KiBootDebuggerActive", 1L);
        sizes.put("KeFeatureBits", 8L);
        sizes.put("KeBootTime", 8L);
        sizes.put("KeBootTimeBias", 8L);
        sizes.put("KiTickOffset", 4L);
        sizes.put("KiDynamicTraceMask", 4L);
        sizes.put("PerfGlobalGroupMask", 0x20L);
        // Io and the HAL's dispatch tables (which nt holds)
        sizes.put("IopRootDeviceNode", 8L);
        sizes.put("HalDispatchTable", 0x100L);
        sizes.put("HalPrivateDispatchTable", 0x300L);
        sizes.put("NtGlobalFlag", 4L);
        for (String type : OBJECT_TYPES.keySet()) {
            sizes.put(type, 8L);
        }
        // Pi: the driver database cache (io.DriverDatabase); after the type pointers, so the others keep their places
        sizes.put("PiDDBLock", 0x68L);
        sizes.put("PiDDBCacheList", 16L);
        sizes.put("PiDDBCacheTable", 0x68L);
        // Ps: the pointer to the Idle process (nt!KiInitialProcess), which KiSystemStartup sets
        sizes.put("PsIdleProcess", 8L);
        // Io: the PnP manager's lists of devices being ejected and surprise-removed (io.PnpManager), empty when quiet
        sizes.put("IopPendingEjects", 16L);
        sizes.put("IopPendingSurpriseRemovals", 16L);
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
}
