package dev.kdlab.kernel.image;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routines of ntoskrnl that no thread's stack passes through but whose addresses the machine holds:
 * the methods of the object types (_OBJECT_TYPE.TypeInfo: nt!PspProcessOpen, nt!IopParseFile,
 * nt!CmpParseKey ...), the I/O manager's default dispatch routine (nt!IopInvalidDeviceRequest, what
 * every unused MajorFunction slot of a driver points at) and the I/O manager's own drivers' entry
 * points. They sit in the image's PAGE section, one after the other, so {@code ln} and {@code x}
 * resolve them as they resolve any public function symbol.
 */
public final class NtRoutines {
    /** Where the block of routines starts: a stretch of PAGE no other function of {@link NtCode} uses. */
    private static final long FIRST_RVA = 0x780000;

    private static final List<String> NAMES = List.of(
            // Ob: types, directories, symbolic links
            "ObpDeleteObjectType", "ObpCloseDirectoryObject", "ObpDeleteDirectoryObject", "ObpParseSymbolicLink",
            "ObpDeleteSymbolicLink", "SeDefaultObjectMethod",
            // Ps: processes, threads, jobs, silos, partitions
            "PspProcessOpen", "PspProcessClose", "PspProcessDelete", "PspThreadOpen", "PspThreadDelete",
            "PspJobClose", "PspJobDelete", "PspDeleteSiloContext", "PspDeletePartition", "PspDeleteActivityReference",
            // Se, Dbgk, Ex, Ke
            "SepTokenDeleteMethod", "DbgkpCloseObject", "DbgkpDeleteObject", "ExpDeleteMutant", "ExpDeleteTimer",
            "ExpDeleteIRTimer", "ExpProfileDelete", "ExpDeleteCallback", "ExpWorkerFactoryClose",
            "ExpWorkerFactoryDelete", "ExpWin32OpenProcedure", "ExpWin32CloseProcedure", "ExpWin32DeleteProcedure",
            "ExpWin32ParseProcedure", "ExpWin32OkayToCloseProcedure", "ExpDeleteCompositionObject",
            "ExpCloseCoreMessagingObject", "ExpDeleteCoreMessagingObject", "ExpActivationObjectDelete",
            "ExpDeleteRawInputManager", "ExpDeleteUserApcReserve", "ExpDeleteIoCompletionReserve",
            // Io: files, devices, drivers, completion, adapters
            "IopParseFile", "IopCloseFile", "IopDeleteFile", "IopQueryName", "IopGetSetSecurityObject",
            "IopParseDevice", "IopDeleteDevice", "IopDeleteDriver", "IopCloseIoCompletion", "IopDeleteIoCompletion",
            "IopCloseWaitCompletionPacket", "IopDeleteWaitCompletionPacket", "IopDeleteDmaAdapter",
            "IopInvalidDeviceRequest",
            // Mm, Cm, Tm, Alpc, Etw, Wmi, Pcw, Po
            "MiSectionDelete", "MiSessionObjectDelete", "CmpParseKey", "CmpCloseKeyObject", "CmpDeleteKeyObject",
            "CmpQueryKeyName", "CmpSecurityMethod", "CmpLightWeightTransactionDelete", "TmpCloseTransactionManager",
            "TmpDeleteTransactionManager", "TmpCloseTransaction", "TmpDeleteTransaction", "TmpCloseResourceManager",
            "TmpDeleteResourceManager", "TmpCloseEnlistment", "TmpDeleteEnlistment", "AlpcpClosePort",
            "AlpcpDeletePort", "EtwpCloseRegistrationObject", "EtwpDeleteRegistrationObject",
            "EtwpCloseConsumer", "EtwpDeleteConsumer", "EtwpDeleteSessionDemuxEntry", "EtwpDeleteCoverageSampler",
            "WmipCloseMethod", "WmipDeleteMethod", "WmipSecurityMethod", "PcwpCloseObject", "PcwpDeleteObject",
            "PopDeletePowerRequest", "PopEnergyTrackerDelete", "VrpDeleteConfigurationContext",
            // the I/O manager's built-in drivers (IoCreateDriver): their entry points
            "IopCreateRawFileSystem", "PnpDriverEntry", "WmipDriverEntry", "IopRawDispatch",
            // the driver database cache's AVL table routines (nt!PiDDBCacheTable)
            "PiCompareDDBCacheEntries", "PiAllocateGenericTableEntry", "PiFreeGenericTableEntry");

    private static final Map<String, Long> RVAS = place();

    private NtRoutines() {
    }

    /** Every routine and its RVA, in placement order. */
    public static Map<String, Long> all() {
        return RVAS;
    }

    /**
     * The RVA of a routine of the table; an unknown name is a bug in the emulator. A routine that
     * {@link NtCode} places with the code that calls it (PspProcessDelete, PspThreadDelete,
     * IopParseDevice) is where NtCode put it, so its symbol, its code and the pointers to it agree.
     */
    public static long rva(String name) {
        if (NtCode.image().hasFunction(name)) {
            return NtCode.image().function(name).rva();
        }
        Long rva = RVAS.get(name);
        if (rva == null) {
            throw new IllegalArgumentException("no nt routine " + name);
        }
        return rva;
    }

    /** Routines of different lengths, each 16-byte aligned after the one before (the length follows the name). */
    private static Map<String, Long> place() {
        Map<String, Long> rvas = new LinkedHashMap<>();
        long next = FIRST_RVA;
        for (String name : NAMES) {
            rvas.put(name, next);
            next += 0x40 + (Math.floorMod(name.hashCode(), 0x30)) * 0x10;
        }
        return Collections.unmodifiableMap(rvas);
    }
}
