package dev.kdlab.kernel.ldr;

import dev.kdlab.struct.StructView;
import dev.kdlab.kernel.ListEntry;
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
     * LdrInitializeThunk's bookkeeping: PEB_LDR_DATA in ntdll's (now private) data page and one
     * LDR_DATA_TABLE_ENTRY per module in load order; the init order list leaves out the exe and runs
     * ntdll, KernelBase, kernel32 as Windows does.
     */
    public static long LdrInitializeThunk(UserSpace space, long peb, UserImage ntdll, List<UserImage> loadOrder,
                                          List<UserImage> initOrder) {
        long ldr = ntdll.base() + LDR_DATA_RVA;
        StructView data = space.struct("_PEB_LDR_DATA", ldr)
                .put("Length", 0x58)
                .put("Initialized", 1)
                .emptyList("InLoadOrderModuleList")
                .emptyList("InMemoryOrderModuleList")
                .emptyList("InInitializationOrderModuleList");
        long[] entries = new long[loadOrder.size()];
        for (int i = 0; i < loadOrder.size(); i++) {
            UserImage image = loadOrder.get(i);
            entries[i] = space.heapAllocate(0x120);
            StructView entry = space.struct("_LDR_DATA_TABLE_ENTRY", entries[i])
                    .put("DllBase", image.base())
                    .put("EntryPoint", image.entryPointRva() == 0 ? 0 : image.base() + image.entryPointRva())
                    .put("SizeOfImage", image.size())
                    .put("Flags", i == 0 ? 0x000022cc : 0x000ca2cc)
                    .put("ObsoleteLoadCount", 0xffff)
                    .put("TimeDateStamp", image.timeDateStamp() & 0xffffffffL)
                    .put("LoadReason", i == 0 ? 4 : 0);
            unicode(space, entry, "FullDllName", image.path(), 0);
            unicode(space, entry, "BaseDllName", image.baseName(), 0);
            ListEntry.insertTail(space.memory(), data.addressOf("InLoadOrderModuleList"), entries[i]);
            ListEntry.insertTail(space.memory(), data.addressOf("InMemoryOrderModuleList"),
                    entry.addressOf("InMemoryOrderLinks"));
        }
        for (UserImage image : initOrder) {
            long entry = entries[loadOrder.indexOf(image)];
            ListEntry.insertTail(space.memory(), data.addressOf("InInitializationOrderModuleList"),
                    space.struct("_LDR_DATA_TABLE_ENTRY", entry).addressOf("InInitializationOrderLinks"));
        }
        space.struct("_PEB", peb).put("Ldr", ldr);
        return ldr;
    }
}
