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
        long linkOffset = session.target().types().struct("_EPROCESS").offsetOf("ActiveProcessLinks");
        return listed(session, session.symbolOrZero("PsActiveProcessHead"), linkOffset, MAX_PROCESSES);
    }

    /** A process's ETHREADs in EPROCESS.ThreadListHead order; stops quietly at an unreadable or looping link. */
    public static List<Long> threads(Session session, long eprocess) {
        long head = session.kernelStruct("_EPROCESS", eprocess).addressOf("ThreadListHead");
        long linkOffset = session.target().types().struct("_ETHREAD").offsetOf("ThreadListEntry");
        return listed(session, head, linkOffset, MAX_THREADS);
    }

    /** The structures whose links follow {@code head}'s Flinks, at most {@code limit} (a corrupted list must not loop forever). */
    private static List<Long> listed(Session session, long head, long linkOffset, int limit) {
        List<Long> structures = new ArrayList<>();
        VirtualMemory kernel = session.kernel();
        try {
            for (long link = kernel.readLong(head); link != head && structures.size() < limit; link = kernel.readLong(link)) {
                structures.add(link - linkOffset);
            }
        } catch (MemoryAccessException e) {
            // the walk ends where the list can no longer be read, as kdexts' does
        }
        return structures;
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
