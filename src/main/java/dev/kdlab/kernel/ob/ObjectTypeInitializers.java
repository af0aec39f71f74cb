package dev.kdlab.kernel.ob;

import java.util.HashMap;
import java.util.Map;

/**
 * What each component hands ObCreateObjectType for its types (_OBJECT_TYPE_INITIALIZER): flags,
 * the access rights and generic mapping, the pool the objects live in, and the methods the object
 * manager calls back (open, close, delete, parse, security, query name, okay-to-close). The methods
 * are routines of ntoskrnl ({@code nt!PspProcessOpen}, {@code nt!IopParseFile}, {@code
 * nt!CmpParseKey} ...), named as Windows names them; types registered by drivers (FltMgr's ports,
 * NDIS, the DirectX kernel, win32k's composition types) get their methods in those drivers, so
 * here they have none in nt. Access masks and mappings are the winnt.h / ntifs.h values of each
 * object's access rights.
 */
final class ObjectTypeInitializers {
    /** _OBJECT_TYPE_INITIALIZER.ObjectTypeFlags bits. */
    static final int CASE_INSENSITIVE = 0x01;
    static final int UNNAMED_OBJECTS_ONLY = 0x02;
    static final int USE_DEFAULT_OBJECT = 0x04;
    static final int SECURITY_REQUIRED = 0x08;
    static final int MAINTAIN_HANDLE_COUNT = 0x10;
    static final int MAINTAIN_TYPE_LIST = 0x20;
    static final int SUPPORTS_OBJECT_CALLBACKS = 0x40;
    static final int CACHE_ALIGNED = 0x80;
    /** _POOL_TYPE values. */
    static final int PAGED_POOL = 1;
    static final int NON_PAGED_POOL_NX = 0x200;
    /** OBJ_INHERIT | OBJ_PERMANENT | OBJ_EXCLUSIVE: what most types refuse (InvalidAttributes). */
    private static final int OBJ_INVALID = 0x100;

    /**
     * One type's initializer.
     *
     * @param mapping GenericRead, GenericWrite, GenericExecute, GenericAll
     * @param methods Open, Close, Delete, Parse, Security, QueryName, OkayToClose (null for none)
     */
    record Initializer(int flags, int validAccess, int[] mapping, int poolType, int pagedCharge, int nonPagedCharge,
                       int invalidAttributes, String[] methods) {
    }

    private static final Map<String, Initializer> TYPES = new HashMap<>();

    static {
        int[] standard = {0x20001, 0x20002, 0x120000, 0x1f0003};
        type("Type", MAINTAIN_TYPE_LIST | CASE_INSENSITIVE, 0x1f0001, new int[] {0x20000, 0x20000, 0x20000, 0xf0001},
                NON_PAGED_POOL_NX, 0, 0xd8, null, null, "ObpDeleteObjectType", null, null, null, null);
        type("Directory", CASE_INSENSITIVE, 0xf000f, new int[] {0x20003, 0x2000c, 0x20003, 0xf000f}, PAGED_POOL, 0x158, 0,
                null, "ObpCloseDirectoryObject", "ObpDeleteDirectoryObject", null, null, null, null);
        type("SymbolicLink", CASE_INSENSITIVE, 0x1f0001, new int[] {0x20001, 0x20000, 0x20001, 0xf0001}, PAGED_POOL,
                0x28, 0, null, null, "ObpDeleteSymbolicLink", "ObpParseSymbolicLink", null, null, null);
        type("Token", SECURITY_REQUIRED | CASE_INSENSITIVE, 0x1f01ff, new int[] {0x20008, 0x200e0, 0x20000, 0xf01ff},
                PAGED_POOL, 0x490, 0, null, null, "SepTokenDeleteMethod", null, "SeDefaultObjectMethod", null, null);
        type("Job", SECURITY_REQUIRED | CACHE_ALIGNED, 0x1f003f, new int[] {0x20004, 0x2000b, 0x120000, 0x1f003f},
                NON_PAGED_POOL_NX, 0, 0x6c0, null, "PspJobClose", "PspJobDelete", null, null, null, null);
        type("Process", SUPPORTS_OBJECT_CALLBACKS | SECURITY_REQUIRED | UNNAMED_OBJECTS_ONLY | CACHE_ALIGNED,
                0x1fffff, new int[] {0x20410, 0x20bea, 0x121000, 0x1fffff}, NON_PAGED_POOL_NX, 0x1000, 0xa40,
                "PspProcessOpen", "PspProcessClose", "PspProcessDelete", null, "SeDefaultObjectMethod", null, null);
        type("Thread", SUPPORTS_OBJECT_CALLBACKS | SECURITY_REQUIRED | UNNAMED_OBJECTS_ONLY | CACHE_ALIGNED,
                0x1fffff, new int[] {0x20048, 0x20437, 0x121800, 0x1fffff}, NON_PAGED_POOL_NX, 0, 0x898,
                "PspThreadOpen", null, "PspThreadDelete", null, "SeDefaultObjectMethod", null, null);
        type("Partition", SECURITY_REQUIRED, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x80, null, null,
                "PspDeletePartition", null, null, null, null);
        type("UserApcReserve", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x60, null, null,
                "ExpDeleteUserApcReserve", null, null, null, null);
        type("IoCompletionReserve", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x60, null, null,
                "ExpDeleteIoCompletionReserve", null, null, null, null);
        type("ActivityReference", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x10, null, null,
                "PspDeleteActivityReference", null, null, null, null);
        type("PsSiloContextPaged", 0, 0x1f0003, standard, PAGED_POOL, 0x20, 0, null, null, "PspDeleteSiloContext",
                null, null, null, null);
        type("PsSiloContextNonPaged", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x20, null, null,
                "PspDeleteSiloContext", null, null, null, null);
        type("DebugObject", SECURITY_REQUIRED, 0x1f000f, new int[] {0x20001, 0x20002, 0x120000, 0x1f000f},
                NON_PAGED_POOL_NX, 0, 0x68, null, "DbgkpCloseObject", "DbgkpDeleteObject", null, null, null, null);
        type("Event", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x18, null, null, null, null, null, null, null);
        type("Mutant", 0, 0x1f0001, new int[] {0x20001, 0x20000, 0x120000, 0x1f0001}, NON_PAGED_POOL_NX, 0, 0x38,
                null, null, "ExpDeleteMutant", null, null, null, null);
        type("Callback", 0, 0x1f0001, new int[] {0x20001, 0x20000, 0x120000, 0x1f0001}, NON_PAGED_POOL_NX, 0, 0x48,
                null, null, "ExpDeleteCallback", null, null, null, null);
        type("Semaphore", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x20, null, null, null, null, null, null, null);
        type("Timer", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x130, null, null, "ExpDeleteTimer", null, null,
                null, null);
        type("IRTimer", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x58, null, null, "ExpDeleteIRTimer", null,
                null, null, null);
        type("Profile", 0, 0xf0001, new int[] {0x20001, 0x20001, 0x20001, 0xf0001}, NON_PAGED_POOL_NX, 0, 0x88,
                null, null, "ExpProfileDelete", null, null, null, null);
        type("KeyedEvent", 0, 0xf0003, new int[] {0x20001, 0x20002, 0x20000, 0xf0003}, PAGED_POOL, 0x10, 0, null,
                null, null, null, null, null, null);
        type("WindowStation", SECURITY_REQUIRED | MAINTAIN_HANDLE_COUNT | CASE_INSENSITIVE, 0xf037f,
                new int[] {0x20303, 0x2007c, 0x20360, 0xf037f}, NON_PAGED_POOL_NX, 0, 0x150, "ExpWin32OpenProcedure",
                "ExpWin32CloseProcedure", "ExpWin32DeleteProcedure", "ExpWin32ParseProcedure", null, null,
                "ExpWin32OkayToCloseProcedure");
        type("Desktop", SECURITY_REQUIRED | MAINTAIN_HANDLE_COUNT | SUPPORTS_OBJECT_CALLBACKS | CASE_INSENSITIVE,
                0xf01ff, new int[] {0x20041, 0x200be, 0x20100, 0xf01ff}, NON_PAGED_POOL_NX, 0, 0xe0,
                "ExpWin32OpenProcedure", "ExpWin32CloseProcedure", "ExpWin32DeleteProcedure", null, null, null,
                "ExpWin32OkayToCloseProcedure");
        type("Composition", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x20, null, null,
                "ExpDeleteCompositionObject", null, null, null, null);
        type("RawInputManager", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x28, null, null,
                "ExpDeleteRawInputManager", null, null, null, null);
        type("CoreMessaging", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x28, null, "ExpCloseCoreMessagingObject",
                "ExpDeleteCoreMessagingObject", null, null, null, null);
        type("ActivationObject", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x28, null, null,
                "ExpActivationObjectDelete", null, null, null, null);
        type("TpWorkerFactory", 0, 0xf00ff, new int[] {0x20008, 0x200f6, 0x20001, 0xf00ff}, NON_PAGED_POOL_NX, 0,
                0x100, null, "ExpWorkerFactoryClose", "ExpWorkerFactoryDelete", null, null, null, null);
        type("Adapter", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x40, null, null, "IopDeleteDmaAdapter", null,
                null, null, null);
        type("Controller", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x40, null, null, null, null, null, null,
                null);
        type("Device", CASE_INSENSITIVE, 0x1f01ff, new int[] {0x120089, 0x120116, 0x1200a0, 0x1f01ff},
                NON_PAGED_POOL_NX, 0, 0x150, null, null, "IopDeleteDevice", "IopParseDevice",
                "IopGetSetSecurityObject", null, null);
        type("Driver", CASE_INSENSITIVE, 0x1f01ff, new int[] {0x120089, 0x120116, 0x1200a0, 0x1f01ff},
                NON_PAGED_POOL_NX, 0, 0x150, null, null, "IopDeleteDriver", null, null, null, null);
        type("IoCompletion", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x40, null, "IopCloseIoCompletion",
                "IopDeleteIoCompletion", null, null, null, null);
        type("WaitCompletionPacket", 0, 0x1f0001, new int[] {0x20001, 0x20000, 0x120000, 0x1f0001},
                NON_PAGED_POOL_NX, 0, 0x70, null, "IopCloseWaitCompletionPacket", "IopDeleteWaitCompletionPacket",
                null, null, null, null);
        type("File", MAINTAIN_HANDLE_COUNT | CASE_INSENSITIVE, 0x1f01ff,
                new int[] {0x120089, 0x120116, 0x1200a0, 0x1f01ff}, NON_PAGED_POOL_NX, 0, 0xd8, null, "IopCloseFile",
                "IopDeleteFile", "IopParseFile", "IopGetSetSecurityObject", "IopQueryName", null);
        type("TmTm", SECURITY_REQUIRED, 0x1f003f, new int[] {0x20001, 0x2001e, 0x120000, 0x1f003f}, NON_PAGED_POOL_NX,
                0, 0x260, null, "TmpCloseTransactionManager", "TmpDeleteTransactionManager", null, null, null, null);
        type("TmTx", SECURITY_REQUIRED, 0x1f007f, new int[] {0x120001, 0x12003e, 0x120018, 0x1f007f},
                NON_PAGED_POOL_NX, 0, 0x200, null, "TmpCloseTransaction", "TmpDeleteTransaction", null, null, null,
                null);
        type("TmRm", SECURITY_REQUIRED, 0x1f007f, new int[] {0x120001, 0x12003e, 0x120018, 0x1f007f},
                NON_PAGED_POOL_NX, 0, 0x1b0, null, "TmpCloseResourceManager", "TmpDeleteResourceManager", null, null,
                null, null);
        type("TmEn", SECURITY_REQUIRED, 0x1f001f, new int[] {0x20001, 0x2001e, 0x120000, 0x1f001f},
                NON_PAGED_POOL_NX, 0, 0x180, null, "TmpCloseEnlistment", "TmpDeleteEnlistment", null, null, null, null);
        type("Section", 0, 0x1f001f, new int[] {0x20005, 0x20002, 0x20008, 0xf001f}, PAGED_POOL, 0x40, 0, null,
                null, "MiSectionDelete", null, null, null, null);
        type("Session", SECURITY_REQUIRED, 0xf0003, new int[] {0x20001, 0x20002, 0x20000, 0xf0003}, NON_PAGED_POOL_NX,
                0, 0x30, null, null, "MiSessionObjectDelete", null, null, null, null);
        type("Key", SECURITY_REQUIRED | CASE_INSENSITIVE, 0xf003f, new int[] {0x20019, 0x20006, 0x20019, 0xf003f},
                PAGED_POOL, 0x68, 0, null, "CmpCloseKeyObject", "CmpDeleteKeyObject", "CmpParseKey",
                "CmpSecurityMethod", "CmpQueryKeyName", null);
        type("RegistryTransaction", 0, 0x1f003f, new int[] {0x20001, 0x2001e, 0x120000, 0x1f003f}, PAGED_POOL, 0x90, 0,
                null, null, "CmpLightWeightTransactionDelete", null, null, null, null);
        type("ALPC Port", 0, 0x1f0001, new int[] {0x20001, 0x10000, 0x0, 0x1f0001}, NON_PAGED_POOL_NX, 0, 0x1d8,
                null, "AlpcpClosePort", "AlpcpDeletePort", null, null, null, null);
        type("EnergyTracker", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x48, null, null, "PopEnergyTrackerDelete",
                null, null, null, null);
        type("PowerRequest", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x78, null, null, "PopDeletePowerRequest",
                null, null, null, null);
        type("WmiGuid", SECURITY_REQUIRED, 0x1f0fff, new int[] {0x20001, 0x20000, 0x20000, 0x1f0fff},
                NON_PAGED_POOL_NX, 0, 0x90, null, "WmipCloseMethod", "WmipDeleteMethod", null, "WmipSecurityMethod",
                null, null);
        type("EtwRegistration", 0, 0x1f0fff, new int[] {0x20001, 0x20000, 0x20000, 0x1f0fff}, NON_PAGED_POOL_NX, 0,
                0x70, null, "EtwpCloseRegistrationObject", "EtwpDeleteRegistrationObject", null, null, null, null);
        type("EtwSessionDemuxEntry", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x40, null, null,
                "EtwpDeleteSessionDemuxEntry", null, null, null, null);
        type("EtwConsumer", 0, 0x1f0fff, new int[] {0x20001, 0x20000, 0x20000, 0x1f0fff}, NON_PAGED_POOL_NX, 0, 0xc0,
                null, "EtwpCloseConsumer", "EtwpDeleteConsumer", null, null, null, null);
        type("CoverageSampler", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x48, null, null,
                "EtwpDeleteCoverageSampler", null, null, null, null);
        type("DmaAdapter", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x80, null, null, "IopDeleteDmaAdapter", null,
                null, null, null);
        type("PcwObject", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x40, null, "PcwpCloseObject",
                "PcwpDeleteObject", null, null, null, null);
        type("VRegConfigurationContext", 0, 0x1f0003, standard, NON_PAGED_POOL_NX, 0, 0x30, null, null,
                "VrpDeleteConfigurationContext", null, null, null, null);
    }

    private ObjectTypeInitializers() {
    }

    private static void type(String name, int flags, int validAccess, int[] mapping, int poolType, int pagedCharge,
                             int nonPagedCharge, String open, String close, String delete, String parse,
                             String security, String queryName, String okayToClose) {
        TYPES.put(name, new Initializer(flags, validAccess, mapping, poolType, pagedCharge, nonPagedCharge, OBJ_INVALID,
                new String[] {open, close, delete, parse, security, queryName, okayToClose}));
    }

    /**
     * The initializer of a type; types that drivers register (their methods live in the driver)
     * get the plain defaults: nonpaged, standard rights, no methods in nt.
     */
    static Initializer of(String name) {
        Initializer known = TYPES.get(name);
        if (known != null) {
            return known;
        }
        return new Initializer(0, 0x1f0001, new int[] {0x20001, 0x20000, 0x120000, 0x1f0001}, NON_PAGED_POOL_NX, 0,
                0x40, OBJ_INVALID, new String[7]);
    }
}
