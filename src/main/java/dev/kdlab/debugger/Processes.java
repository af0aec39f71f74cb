package dev.kdlab.debugger;

import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Finds processes the ways kdexts does: by walking nt!PsActiveProcessHead (what {@code !process 0 0}
 * lists) and by looking a Cid up in nt!PspCidTable (what {@code !process <pid>} uses, so a process
 * unlinked from the active list is still found by its PID).
 */
public final class Processes {
    private static final int MAX_PROCESSES = 100_000;   // a corrupted list must not loop forever
    private static final int MAX_THREADS = 100_000;

    private Processes() {
    }

    /** EPROCESS addresses in list order; stops quietly at an unreadable or looping link. */
    public static List<Long> active(Session session) {
        List<Long> processes = new ArrayList<>();
        VirtualMemory kernel = session.kernel();
        long head = session.symbolOrZero("PsActiveProcessHead");
        long linkOffset = session.target().types().struct("_EPROCESS").offsetOf("ActiveProcessLinks");
        try {
            for (long link = kernel.readLong(head); link != head && processes.size() < MAX_PROCESSES;
                 link = kernel.readLong(link)) {
                processes.add(link - linkOffset);
            }
        } catch (MemoryAccessException e) {
            // the walk ends where the list can no longer be read, as kdexts' does
        }
        return processes;
    }

    /** A process's ETHREADs in EPROCESS.ThreadListHead order; stops quietly at an unreadable or looping link. */
    public static List<Long> threads(Session session, long eprocess) {
        List<Long> threads = new ArrayList<>();
        VirtualMemory kernel = session.kernel();
        long head = session.kernelStruct("_EPROCESS", eprocess).addressOf("ThreadListHead");
        long linkOffset = session.target().types().struct("_ETHREAD").offsetOf("ThreadListEntry");
        try {
            for (long link = kernel.readLong(head); link != head && threads.size() < MAX_THREADS;
                 link = kernel.readLong(link)) {
                threads.add(link - linkOffset);
            }
        } catch (MemoryAccessException e) {
            // the list ends where it can no longer be read
        }
        return threads;
    }

    /** The object PspCidTable holds for a process or thread id, if any. */
    public static OptionalLong byCid(Session session, long cid) throws MemoryAccessException {
        long table = session.kernel().readLong(session.symbolOrZero("PspCidTable"));
        OptionalLong entry = HandleTables.entry(session.kernel(), table, cid);
        if (entry.isEmpty()) {
            return OptionalLong.empty();
        }
        long low = session.kernel().readLong(entry.getAsLong());
        long objectBits = low >> 20;   // ObjectPointerBits, Pos 20, 44 bits (arithmetic: kernel addresses)
        return objectBits == 0 ? OptionalLong.empty() : OptionalLong.of(objectBits << 4);
    }

    /** Whether the object header in front of this body says Process (ObTypeIndexTable index 7). */
    public static boolean isProcessObject(Session session, long body) {
        return ObjectHeaders.typeName(session, body).map("Process"::equals).orElse(false);
    }
}
