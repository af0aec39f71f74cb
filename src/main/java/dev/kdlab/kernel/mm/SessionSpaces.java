package dev.kdlab.kernel.mm;

import dev.kdlab.kernel.AddressPlan;
import dev.kdlab.kernel.KernelSpace;

import java.util.HashMap;
import java.util.Map;

/** Session spaces, each created the first time a process of its session starts (MmSessionCreate). */
public final class SessionSpaces {
    private final KernelSpace space;
    private final AddressPlan plan;
    private final Map<Integer, Long> sessions = new HashMap<>();

    public SessionSpaces(KernelSpace space, AddressPlan plan) {
        this.space = space;
        this.plan = plan;
    }

    /** The _MM_SESSION_SPACE of a session, created at {@code createTime} (a FILETIME) if it is new. */
    public long MmSessionCreate(int sessionId, long createTime) {
        return sessions.computeIfAbsent(sessionId, id -> {
            long session = plan.sessionSpace() + 0x1000 + 0x6000L * id;
            space.mapData(session, 5);
            space.struct("_MM_SESSION_SPACE", session).put("SessionId", id).put("ReferenceCount", 1)
                    .put("CreateTime", createTime)
                    .emptyList("ProcessList");
            return session;
        });
    }

    /** The _MM_SESSION_SPACE of a session that exists. */
    public long session(int sessionId) {
        Long session = sessions.get(sessionId);
        if (session == null) {
            throw new IllegalStateException("no session " + sessionId);
        }
        return session;
    }
}
