package dev.kdlab.debugger.views;

import dev.kdlab.struct.StructView;
import dev.kdlab.memory.MemoryAccessException;

/**
 * One entry of a loader list: an {@code _LDR_DATA_TABLE_ENTRY} of a PEB's list or a
 * {@code _KLDR_DATA_TABLE_ENTRY} of PsLoadedModuleList (the two agree on the fields read here).
 * Base and size are read when the entry is found; the names and the time stamp when first asked,
 * since most users of a list need only some of them. A name whose buffer is null or cannot be read
 * is {@code null}: {@code !peb} shows it as {@code < Name not readable >}, {@code lm} as nothing.
 */
public final class LoaderEntry {
    private final StructView fields;
    private final long address;
    private final long dllBase;
    private final long sizeOfImage;
    private Long timeDateStamp;
    private String fullDllName;
    private String baseDllName;
    private boolean fullDllNameRead;
    private boolean baseDllNameRead;

    private LoaderEntry(StructView fields, long address, long dllBase, long sizeOfImage) {
        this.fields = fields;
        this.address = address;
        this.dllBase = dllBase;
        this.sizeOfImage = sizeOfImage;
    }

    /** An entry whose values are known rather than read (a test's module, a dump's module list). */
    public LoaderEntry(long address, long dllBase, long sizeOfImage, long timeDateStamp, String fullDllName,
                       String baseDllName) {
        this(null, address, dllBase, sizeOfImage);
        this.timeDateStamp = timeDateStamp;
        this.fullDllName = fullDllName;
        this.baseDllName = baseDllName;
        this.fullDllNameRead = true;
        this.baseDllNameRead = true;
    }

    /** The entry at the reader's address; fails when its base and size cannot be read. */
    static LoaderEntry read(StructView entry) throws MemoryAccessException {
        return new LoaderEntry(entry, entry.address(), entry.get("DllBase"), entry.get("SizeOfImage"));
    }

    public long address() {
        return address;
    }

    public long dllBase() {
        return dllBase;
    }

    public long sizeOfImage() {
        return sizeOfImage;
    }

    public long end() {
        return dllBase + sizeOfImage;
    }

    public long timeDateStamp() throws MemoryAccessException {
        if (timeDateStamp == null) {
            timeDateStamp = fields.get("TimeDateStamp");
        }
        return timeDateStamp;
    }

    /** {@code \SystemRoot\system32\drivers\tcpip.sys}, {@code C:\Windows\SYSTEM32\ntdll.dll}. */
    public String fullDllName() {
        if (!fullDllNameRead) {
            fullDllName = readableName("FullDllName");
            fullDllNameRead = true;
        }
        return fullDllName;
    }

    /** {@code tcpip.sys}, {@code ntdll.dll}: the name a symbol store knows the image by. */
    public String baseDllName() {
        if (!baseDllNameRead) {
            baseDllName = readableName("BaseDllName");
            baseDllNameRead = true;
        }
        return baseDllName;
    }

    /** The file part of the full path ({@code \SystemRoot\system32\drivers\tcpip.sys} -> tcpip.sys). */
    public String fullPathFileName() {
        String path = fullDllName() == null ? "" : fullDllName();
        return path.substring(path.lastIndexOf('\\') + 1);
    }

    private String readableName(String path) {
        try {
            return fields.get(path + ".Buffer") == 0 ? null : fields.unicodeString(path);
        } catch (MemoryAccessException e) {
            return null;
        }
    }
}
