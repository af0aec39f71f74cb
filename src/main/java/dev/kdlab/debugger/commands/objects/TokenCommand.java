package dev.kdlab.debugger.commands.objects;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.struct.StructView;
import dev.kdlab.debugger.objects.KernelObject;
import dev.kdlab.debugger.objects.ObjectTypes;
import dev.kdlab.debugger.objects.Sids;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

import java.util.List;
import java.util.Optional;

/**
 * {@code !token [-n] [Address]} (transcripts 6.3): a token's session, user, groups with their
 * attributes, primary group, privileges (by LUID, with Enabled and Default as the masks say),
 * authentication id, impersonation level, type, source and flags, ids, and the rest of kdexts'
 * block. Without an address, the implicit thread's token if it impersonates, else its process's.
 * {@code -n} names the SIDs.
 */
public final class TokenCommand implements Command {
    private static final int SID_AND_ATTRIBUTES = 0x10;
    private static final List<String> PRIVILEGES = List.of("", "", "SeCreateTokenPrivilege",
            "SeAssignPrimaryTokenPrivilege", "SeLockMemoryPrivilege", "SeIncreaseQuotaPrivilege",
            "SeMachineAccountPrivilege", "SeTcbPrivilege", "SeSecurityPrivilege", "SeTakeOwnershipPrivilege",
            "SeLoadDriverPrivilege", "SeSystemProfilePrivilege", "SeSystemtimePrivilege",
            "SeProfileSingleProcessPrivilege", "SeIncreaseBasePriorityPrivilege", "SeCreatePagefilePrivilege",
            "SeCreatePermanentPrivilege", "SeBackupPrivilege", "SeRestorePrivilege", "SeShutdownPrivilege",
            "SeDebugPrivilege", "SeAuditPrivilege", "SeSystemEnvironmentPrivilege", "SeChangeNotifyPrivilege",
            "SeRemoteShutdownPrivilege", "SeUndockPrivilege", "SeSyncAgentPrivilege", "SeEnableDelegationPrivilege",
            "SeManageVolumePrivilege", "SeImpersonatePrivilege", "SeCreateGlobalPrivilege",
            "SeTrustedCredManAccessPrivilege", "SeRelabelPrivilege", "SeIncreaseWorkingSetPrivilege",
            "SeTimeZonePrivilege", "SeCreateSymbolicLinkPrivilege", "SeDelegateSessionUserImpersonatePrivilege");
    private static final String[] LEVELS = {"Anonymous", "Identification", "Impersonation", "Delegation"};
    /** SE_GROUP_* attribute bits and the words !token prints for them, in its order. */
    private static final long[] GROUP_BITS = {0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40, 0xc0000000L, 0x20000000L};
    private static final String[] GROUP_WORDS = {"Mandatory", "Default", "Enabled", "Owner", "DenyOnly",
            "GroupIntegrity", "GroupIntegrityEnabled", "LogonId", "GroupResource"};

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        Session session = invocation.session();
        boolean names = false;
        for (Optional<String> option = args.nextOption(); option.isPresent(); option = args.nextOption()) {
            if (!option.get().equals("-n")) {
                throw new CommandException("Usage: !token [-n] [Address]");
            }
            names = true;
        }
        StringBuilder out = new StringBuilder();
        long token;
        if (args.atEnd()) {
            long process = session.kernelStruct("_KTHREAD", session.implicitThread()).get("Process");
            token = session.kernelStruct("_EPROCESS", process).get("Token") & ~0xfL;
            out.append("Thread is not impersonating. Using process token...\n");
            out.append("_EPROCESS 0x").append(Hex.plain(process)).append(", _TOKEN 0x").append(Hex.plain(token)).append('\n');
        } else {
            token = args.nextWordExpression();
            args.expectEnd();
            out.append("_TOKEN 0x").append(Hex.plain(token)).append('\n');
        }
        KernelObject object = KernelObject.at(new ObjectTypes(session), token);
        if (object == null || !object.typeName().equals("Token")) {
            throw new CommandException("The address 0x" + Hex.plain(token) + " does not point to a token object.");
        }
        appendToken(session, token, names, out);
        invocation.out().print(out);
    }

    private static void appendToken(Session session, long token, boolean names, StringBuilder out) {
        VirtualMemory kernel = session.kernel();
        StructView t = session.kernelStruct("_TOKEN", token);
        Sids.Account account = names ? account(session, t) : null;
        long groups = t.get("UserAndGroups");
        int count = (int) t.get("UserAndGroupCount");
        out.append("TS Session ID: 0x").append(Long.toHexString(t.get("SessionId"))).append('\n');
        out.append("User: ").append(sid(kernel, kernel.readLong(groups), names, account)).append('\n');
        out.append("User Groups: \n");
        for (int i = 1; i < count; i++) {
            long entry = groups + (long) SID_AND_ATTRIBUTES * i;
            out.append(' ').append(String.format("%02d", i - 1)).append(' ')
                    .append(sid(kernel, kernel.readLong(entry), names, account)).append('\n');
            out.append("    Attributes - ").append(groupAttributes(kernel.readInt(entry + 8))).append('\n');
        }
        out.append("Primary Group: ").append(sid(kernel, t.get("PrimaryGroup"), names, account)).append('\n');
        out.append("Privs: \n");
        long present = t.get("Privileges.Present");
        long enabled = t.get("Privileges.Enabled");
        long byDefault = t.get("Privileges.EnabledByDefault");
        for (int luid = 0; luid < 64; luid++) {
            if ((present & (1L << luid)) == 0) {
                continue;
            }
            String name = luid < PRIVILEGES.size() ? PRIVILEGES.get(luid) : "Unknown Privilege";
            out.append(' ').append(String.format("%02d 0x%09x ", luid, luid))
                    .append(name.length() >= 34 ? name + "  " : String.format("%-34s", name)).append("Attributes - ")
                    .append((enabled & (1L << luid)) != 0 ? "Enabled " : "")
                    .append((byDefault & (1L << luid)) != 0 ? "Default " : "").append('\n');
        }
        out.append("Authentication ID:         (").append(Long.toHexString(t.get("AuthenticationId.HighPart"))).append(',')
                .append(Long.toHexString(t.get("AuthenticationId.LowPart"))).append(")\n");
        int level = (int) t.get("ImpersonationLevel");
        out.append("Impersonation Level:       ").append(level < LEVELS.length ? LEVELS[level] : Integer.toString(level))
                .append('\n');
        out.append("TokenType:                 ").append(t.get("TokenType") == 1 ? "Primary" : "Impersonation").append('\n');
        String source = t.ansi("TokenSource.SourceName", 8).trim();
        boolean inUse = t.get("TokenInUse") != 0;
        out.append("Source: ").append(String.format("%-19s", source)).append("TokenFlags: 0x")
                .append(Long.toHexString(t.get("TokenFlags"))).append(inUse ? " ( Token in use )" : " ( Token NOT in use ) ")
                .append('\n');
        out.append("Token ID: ").append(String.format("%-17s", Long.toHexString(t.get("TokenId.LowPart"))))
                .append("ParentToken ID: ").append(Long.toHexString(t.get("ParentTokenId.LowPart"))).append('\n');
        out.append(String.format("Modified ID:               (%x, %x)", t.get("ModifiedId.HighPart"),
                t.get("ModifiedId.LowPart"))).append('\n');
        out.append("RestrictedSidCount: ").append(String.format("%-7d", t.get("RestrictedSidCount")))
                .append("RestrictedSids: 0x").append(Hex.plain(t.get("RestrictedSids"))).append('\n');
        out.append("OriginatingLogonSession: ").append(Long.toHexString(t.get("OriginatingLogonSession.LowPart")))
                .append('\n');
        long packageSid = t.get("Package");
        out.append("PackageSid: ").append(packageSid == 0 ? "(null)" : sid(kernel, packageSid, names, account)).append('\n');
        out.append("CapabilityCount: ").append(String.format("%-7d", t.get("CapabilityCount")))
                .append("Capabilities: 0x").append(Hex.plain(t.get("Capabilities"))).append('\n');
        out.append("LowboxNumberEntry: 0x").append(Hex.plain(t.get("LowboxNumberEntry"))).append('\n');
        out.append("Security Attributes:\n");
        long trustLevel = t.get("TrustLevelSid");
        if (trustLevel != 0) {
            out.append("Process Token TrustLevelSid: ").append(sid(kernel, trustLevel, names, account)).append('\n');
        }
    }

    /** The account of the token's logon session (its SEP_LOGON_SESSION_REFERENCES names it), for -n. */
    private static Sids.Account account(Session session, StructView token) {
        try {
            long references = token.get("LogonSession");
            StructView logon = session.kernelStruct("_SEP_LOGON_SESSION_REFERENCES", references);
            String user = Sids.text(session.kernel(), session.kernel().readLong(token.get("UserAndGroups")));
            return new Sids.Account(user, logon.unicodeString("AuthorityName"), logon.unicodeString("AccountName"));
        } catch (MemoryAccessException e) {
            return null;
        }
    }

    private static String sid(VirtualMemory kernel, long address, boolean names, Sids.Account account) {
        String text = Sids.text(kernel, address);
        return names ? text + " (" + Sids.name(text, account) + ")" : text;
    }

    /** "Mandatory Default Enabled LogonId " and the like: each attribute's word and a blank. */
    static String groupAttributes(long attributes) {
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < GROUP_BITS.length; i++) {
            if ((attributes & GROUP_BITS[i]) == GROUP_BITS[i]) {
                words.append(GROUP_WORDS[i]).append(' ');
            }
        }
        return words.toString();
    }
}
