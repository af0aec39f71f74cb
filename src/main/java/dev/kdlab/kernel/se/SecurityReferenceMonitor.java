package dev.kdlab.kernel.se;

import dev.kdlab.struct.StructBuffer;
import dev.kdlab.struct.StructFields;
import dev.kdlab.struct.StructView;
import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.kernel.ob.ObjectManager;
import dev.kdlab.kernel.ob.ObjectTypeIndex;

import dev.kdlab.memory.LittleEndian;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Se half of process creation: logon sessions, primary tokens built for an account
 * (SeMakeSystemToken at boot, NtCreateToken as LSA calls it for a logon) and the duplicate each
 * new process gets of its parent's token (SeSubProcessToken), copied from the parent token's
 * bytes, so a token swapped in memory is what the children inherit.
 *
 * <p>A {@code _TOKEN} body is the fixed part (0x490 bytes) followed by its variable part:
 * UserAndGroups (SID_AND_ATTRIBUTES[]) and the SIDs they point at. The last "field" of the fixed
 * part, VariablePart, is that array's first entry: dt shows it as the pointer to the user's SID. The primary group and the
 * default DACL live in a separate dynamic part, as the transcripts show (DynamicPart -> 0x501).
 */
public final class SecurityReferenceMonitor {
    private static final Sid SYSTEM_TRUST = Sid.of("S-1-19-1024-8192");
    private static final long VARIABLE_PART = 0x490;
    private static final int SID_AND_ATTRIBUTES = 0x10;
    private static final long DYNAMIC_CHARGE = 0x400;   // TOKEN_DEFAULT_DYNAMIC_CHARGE
    private static final int SID_HASH_ENTRIES = 64;
    private static final int LOGON_BUCKETS = 16;
    private static final long GENERIC_ALL = 0x1000_0000L;
    private static final long GENERIC_READ_EXECUTE = 0xa000_0000L;
    private static final int TOKEN_PRIMARY = 1;
    /** Where C: lives on the NT side (machine-19045.md 1.2 notes: HarddiskVolume3). */
    private static final String SYSTEM_VOLUME = "\\Device\\HarddiskVolume3";

    private final KernelSpace space;
    private final Pool pagedPool;
    private final ObjectManager objects;
    private final SplittableRandom random;
    private final Sid machineSid;
    private final long logonSessionBuckets;
    private final Map<String, LogonSession> logons = new HashMap<>();
    /** The System token is the first one made: Token ID 0x3eb, Modified ID 0x3ec (machine-19045.md 4.1). */
    private long nextLuid = 0x3eb;

    /** A logon session as LSA and the SRM track it, with its SEP_LOGON_SESSION_REFERENCES. */
    public record LogonSession(Account account, int sessionId, long logonId, long references, TokenShape shape) {
    }

    public SecurityReferenceMonitor(KernelSpace space, Pool pagedPool, ObjectManager objects, SplittableRandom random,
                             long sepLogonSessions) {
        this.space = space;
        this.pagedPool = pagedPool;
        this.objects = objects;
        this.random = random;
        this.machineSid = Sid.of(String.format("S-1-5-21-%d-%d-%d", random.nextLong(1L << 31, 1L << 32),
                random.nextLong(1L << 31, 1L << 32), random.nextLong(1L << 31, 1L << 32)));
        this.logonSessionBuckets = pagedPool.allocate("SeLs", 8L * LOGON_BUCKETS);
        space.write64(sepLogonSessions, logonSessionBuckets);
    }

    /** The machine's account domain: S-1-5-21-x-y-z, the prefix of the desktop user's SID. */
    public Sid machineSid() {
        return machineSid;
    }

    /** NtAllocateLocallyUniqueId: LUIDs only grow; other work of the system takes some in between. */
    public long NtAllocateLocallyUniqueId() {
        long luid = nextLuid;
        nextLuid += nextLuid < 0x3f0 ? 1 : random.nextInt(1, 0x40);
        return luid;
    }

    /**
     * The logon session of an account in a session, created on first use (LsapCreateLogonSession,
     * then SepCreateLogonSessionTrack links its references block into nt!SepLogonSessions).
     */
    public LogonSession logon(Account account, int sessionId) {
        int session = account == Account.SYSTEM || account == Account.LOCAL_SERVICE
                || account == Account.NETWORK_SERVICE ? 0 : sessionId;
        return logons.computeIfAbsent(account + "/" + session, key -> createLogonSession(account, session));
    }

    private LogonSession createLogonSession(Account account, int sessionId) {
        long logonId = account.wellKnownLogonId();
        if (logonId == 0) {
            nextLuid += random.nextInt(0x1000, 0x8000);   // interactive logons come after a lot of other LUIDs
            logonId = NtAllocateLocallyUniqueId();
        }
        long references = pagedPool.allocate("SeLs", 0xc0);
        String accountName = account.accountName(sessionId);
        long accountBuffer = pagedPool.allocate("SeLs", 2L * accountName.length() + 2);
        long authorityBuffer = pagedPool.allocate("SeLs", 2L * account.authorityName().length() + 2);
        space.writeWide(accountBuffer, accountName);
        space.writeWide(authorityBuffer, account.authorityName());
        long bucket = logonSessionBuckets + 8 * (logonId & (LOGON_BUCKETS - 1));
        space.struct("_SEP_LOGON_SESSION_REFERENCES", references)
                .put("Next", space.read(bucket, 8))
                .put("LogonId.LowPart", logonId)
                .put("Flags", 0xd)
                .putUnicodeString("AccountName", accountBuffer, 2 * accountName.length(), 2 * accountName.length() + 2)
                .putUnicodeString("AuthorityName", authorityBuffer, 2 * account.authorityName().length(),
                        2 * account.authorityName().length() + 2);
        space.write64(bucket, references);
        return new LogonSession(account, sessionId, logonId, references,
                account.tokenShape(machineSid, sessionId, logonId));
    }

    /**
     * SeMakeSystemToken: the boot process's token, of the SYSTEM logon session, trusted at the
     * full WinTcb level (a Win10 {@code !token} of System ends with
     * {@code Process Token TrustLevelSid: S-1-19-1024-8192}, machine-19045 section 4.1).
     */
    public long SeMakeSystemToken() {
        return SeCreateToken(logon(Account.SYSTEM, 0), 0, SYSTEM_TRUST);
    }

    /**
     * The trust-level SID a protected process's token carries, from its _PS_PROTECTION byte
     * (Type in bits 0-2: 1 light, 2 full; Signer in bits 4-7): S-1-19-&lt;512 light | 1024 full&gt;-&lt;signer
     * RID&gt;, with the signer RIDs of machine-19045 section 4.1 (Antimalware 1536, Lsa 2048, Windows
     * 4096, WinTcb 8192). Null for an unprotected process or a signer without a known RID.
     */
    public static Sid trustLevel(int protection) {
        int type = protection & 7;
        int signer = (protection >>> 4) & 0xf;
        if (type == 0 || type > 2 || signer < 3 || signer > 6) {
            return null;
        }
        int[] signerRids = {1536, 2048, 4096, 8192};   // Antimalware, Lsa, Windows, WinTcb
        return Sid.of("S-1-19-" + (type == 1 ? 512 : 1024) + "-" + signerRids[signer - 3]);
    }

    /** The token object LSA asks for when it logs an account on (NtCreateToken). */
    public long SeCreateToken(LogonSession logon, int sessionId) {
        return SeCreateToken(logon, sessionId, null);
    }

    /**
     * NtCreateToken with a trust level: {@code trust} (or null) follows the user and group SIDs
     * in the token's variable part, and TrustLevelSid points at it.
     */
    public long SeCreateToken(LogonSession logon, int sessionId, Sid trust) {
        TokenShape shape = logon.shape();
        List<TokenShape.Group> groups = shape.groups();
        int count = shape.userAndGroupCount();
        Sid[] sids = new Sid[count];
        int[] attributes = new int[count];
        sids[0] = shape.user();
        for (int i = 1; i < count; i++) {
            sids[i] = groups.get(i - 1).sid();
            attributes[i] = groups.get(i - 1).attributes();
        }
        int sidBytes = 0;
        for (Sid sid : sids) {
            sidBytes += sid.length();
        }
        int groupsLength = count * SID_AND_ATTRIBUTES + sidBytes;
        int variableLength = groupsLength + (trust == null ? 0 : trust.length());
        long token = objects.create(ObjectTypeIndex.TOKEN, "Toke", VARIABLE_PART + variableLength, 0, pagedPool);
        long userAndGroups = token + VARIABLE_PART;
        space.write(userAndGroups, variablePart(userAndGroups, sids, attributes));
        long trustLevelSid = writeTrustLevel(userAndGroups + groupsLength, trust);
        long tokenId = NtAllocateLocallyUniqueId();
        StructBuffer t = space.batch("_TOKEN", token)
                .putBytes("TokenSource.SourceName", shape.sourceName().getBytes(StandardCharsets.US_ASCII))
                .put("TokenSource.SourceIdentifier.LowPart", logon.account() == Account.SYSTEM ? 0 : logon.logonId())
                .put("TokenId.LowPart", tokenId)
                .put("AuthenticationId.LowPart", logon.logonId())
                .put("ExpirationTime.QuadPart", Long.MAX_VALUE)
                .put("ModifiedId.LowPart", NtAllocateLocallyUniqueId())
                .put("Privileges.Present", shape.privilegesPresent())
                .put("Privileges.Enabled", shape.privilegesEnabled())
                .put("Privileges.EnabledByDefault", shape.privilegesEnabledByDefault())
                .put("SessionId", sessionId)
                .put("UserAndGroupCount", count)
                .put("VariableLength", variableLength)
                .put("DefaultOwnerIndex", shape.defaultOwnerIndex())
                .put("UserAndGroups", userAndGroups)
                .put("TokenType", TOKEN_PRIMARY)
                .put("TokenFlags", shape.tokenFlags())
                .put("IntegrityLevelIndex", shape.integrityLevelIndex())
                .put("MandatoryPolicy", 3)   // NO_WRITE_UP | NEW_PROCESS_MIN
                .put("LogonSession", logon.references())
                .put("OriginatingLogonSession.LowPart", shape.originatingLogonSession())
                .put("TrustLevelSid", trustLevelSid);
        writeDynamicPart(t, shape);
        RtlSidHashInitialize(t, "SidHash", userAndGroups, sids);
        t.flush();
        referenceLogonSession(logon.references(), token);
        return token;
    }

    /** The trust SID's bytes at {@code at}; its address, or 0 for none. */
    private long writeTrustLevel(long at, Sid trust) {
        if (trust == null) {
            return 0;
        }
        space.write(at, trust.bytes());
        return at;
    }

    /** SID_AND_ATTRIBUTES[count] followed by the SIDs they point at, as one block. */
    private static byte[] variablePart(long at, Sid[] sids, int[] attributes) {
        int arrayBytes = sids.length * SID_AND_ATTRIBUTES;
        int total = arrayBytes;
        for (Sid sid : sids) {
            total += sid.length();
        }
        byte[] bytes = new byte[total];
        int sidOffset = arrayBytes;
        for (int i = 0; i < sids.length; i++) {
            LittleEndian.putLong(bytes, i * SID_AND_ATTRIBUTES, at + sidOffset);
            LittleEndian.put(bytes, i * SID_AND_ATTRIBUTES + 8, 4, attributes[i]);
            byte[] sid = sids[i].bytes();
            System.arraycopy(sid, 0, bytes, sidOffset, sid.length);
            sidOffset += sid.length;
        }
        return bytes;
    }

    /** The dynamic part: the primary group's SID, then a default DACL granting the user and SYSTEM. */
    private void writeDynamicPart(StructFields<?> token, TokenShape shape) {
        byte[] group = shape.primaryGroup().bytes();
        byte[] dacl = defaultDacl(shape.user(), Sid.of("S-1-5-18"));
        long dynamic = pagedPool.allocate("SeTd", DYNAMIC_CHARGE);
        space.write(dynamic, group);
        space.write(dynamic + group.length, dacl);
        token.put("DynamicCharged", DYNAMIC_CHARGE)
                .put("DynamicAvailable", DYNAMIC_CHARGE - group.length - dacl.length)
                .put("DynamicPart", dynamic)
                .put("PrimaryGroup", dynamic)
                .put("DefaultDacl", dynamic + group.length);
    }

    /** An ACL (revision 2) with ACCESS_ALLOWED_ACEs: GENERIC_ALL for the user and SYSTEM. */
    private static byte[] defaultDacl(Sid user, Sid system) {
        Sid[] trustees = user.equals(system) ? new Sid[] {system, Sid.of("S-1-5-32-544")} : new Sid[] {user, system};
        long[] masks = user.equals(system) ? new long[] {GENERIC_ALL, GENERIC_READ_EXECUTE}
                : new long[] {GENERIC_ALL, GENERIC_ALL};
        int size = 8;
        for (Sid sid : trustees) {
            size += 8 + sid.length();
        }
        byte[] acl = new byte[size];
        acl[0] = 2;
        LittleEndian.put(acl, 2, 2, size);
        LittleEndian.put(acl, 4, 2, trustees.length);
        int at = 8;
        for (int i = 0; i < trustees.length; i++) {
            byte[] sid = trustees[i].bytes();
            LittleEndian.put(acl, at + 2, 2, 8 + sid.length);   // AceType 0 (allowed), AceFlags 0, AceSize
            LittleEndian.put(acl, at + 4, 4, masks[i]);
            System.arraycopy(sid, 0, acl, at + 8, sid.length);
            at += 8 + sid.length;
        }
        return acl;
    }

    /**
     * RtlSidHashInitialize: for SID i, the low and high nibble of its last sub-authority's low
     * byte select which of 32 masks get bit i.
     */
    private static void RtlSidHashInitialize(StructFields<?> token, String path, long sidAttributes, Sid[] sids) {
        int count = Math.min(sids.length, SID_HASH_ENTRIES);
        long[] hash = new long[32];
        for (int i = 0; i < count; i++) {
            int b = sids[i].hashByte();
            hash[b & 0xf] |= 1L << i;
            hash[16 + (b >>> 4)] |= 1L << i;
        }
        byte[] bytes = new byte[8 * hash.length];
        for (int i = 0; i < hash.length; i++) {
            LittleEndian.putLong(bytes, 8 * i, hash[i]);
        }
        token.put(path + ".SidCount", count).put(path + ".SidAttr", sidAttributes).putBytes(path + ".Hash", bytes);
    }

    /**
     * SeSubProcessToken: the new process's primary token is a duplicate of its parent's, read
     * from the parent token's bytes (SepDuplicateToken): same logon, groups and privileges, a new
     * Token ID, ParentTokenId naming the original, pointers moved to the copy.
     */
    public long SeSubProcessToken(long parentToken, int sessionId) {
        return SeSubProcessToken(parentToken, sessionId, null);
    }

    /**
     * SeSubProcessToken for a process of the given trust level (null: none): the parent's own
     * trust SID is not inherited; the child's, if any, follows the copied groups.
     */
    public long SeSubProcessToken(long parentToken, int sessionId, Sid trust) {
        StructView parent = space.struct("_TOKEN", parentToken);
        long oldVariable = read(parent, "UserAndGroups", 8);
        long parentTrust = read(parent, "TrustLevelSid", 8);
        int groupsLength = (int) (parentTrust != 0 ? parentTrust - oldVariable : read(parent, "VariableLength", 4));
        int variableLength = groupsLength + (trust == null ? 0 : trust.length());
        int count = (int) read(parent, "UserAndGroupCount", 4);
        long token = objects.create(ObjectTypeIndex.TOKEN, "Toke", VARIABLE_PART + variableLength, 0, pagedPool);
        long newVariable = token + VARIABLE_PART;
        space.write(token, readBytes(parentToken, (int) VARIABLE_PART));
        byte[] variable = readBytes(oldVariable, groupsLength);
        for (int i = 0; i < count; i++) {
            long sid = LittleEndian.getLong(variable, i * SID_AND_ATTRIBUTES);
            LittleEndian.putLong(variable, i * SID_AND_ATTRIBUTES, sid - oldVariable + newVariable);
        }
        space.write(newVariable, variable);
        long oldDynamic = read(parent, "DynamicPart", 8);
        long charged = read(parent, "DynamicCharged", 4);
        long dynamic = pagedPool.allocate("SeTd", charged);
        space.write(dynamic, readBytes(oldDynamic, (int) charged));
        long logonSession = read(parent, "LogonSession", 8);
        StructBuffer t = space.batch("_TOKEN", token)
                .put("TokenId.LowPart", NtAllocateLocallyUniqueId())
                .put("ParentTokenId.LowPart", read(parent, "TokenId.LowPart", 4))
                .put("UserAndGroups", newVariable)
                .put("SidHash.SidAttr", newVariable)
                .put("DynamicPart", dynamic)
                .put("PrimaryGroup", read(parent, "PrimaryGroup", 8) - oldDynamic + dynamic)
                .put("DefaultDacl", read(parent, "DefaultDacl", 8) - oldDynamic + dynamic)
                .put("TokenInUse", 0)
                .put("SessionId", sessionId)
                .put("VariableLength", variableLength)
                .put("TrustLevelSid", writeTrustLevel(newVariable + groupsLength, trust));
        t.flush();
        if (logonSession != 0) {
            referenceLogonSession(logonSession, token);
        }
        return t.address();
    }

    /**
     * SeInitializeProcessAuditName: the image's NT path (\Device\HarddiskVolume3\Windows\...) in an
     * OBJECT_NAME_INFORMATION, what SeAuditProcessCreationInfo.ImageFileName points at. Processes
     * without an image file (null path) get an empty name.
     */
    public void SeInitializeProcessAuditName(long eprocess, String imagePath) {
        String name = imagePath == null ? "" : ntPath(imagePath);
        int bytes = 2 * name.length();
        long block = pagedPool.allocate("SeOn", 0x10 + bytes + 2);
        space.write(block + 0x10, (name + "\0").getBytes(StandardCharsets.UTF_16LE));
        space.struct("_OBJECT_NAME_INFORMATION", block)
                .putUnicodeString("Name", name.isEmpty() ? 0 : block + 0x10, bytes, name.isEmpty() ? 0 : bytes + 2);
        space.struct("_EPROCESS", eprocess).put("SeAuditProcessCreationInfo.ImageFileName", block);
    }

    /** C:\Windows\... and \SystemRoot\... as the object manager names them. */
    static String ntPath(String dosPath) {
        if (dosPath.regionMatches(true, 0, "\\SystemRoot\\", 0, 12)) {
            return SYSTEM_VOLUME + "\\Windows\\" + dosPath.substring(12);
        }
        if (dosPath.length() > 2 && dosPath.charAt(1) == ':') {
            return SYSTEM_VOLUME + dosPath.substring(2);
        }
        return dosPath;
    }

    /**
     * NtAdjustPrivilegesToken: privileges of the mask that the token has become enabled (lsass
     * enables SeCreateTokenPrivilege for itself as it starts, machine-19045.md 4.2).
     */
    public void NtAdjustPrivilegesToken(long token, long enable) {
        StructView t = space.struct("_TOKEN", token);
        long present = read(t, "Privileges.Present", 8);
        t.put("Privileges.Enabled", read(t, "Privileges.Enabled", 8) | (enable & present));
    }

    /** The text of a token's user SID (UserAndGroups[0]), read from the token's bytes. */
    public String SeQueryUserSid(long token) {
        long sid = space.read(space.struct("_TOKEN", token).get("UserAndGroups"), 8);
        int count = (int) space.read(sid + 1, 1);
        long authority = 0;
        for (int i = 2; i < 8; i++) {
            authority = authority << 8 | space.read(sid + i, 1);
        }
        StringBuilder text = new StringBuilder("S-1-").append(authority);
        for (int i = 0; i < count; i++) {
            text.append('-').append(space.read(sid + 8 + 4L * i, 4));
        }
        return text.toString();
    }

    /** SeAssignPrimaryToken: the token becomes the process's (an _EX_FAST_REF with cached references). */
    public void SeAssignPrimaryToken(long eprocess, long token) {
        space.struct("_TOKEN", token).put("TokenInUse", 1);
        space.struct("_EPROCESS", eprocess).put("Token", token | random.nextInt(16));
    }

    private void referenceLogonSession(long references, long token) {
        StructView r = space.struct("_SEP_LOGON_SESSION_REFERENCES", references);
        long count = read(r, "ReferenceCount", 8);
        r.put("ReferenceCount", count + 1);
        if (count == 0) {
            r.put("Token", token);
        }
    }

    private long read(StructView struct, String path, int size) {
        return space.read(struct.addressOf(path), size);
    }

    private byte[] readBytes(long address, int length) {
        byte[] bytes = new byte[length];
        space.memory().readAvailable(address, bytes, 0, length);
        return bytes;
    }
}
