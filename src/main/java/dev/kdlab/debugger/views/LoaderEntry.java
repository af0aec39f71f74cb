package dev.kdlab.debugger.views;

import dev.kdlab.debugger.StructReader;
import dev.kdlab.memory.MemoryAccessException;

/**
 * One entry of a loader list: an {@code _LDR_DATA_TABLE_ENTRY} of a PEB's list or a
 * {@code _KLDR_DATA_TABLE_ENTRY} of PsLoadedModuleList (the two agree on the fields read here).
 * A name whose buffer is null or cannot be read is {@code null}: {@code !peb} shows it as
 * {@code < Name not readable >}, {@code lm} as nothing.
 */
public record LoaderEntry(long address, long dllBase, long sizeOfImage, long timeDateStamp, String fullDllName,
                          String baseDllName) {

    static LoaderEntry read(StructReader entry) throws MemoryAccessException {
        return new LoaderEntry(entry.address(), entry.get("DllBase"), entry.get("SizeOfImage"),
                entry.get("TimeDateStamp"), readableName(entry, "FullDllName"), readableName(entry, "BaseDllName"));
    }

    /** The file part of the full path ({@code \SystemRoot\system32\drivers\tcpip.sys} -> tcpip.sys). */
    public String fullPathFileName() {
        String path = fullDllName == null ? "" : fullDllName;
        return path.substring(path.lastIndexOf('\\') + 1);
    }

    public long end() {
        return dllBase + sizeOfImage;
    }

    private static String readableName(StructReader entry, String path) {
        try {
            return entry.get(path + ".Buffer") == 0 ? null : entry.unicodeString(path);
        } catch (MemoryAccessException e) {
            return null;
        }
    }
}
