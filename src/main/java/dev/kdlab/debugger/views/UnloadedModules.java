package dev.kdlab.debugger.views;

import dev.kdlab.debugger.Session;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.struct.StructView;

import java.nio.charset.StandardCharsets;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's unloaded drivers, read as the debugger engine reads them for {@code lm}'s
 * "Unloaded modules:" section: nt!MmUnloadedDrivers points at 50 UNLOADED_DRIVERS {UNICODE_STRING
 * Name; PVOID StartAddress; PVOID EndAddress; LARGE_INTEGER CurrentTime} (0x28 bytes each; the
 * type is not in the public PDB, so its offsets are here), nt!MmLastUnloadedDriver the slot the
 * next unload takes. Entries come oldest first: from that slot round to the one before it, empty
 * slots (no name) skipped. A slot that cannot be read is skipped too; no array, no entries.
 */
public final class UnloadedModules {
    private static final int SLOTS = 50;
    private static final int ENTRY_SIZE = 0x28;
    private static final int START_ADDRESS = 0x10;
    private static final int END_ADDRESS = 0x18;
    /** A name longer than a path could be is a damaged entry: read no more of it. */
    private static final int MAX_NAME_BYTES = 0x208;

    /** One unloaded image: its name as the kernel kept it and the range it had. */
    public record Unloaded(String name, long start, long end) {
    }

    private UnloadedModules() {
    }

    public static List<Unloaded> read(Session session) {
        List<Unloaded> modules = new ArrayList<>();
        long pointer = session.symbolOrZero("MmUnloadedDrivers");
        long last = session.symbolOrZero("MmLastUnloadedDriver");
        if (pointer == 0 || last == 0) {
            return modules;
        }
        long array;
        long next;
        try {
            array = session.kernel().readLong(pointer);
            next = session.kernel().readUnsigned(last, 4);
        } catch (MemoryAccessException e) {
            return modules;
        }
        if (array == 0) {
            return modules;
        }
        for (int i = 0; i < SLOTS; i++) {
            long entry = array + ((next + i) % SLOTS) * ENTRY_SIZE;
            try {
                StructView nameString = session.kernelStruct("_UNICODE_STRING", entry);
                int length = (int) Math.min(nameString.get("Length"), MAX_NAME_BYTES) & ~1;
                if (length == 0) {
                    continue;
                }
                String name = new String(session.kernel().read(nameString.get("Buffer"), length),
                        StandardCharsets.UTF_16LE);
                modules.add(new Unloaded(name, session.kernel().readLong(entry + START_ADDRESS),
                        session.kernel().readLong(entry + END_ADDRESS)));
            } catch (MemoryAccessException e) {
                // a slot that cannot be read is left out
            }
        }
        return modules;
    }
}
