package dev.kdlab.kernel.ob;

import java.util.List;

/**
 * The object types of a 19041/19045 kernel in ObTypeIndexTable order (machine-19045.md, section 3).
 * Index 0 and 1 are not types; names start at index 2.
 */
public final class ObjectTypeIndex {
    public static final int TOKEN = 5;
    public static final int JOB = 6;
    public static final int PROCESS = 7;
    public static final int THREAD = 8;
    public static final int EVENT = 16;
    public static final int SECTION = 42;

    public static final List<String> NAMES = List.of(
            "Type", "Directory", "SymbolicLink", "Token", "Job", "Process", "Thread", "Partition",
            "UserApcReserve", "IoCompletionReserve", "ActivityReference", "PsSiloContextPaged",
            "PsSiloContextNonPaged", "DebugObject", "Event", "Mutant", "Callback", "Semaphore", "Timer",
            "IRTimer", "Profile", "KeyedEvent", "WindowStation", "Desktop", "Composition", "RawInputManager",
            "CoreMessaging", "ActivationObject", "TpWorkerFactory", "Adapter", "Controller", "Device", "Driver",
            "IoCompletion", "WaitCompletionPacket", "File", "TmTm", "TmTx", "TmRm", "TmEn", "Section", "Session",
            "Key", "RegistryTransaction", "ALPC Port", "EnergyTracker", "PowerRequest", "WmiGuid",
            "EtwRegistration", "EtwSessionDemuxEntry", "EtwConsumer", "CoverageSampler", "DmaAdapter",
            "PcwObject", "FilterConnectionPort", "FilterCommunicationPort", "NdisCmState",
            "DxgkSharedResource", "DxgkSharedKeyedMutexObject", "DxgkSharedSyncObject",
            "DxgkSharedSwapChainObject", "DxgkDisplayManagerObject", "DxgkCurrentDxgProcessObject",
            "DxgkSharedProtectedSessionObject", "DxgkSharedBundleObject", "DxgkCompositionObject",
            "VRegConfigurationContext");

    public static final int FIRST = 2;

    private ObjectTypeIndex() {
    }

    public static String name(int index) {
        return NAMES.get(index - FIRST);
    }
}
