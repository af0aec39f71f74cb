package dev.kdlab.debugger.views;

import dev.kdlab.debugger.Session;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

import java.util.ArrayList;
import java.util.List;

/**
 * The one reader of loader lists, in load order (InLoadOrderLinks): the kernel's images from
 * nt!PsLoadedModuleList (where the target's version block says it is) and a process's from its
 * PEB's {@code Ldr.InLoadOrderModuleList}. {@code lm}, {@code !peb} and the module lists that
 * {@code k}, {@code ln}, {@code x} and symbol lookups resolve against all read them here. A list
 * ends where an entry can no longer be read.
 */
public final class LoaderList {
    private LoaderList() {
    }

    /** PsLoadedModuleList: ntoskrnl first, then hal, kd, the boot and system drivers. */
    public static List<LoaderEntry> kernel(Session session) {
        long head = session.target().versionBlock().psLoadedModuleList();
        return read(session, session.kernel(), head, "_KLDR_DATA_TABLE_ENTRY");
    }

    /** The images of the process whose PEB is at {@code peb} in {@code memory}; empty without a PEB. */
    public static List<LoaderEntry> process(Session session, VirtualMemory memory, long peb) {
        if (peb == 0) {
            return List.of();
        }
        try {
            return ofLdr(session, memory, session.struct(memory, "_PEB", peb).get("Ldr"));
        } catch (MemoryAccessException e) {
            return List.of();
        }
    }

    /** The images of a {@code _PEB_LDR_DATA}'s load-order list. */
    public static List<LoaderEntry> ofLdr(Session session, VirtualMemory memory, long ldr) {
        long head = session.struct(memory, "_PEB_LDR_DATA", ldr).addressOf("InLoadOrderModuleList");
        return read(session, memory, head, "_LDR_DATA_TABLE_ENTRY");
    }

    private static List<LoaderEntry> read(Session session, VirtualMemory memory, long head, String entryType) {
        long linkOffset = session.type(entryType).offsetOf("InLoadOrderLinks");
        List<LoaderEntry> entries = new ArrayList<>();
        try {
            for (long link : ListWalk.fromHead(memory, head)) {
                entries.add(LoaderEntry.read(session.struct(memory, entryType, link - linkOffset)));
            }
        } catch (MemoryAccessException e) {
            // the list ends at the first entry that cannot be read
        }
        return entries;
    }
}
