package dev.kdlab.kernel;

import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.struct.StructView;

/** InsertTailList and RemoveEntryList on doubly linked {@code _LIST_ENTRY} chains in memory (Flink at +0, Blink at +8). */
public final class ListEntry {
    private ListEntry() {
    }

    public static void initializeHead(VirtualMemory memory, long head) {
        write(memory, head, head);
        write(memory, head + 8, head);
    }

    /** Links go through the field layer, so that a debugger's trace of a creation sees every list it joins. */
    public static void insertTail(VirtualMemory memory, long head, long entry) {
        try {
            long last = memory.readLong(head + 8);
            link(memory, entry).put("Flink", head).put("Blink", last);
            link(memory, last).put("Flink", entry);
            link(memory, head).put("Blink", entry);
        } catch (MemoryAccessException e) {
            throw new IllegalStateException(String.format("list at %016x not mapped", e.address()), e);
        }
    }

    /** RemoveEntryList: the neighbours point at each other; the entry keeps its old links. */
    public static void remove(VirtualMemory memory, long entry) {
        try {
            long flink = memory.readLong(entry);
            long blink = memory.readLong(entry + 8);
            link(memory, blink).put("Flink", flink);
            link(memory, flink).put("Blink", blink);
        } catch (MemoryAccessException e) {
            throw new IllegalStateException(String.format("list entry at %016x not mapped", e.address()), e);
        }
    }

    private static StructView link(VirtualMemory memory, long address) {
        return NtTypes.view(memory, "_LIST_ENTRY", address);
    }

    private static void write(VirtualMemory memory, long at, long value) {
        try {
            memory.writeLong(at, value);
        } catch (MemoryAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
