package dev.kdlab.kernel;

import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

/** InsertTailList and RemoveEntryList on doubly linked {@code _LIST_ENTRY} chains in memory (Flink at +0, Blink at +8). */
public final class ListEntry {
    private ListEntry() {
    }

    public static void initializeHead(VirtualMemory memory, long head) {
        write(memory, head, head);
        write(memory, head + 8, head);
    }

    public static void insertTail(VirtualMemory memory, long head, long entry) {
        try {
            long last = memory.readLong(head + 8);
            memory.writeLong(entry, head);
            memory.writeLong(entry + 8, last);
            memory.writeLong(last, entry);
            memory.writeLong(head + 8, entry);
        } catch (MemoryAccessException e) {
            throw new IllegalStateException(String.format("list at %016x not mapped", e.address()), e);
        }
    }

    /** RemoveEntryList: the neighbours point at each other; the entry keeps its old links. */
    public static void remove(VirtualMemory memory, long entry) {
        try {
            long flink = memory.readLong(entry);
            long blink = memory.readLong(entry + 8);
            memory.writeLong(blink, flink);
            memory.writeLong(flink + 8, blink);
        } catch (MemoryAccessException e) {
            throw new IllegalStateException(String.format("list entry at %016x not mapped", e.address()), e);
        }
    }

    private static void write(VirtualMemory memory, long at, long value) {
        try {
            memory.writeLong(at, value);
        } catch (MemoryAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
