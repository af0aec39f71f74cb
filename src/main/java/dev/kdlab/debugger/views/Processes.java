package dev.kdlab.debugger.views;

import dev.kdlab.debugger.Session;
import dev.kdlab.memory.MemoryAccessException;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds processes the ways kdexts does: by walking nt!PsActiveProcessHead (what {@code !process 0 0}
 * lists) and by looking a Cid up in nt!PspCidTable (what {@code !process <pid>} uses, so a process
 * unlinked from the active list is still found by its PID).
 */
public final class Processes {
    private Processes() {
    }

    /** EPROCESS addresses in ActiveProcessLinks order. */
    public static List<Long> active(Session session) {
        long linkOffset = session.type("_EPROCESS").offsetOf("ActiveProcessLinks");
        return ListWalk.entries(session.kernel(), session.symbolOrZero("PsActiveProcessHead"), linkOffset);
    }

    /** The object PspCidTable holds for a process or thread id, if any. */
    public static OptionalLong byCid(Session session, long cid) throws MemoryAccessException {
        Optional<HandleTableEntry> entry = HandleTable.cidTable(session).entry(cid);
        return entry.isEmpty() ? OptionalLong.empty() : entry.get().object();
    }
}
