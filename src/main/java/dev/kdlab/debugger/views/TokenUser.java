package dev.kdlab.debugger.views;

import dev.kdlab.debugger.Session;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.struct.StructView;

/**
 * Who a process runs as, read from its token as a debugger reads it: EPROCESS.Token (an
 * _EX_FAST_REF, the low 4 bits a reference count), the token's first UserAndGroups entry (the
 * user's SID), and for an account the SID alone does not name, the AccountName of the token's
 * logon session (_SEP_LOGON_SESSION_REFERENCES). Well-known SIDs: Microsoft Learn, "Well-known SIDs".
 */
public final class TokenUser {
    private TokenUser() {
    }

    /** {@code SYSTEM}, {@code LOCAL SERVICE}, {@code DWM-1}, {@code learner}; the SID when nothing names it; {@code ?} when unreadable. */
    public static String of(Session session, long eprocess) {
        try {
            long token = Eprocess.at(session, eprocess).token();
            if (token == 0) {
                return "?";
            }
            StructView t = session.kernelStruct("_TOKEN", token);
            long sid = session.kernelStruct("_SID_AND_ATTRIBUTES", t.get("UserAndGroups")).get("Sid");
            String text = sidText(session, sid);
            String known = wellKnown(text);
            if (known != null) {
                return known;
            }
            long logonSession = t.get("LogonSession");
            String account = logonSession == 0 ? "" : session.kernelStruct("_SEP_LOGON_SESSION_REFERENCES", logonSession)
                    .unicodeString("AccountName");
            return account.isEmpty() ? text : account;
        } catch (MemoryAccessException e) {
            return "?";
        }
    }

    /** S-R-I-S-S...: revision, 48-bit big-endian authority, then the sub-authorities (little-endian ULONGs). */
    static String sidText(Session session, long sid) throws MemoryAccessException {
        byte[] head = session.kernel().read(sid, 8);
        int count = head[1] & 0xff;
        long authority = 0;
        for (int i = 2; i < 8; i++) {
            authority = (authority << 8) | (head[i] & 0xff);
        }
        StringBuilder text = new StringBuilder("S-").append(head[0] & 0xff).append('-').append(authority);
        for (int i = 0; i < count; i++) {
            text.append('-').append(session.kernel().readInt(sid + 8 + 4L * i));
        }
        return text.toString();
    }

    private static String wellKnown(String sid) {
        switch (sid) {
            case "S-1-5-18":
                return "SYSTEM";
            case "S-1-5-19":
                return "LOCAL SERVICE";
            case "S-1-5-20":
                return "NETWORK SERVICE";
            default:
                break;
        }
        if (sid.startsWith("S-1-5-90-0-")) {
            return "DWM-" + sid.substring("S-1-5-90-0-".length());   // Window Manager\DWM-n
        }
        if (sid.startsWith("S-1-5-96-0-")) {
            return "UMFD-" + sid.substring("S-1-5-96-0-".length());  // Font Driver Host\UMFD-n
        }
        return null;
    }
}
