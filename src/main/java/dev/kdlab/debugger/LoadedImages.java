package dev.kdlab.debugger;

import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The images a debugger knows as modules, found the way it finds them: kernel images by walking
 * nt!PsLoadedModuleList, user images by walking the implicit process's PEB loader list
 * (InLoadOrderModuleList). Names are WinDbg's: the file name without extension ("tcpip",
 * "mcupdate_GenuineIntel"), "nt" for the kernel; a user image whose name a kernel module already
 * has gets its base appended ("kd_7ff6ee3e0000").
 */
public final class LoadedImages {
    private static final int MAX_MODULES = 10_000;   // a corrupted list must not loop forever

    private LoadedImages() {
    }

    /** One loaded image: its module name, range, paths, and the memory its headers are read through. */
    public record Image(String name, long base, long size, String fullPath, String fileName, boolean kernel,
                        VirtualMemory memory) {
        public long end() {
            return base + size;
        }
    }

    /** PsLoadedModuleList, in load order. */
    public static List<Image> kernel(Session session) {
        VirtualMemory kernel = session.kernel();
        long head = session.symbolOrZero("PsLoadedModuleList");
        List<Image> images = new ArrayList<>();
        try {
            for (long link = kernel.readLong(head); link != head && images.size() < MAX_MODULES;
                 link = kernel.readLong(link)) {
                images.add(image(kernel, "_KLDR_DATA_TABLE_ENTRY", link, true, images.isEmpty()));
            }
        } catch (MemoryAccessException e) {
            // the list ends where it can no longer be read
        }
        return images;
    }

    /** The implicit process's loader list, in load order; empty for a process without a PEB. */
    public static List<Image> user(Session session) {
        List<Image> images = new ArrayList<>();
        VirtualMemory memory = session.memory();
        try {
            long peb = session.kernelStruct("_EPROCESS", session.implicitProcess()).get("Peb");
            if (peb == 0) {
                return images;
            }
            long ldr = new StructReader(memory, "_PEB", peb).get("Ldr");
            StructReader data = new StructReader(memory, "_PEB_LDR_DATA", ldr);
            long head = data.addressOf("InLoadOrderModuleList");
            Set<String> kernelNames = new HashSet<>();
            for (Image image : kernel(session)) {
                kernelNames.add(image.name().toLowerCase(Locale.ROOT));
            }
            for (long link = data.get("InLoadOrderModuleList.Flink"); link != head && images.size() < MAX_MODULES;
                 link = memory.readLong(link)) {
                Image image = image(memory, "_LDR_DATA_TABLE_ENTRY", link, false, false);
                if (kernelNames.contains(image.name().toLowerCase(Locale.ROOT))) {
                    image = new Image(image.name() + "_" + Long.toHexString(image.base()), image.base(), image.size(),
                            image.fullPath(), image.fileName(), false, memory);
                }
                images.add(image);
            }
        } catch (MemoryAccessException e) {
            // no PEB, or a loader list that cannot be read: the modules found so far
        }
        return images;
    }

    private static Image image(VirtualMemory memory, String type, long entry, boolean kernel, boolean first)
            throws MemoryAccessException {
        StructReader e = new StructReader(memory, type, entry);
        String fullPath = readable(e, "FullDllName");
        String fileName = readable(e, "BaseDllName");
        String name = first ? "nt" : stem(kernel ? fullPath.substring(fullPath.lastIndexOf('\\') + 1) : fileName);
        return new Image(name, e.get("DllBase"), e.get("SizeOfImage"), fullPath, fileName, kernel, memory);
    }

    private static String readable(StructReader entry, String path) {
        try {
            return entry.unicodeString(path);
        } catch (MemoryAccessException e) {
            return "";
        }
    }

    private static String stem(String file) {
        int dot = file.lastIndexOf('.');
        return dot <= 0 ? file : file.substring(0, dot);
    }
}
