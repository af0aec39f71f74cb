package dev.kdlab.kernel.ldr;

import dev.kdlab.struct.StructView;
import dev.kdlab.kernel.ListEntry;
import dev.kdlab.kernel.NtTypes;
import dev.kdlab.kernel.RoutineGate;
import dev.kdlab.kernel.image.UserImage;
import dev.kdlab.kernel.mm.UserSpace;

import java.util.List;

/**
 * What runs in the new process before its entry point: RtlCreateProcessParameters (done by the
 * parent in CreateProcessInternalW) and LdrInitializeThunk, whose module lists a debugger walks.
 */
public final class Loader {
    /** PEB_LDR_DATA lives in ntdll's data section, at the same RVA on 19041-family builds (machine-19045.md 5.2). */
    public static final long LDR_DATA_RVA = 0x16c4c0;
    /**
     * ntdll!LdrpHashTable, 32 list heads a module's HashLinks join by BaseNameHashValue & 0x1f: the
     * notepad entry of transcripts 2.9 (hash 0x4c900b25, bucket 5) links back to ntdll+0x16c190.
     */
    static final long HASH_TABLE_RVA = 0x16c140;
    private static final int HASH_BUCKETS = 32;
    /** _LDR_DLL_LOAD_REASON and _LDR_DDAG_STATE values. */
    private static final int LOAD_REASON_STATIC_DEPENDENCY = 0;
    private static final int LOAD_REASON_DYNAMIC_LOAD = 4;
    private static final int LDR_MODULES_READY_TO_RUN = 9;
    /** Flags of the exe's entry (transcripts 2.9: 0xa2cc) and of a DLL whose DllMain ran (ProcessAttachCalled). */
    private static final long EXE_FLAGS = 0x0000a2cc;
    private static final long DLL_FLAGS = 0x000ca2cc;
    /** Mapping a module takes the loader about 0.2 ms plus 4 us a page (FILETIME units). */
    private static final long MAP_BASE_TIME = 2_000;
    private static final long MAP_PAGE_TIME = 40;

    private Loader() {
    }

    /** The process parameters block in the new process's heap; returns its address. */
    public static long RtlCreateProcessParameters(UserSpace space, String imagePath, String commandLine,
                                                  String currentDirectory, String windowTitle,
                                                  String environment) {
        long parameters = space.heapAllocate(0x7e4);
        StructView p = space.struct("_RTL_USER_PROCESS_PARAMETERS", parameters)
                .put("MaximumLength", 0x7e4)
                .put("Length", 0x7e4)
                .put("Flags", 0x6001)   // normalized, with profile and DLL-path bits as seen live
                .put("ShowWindowFlags", 1);
        unicode(space, p, "CurrentDirectory.DosPath", currentDirectory, 0x208);
        unicode(space, p, "DllPath", "", 0);
        unicode(space, p, "ImagePathName", imagePath, 0);
        unicode(space, p, "CommandLine", commandLine, 0);
        unicode(space, p, "WindowTitle", windowTitle, 0);
        unicode(space, p, "DesktopInfo", "Winsta0\\Default", 0);
        unicode(space, p, "ShellInfo", "", 0);
        unicode(space, p, "RuntimeData", "", 0);
        long environmentBlock = space.heapString(environment.replace('\n', '\0') + "\0");
        p.put("Environment", environmentBlock)
                .put("EnvironmentSize", 2L * (environment.length() + 2));
        return parameters;
    }

    private static void unicode(UserSpace space, StructView owner, String path, String text, int maximum) {
        if (text.isEmpty()) {
            owner.putUnicodeString(path, 0, 0, 0);
            return;
        }
        long buffer = space.heapString(text);
        int length = 2 * text.length();
        owner.putUnicodeString(path, buffer, length, Math.max(maximum, length + 2));
    }

    /**
     * LdrInitializeThunk's bookkeeping, from {@code startTime} (a FILETIME: the initial thread's
     * first run) on: PEB_LDR_DATA in ntdll's (now private) data page and one LDR_DATA_TABLE_ENTRY per
     * module in load order, each with its dependency node, its name's hash in ntdll!LdrpHashTable and
     * the time the loader mapped it; the init order list leaves out the exe and runs ntdll,
     * KernelBase, kernel32 as Windows does.
     */
    public static long LdrInitializeThunk(UserSpace space, long peb, UserImage ntdll, List<UserImage> loadOrder,
                                          List<UserImage> initOrder, long startTime, RoutineGate gate) {
        long ldr = ntdll.base() + LDR_DATA_RVA;
        StructView data = space.struct("_PEB_LDR_DATA", ldr)
                .put("Length", 0x58)
                .put("Initialized", 1)
                .emptyList("InLoadOrderModuleList")
                .emptyList("InMemoryOrderModuleList")
                .emptyList("InInitializationOrderModuleList");
        long hashTable = ntdll.base() + HASH_TABLE_RVA;
        for (int bucket = 0; bucket < HASH_BUCKETS; bucket++) {
            ListEntry.initializeHead(space.memory(), hashTable + 0x10L * bucket);
        }
        long[] entries = new long[loadOrder.size()];
        long loadTime = startTime;
        for (int i = 0; i < loadOrder.size(); i++) {
            UserImage image = loadOrder.get(i);
            gate.enter("ntdll!LdrpLoadDll");   // the loader's step for one module: its entry, its lists
            entries[i] = LdrpAllocateModuleEntry(space, image, i, loadTime);
            ListEntry.insertTail(space.memory(), data.addressOf("InLoadOrderModuleList"), entries[i]);
            ListEntry.insertTail(space.memory(), data.addressOf("InMemoryOrderModuleList"),
                    entries[i] + NtTypes.offsetOf("_LDR_DATA_TABLE_ENTRY", "InMemoryOrderLinks"));
            long hash = RtlHashUnicodeString(image.baseName());
            ListEntry.insertTail(space.memory(), hashTable + 0x10L * (hash & (HASH_BUCKETS - 1)),
                    entries[i] + NtTypes.offsetOf("_LDR_DATA_TABLE_ENTRY", "HashLinks"));
            loadTime += MAP_BASE_TIME + image.size() / 0x1000 * MAP_PAGE_TIME;
            gate.leave("ntdll!LdrpLoadDll");
        }
        for (UserImage image : initOrder) {
            long entry = entries[loadOrder.indexOf(image)];
            ListEntry.insertTail(space.memory(), data.addressOf("InInitializationOrderModuleList"),
                    space.struct("_LDR_DATA_TABLE_ENTRY", entry).addressOf("InInitializationOrderLinks"));
        }
        space.struct("_PEB", peb).put("Ldr", ldr);
        return ldr;
    }

    /**
     * One module's entry and its LDR_DDAG_NODE right behind it in the heap (transcripts 2.9: entry
     * ...32a0, node ...33d0), the node in state LdrModulesReadyToRun and pinned (LoadCount -1, as the
     * process's startup modules stay loaded), its Modules list holding the entry's NodeModuleLink.
     * The exe and KERNEL32 are loaded by name (LoadReasonDynamicLoad: LdrpInitializeProcess loads
     * kernel32 itself), the others as static imports; ReferenceCount 2 for the exe as captured.
     */
    private static long LdrpAllocateModuleEntry(UserSpace space, UserImage image, int index, long loadTime) {
        long address = space.heapAllocate(0x120);
        long node = space.heapAllocate(0x50);
        boolean exe = index == 0;
        boolean loadedByName = exe || image.baseName().equalsIgnoreCase("KERNEL32.DLL");
        StructView entry = space.struct("_LDR_DATA_TABLE_ENTRY", address)
                .put("DllBase", image.base())
                .put("EntryPoint", image.entryPointRva() == 0 ? 0 : image.base() + image.entryPointRva())
                .put("SizeOfImage", image.size())
                .put("Flags", exe ? EXE_FLAGS : DLL_FLAGS)
                .put("ObsoleteLoadCount", 0xffff)
                .put("TimeDateStamp", image.timeDateStamp() & 0xffffffffL)
                .put("DdagNode", node)
                .put("OriginalBase", image.base())
                .put("LoadTime", loadTime)
                .put("BaseNameHashValue", RtlHashUnicodeString(image.baseName()))
                .put("LoadReason", loadedByName ? LOAD_REASON_DYNAMIC_LOAD : LOAD_REASON_STATIC_DEPENDENCY)
                .put("ReferenceCount", exe ? 2 : 1);
        space.struct("_LDR_DDAG_NODE", node)
                .put("LoadCount", 0xffffffffL)
                .put("LowestLink", index)
                .put("PreorderNumber", index)
                .put("State", LDR_MODULES_READY_TO_RUN);
        ListEntry.initializeHead(space.memory(), node);
        ListEntry.insertTail(space.memory(), node, entry.addressOf("NodeModuleLink"));
        unicode(space, entry, "FullDllName", image.path(), 0);
        unicode(space, entry, "BaseDllName", image.baseName(), 0);
        return address;
    }

    /**
     * RtlHashUnicodeString with HASH_STRING_ALGORITHM_X65599 and CaseInSensitive: each character,
     * upcased, added to 65599 times the hash so far (the loader's BaseNameHashValue: "notepad.exe"
     * hashes to 0x4c900b25, transcripts 2.9).
     */
    public static long RtlHashUnicodeString(String text) {
        int hash = 0;
        for (int i = 0; i < text.length(); i++) {
            hash = hash * 65599 + Character.toUpperCase(text.charAt(i));
        }
        return hash & 0xffffffffL;
    }
}
