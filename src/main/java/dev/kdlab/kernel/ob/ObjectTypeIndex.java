package dev.kdlab.kernel.ob;

import java.util.List;

/**
 * The object types of a 19041/19045 kernel in ObTypeIndexTable order (machine-19045.md, section 3).
 * Index 0 and 1 are not types; names start at index 2.
 */
public final class ObjectTypeIndex {
    public static final int TYPE = 2;
    public static final int DIRECTORY = 3;
    public static final int SYMBOLIC_LINK = 4;
    public static final int TOKEN = 5;
    public static final int JOB = 6;
    public static final int PROCESS = 7;
    public static final int THREAD = 8;
    public static final int EVENT = 16;
    public static final int MUTANT = 17;
    public static final int CALLBACK = 18;
    public static final int SEMAPHORE = 19;
    public static final int TIMER = 20;
    public static final int IR_TIMER = 21;
    public static final int WINDOW_STATION = 24;
    public static final int DESKTOP = 25;
    public static final int TP_WORKER_FACTORY = 30;
    public static final int DEVICE = 33;
    public static final int DRIVER = 34;
    public static final int IO_COMPLETION = 35;
    public static final int WAIT_COMPLETION_PACKET = 36;
    public static final int FILE = 37;
    public static final int SECTION = 42;
    public static final int SESSION = 43;
    public static final int KEY = 44;
    public static final int ALPC_PORT = 46;
    public static final int ETW_REGISTRATION = 50;

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

    /** The index of a type by its name ("ALPC Port" is 46). */
    public static int of(String name) {
        int at = NAMES.indexOf(name);
        if (at < 0) {
            throw new IllegalArgumentException("no object type " + name);
        }
        return FIRST + at;
    }
}
