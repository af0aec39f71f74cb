package dev.kdlab.kernel.se;

import dev.kdlab.memory.LittleEndian;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Self-relative security descriptors as SeAssignSecurity leaves them on objects (winnt.h
 * SECURITY_DESCRIPTOR_RELATIVE: revision 1, control, then the offsets of owner, group, SACL and
 * DACL, which follow in that order). The object manager caches each distinct one and every object
 * with the same descriptor shares it.
 */
public final class SecurityDescriptors {
    /** Process and thread descriptors by user and access mask (see {@link #processObject}). */
    private static final Map<String, byte[]> PROCESS_OBJECTS = new ConcurrentHashMap<>();
    /** SE_DACL_PRESENT, SE_DACL_AUTO_INHERITED, SE_SELF_RELATIVE. */
    private static final int SE_DACL_PRESENT = 0x0004;
    private static final int SE_DACL_AUTO_INHERITED = 0x0400;
    private static final int SE_SELF_RELATIVE = 0x8000;
    private static final int ACCESS_ALLOWED_ACE_TYPE = 0;
    private static final int CONTAINER_INHERIT_OBJECT_INHERIT = 0x03;
    private static final String SYSTEM = "S-1-5-18";
    private static final String ADMINISTRATORS = "S-1-5-32-544";
    private static final String EVERYONE = "S-1-1-0";
    private static final String RESTRICTED = "S-1-5-12";

    /** One ACCESS_ALLOWED ACE: who, with which rights, with which inheritance flags. */
    private record Ace(String sid, long mask, int flags) {
    }

    private SecurityDescriptors() {
    }

    /**
     * What the object directories and the other permanent objects of the namespace carry: owned by
     * Administrators; Everyone and RESTRICTED may query and traverse (0x20003), SYSTEM and
     * Administrators have all access (0xf000f), inherited by what is created inside.
     */
    public static byte[] namespaceObject() {
        return build(ADMINISTRATORS, SYSTEM, List.of(
                new Ace(EVERYONE, 0x20003, 0),
                new Ace(RESTRICTED, 0x20003, 0),
                new Ace(SYSTEM, 0xf000f, 0),
                new Ace(ADMINISTRATORS, 0xf000f, 0),
                new Ace(SYSTEM, 0x10000000, 0x0b),
                new Ace(ADMINISTRATORS, 0x10000000, 0x0b)));
    }

    /**
     * A process's or thread's descriptor, made from its token's default DACL: owned by the user,
     * the user and SYSTEM with all access, the logon SID with query-limited rights. Every thread of
     * a user gets the same bytes, so they are built once per user and access mask; callers only copy
     * them into memory.
     */
    public static byte[] processObject(Sid user, long allAccess) {
        return PROCESS_OBJECTS.computeIfAbsent(user.text() + ":" + allAccess, key -> build(user.text(), SYSTEM, List.of(
                new Ace(user.text(), allAccess, 0),
                new Ace(SYSTEM, allAccess, 0),
                new Ace(ADMINISTRATORS, 0x121411, 0))));
    }

    private static byte[] build(String owner, String group, List<Ace> aces) {
        byte[] ownerBytes = Sid.of(owner).bytes();
        byte[] groupBytes = Sid.of(group).bytes();
        ByteArrayOutputStream dacl = new ByteArrayOutputStream();
        for (Ace ace : aces) {
            byte[] sid = Sid.of(ace.sid()).bytes();
            byte[] entry = new byte[8 + sid.length];
            entry[0] = ACCESS_ALLOWED_ACE_TYPE;
            entry[1] = (byte) ace.flags();
            LittleEndian.put(entry, 2, 2, entry.length);
            LittleEndian.put(entry, 4, 4, ace.mask());
            System.arraycopy(sid, 0, entry, 8, sid.length);
            dacl.writeBytes(entry);
        }
        int aclSize = 8 + dacl.size();
        byte[] sd = new byte[0x14 + ownerBytes.length + groupBytes.length + aclSize];
        sd[0] = 1;
        LittleEndian.put(sd, 2, 2, SE_SELF_RELATIVE | SE_DACL_PRESENT | SE_DACL_AUTO_INHERITED);
        int at = 0x14;
        LittleEndian.put(sd, 4, 4, at);
        System.arraycopy(ownerBytes, 0, sd, at, ownerBytes.length);
        at += ownerBytes.length;
        LittleEndian.put(sd, 8, 4, at);
        System.arraycopy(groupBytes, 0, sd, at, groupBytes.length);
        at += groupBytes.length;
        LittleEndian.put(sd, 0x10, 4, at);   // OffsetDacl; OffsetSacl (0xc) stays 0
        sd[at] = 2;                          // AclRevision
        LittleEndian.put(sd, at + 2, 2, aclSize);
        LittleEndian.put(sd, at + 4, 2, aces.size());
        System.arraycopy(dacl.toByteArray(), 0, sd, at + 8, dacl.size());
        return sd;
    }
}
