package dev.kdlab.kernel.se;

import dev.kdlab.kernel.se.TokenShape.Group;

import java.util.ArrayList;
import java.util.List;

import static dev.kdlab.kernel.se.TokenShape.DEFAULT_GROUP;
import static dev.kdlab.kernel.se.TokenShape.DENY_ONLY;
import static dev.kdlab.kernel.se.TokenShape.ENABLED;
import static dev.kdlab.kernel.se.TokenShape.ENABLED_BY_DEFAULT;
import static dev.kdlab.kernel.se.TokenShape.INTEGRITY;
import static dev.kdlab.kernel.se.TokenShape.INTEGRITY_ENABLED;
import static dev.kdlab.kernel.se.TokenShape.LOGON_ID;
import static dev.kdlab.kernel.se.TokenShape.OWNER;

/**
 * The accounts processes of a Windows 10 desktop run as, with the tokens LSA builds for them
 * (machine-19045.md section 4: logon LUIDs, SIDs, group attributes, privilege masks). The font
 * driver host and window manager accounts are per session (UMFD-n, DWM-n).
 */
public enum Account {
    /** S-1-5-18, logon session 0x3e7 (SYSTEM_LUID); the boot token and everything it begets. */
    SYSTEM("SYSTEM", "NT AUTHORITY"),
    /** S-1-5-19, logon session 0x3e5. */
    LOCAL_SERVICE("LOCAL SERVICE", "NT AUTHORITY"),
    /** S-1-5-20, logon session 0x3e4. */
    NETWORK_SERVICE("NETWORK SERVICE", "NT AUTHORITY"),
    /** The interactive user (first local account, RID 1001), medium integrity, filtered admin token. */
    DESKTOP_USER("learner", "DESKTOP-KDLAB"),
    /**
     * The same user elevated (Run as administrator): the logon's linked token, full Administrators,
     * high integrity, its own logon session (the split token's second LUID, machine-19045.md 4.1).
     */
    ELEVATED_USER("learner", "DESKTOP-KDLAB"),
    /** Font Driver Host\UMFD-n: S-1-5-96-0-n. */
    FONT_DRIVER_HOST("UMFD-%d", "Font Driver Host"),
    /** Window Manager\DWM-n: S-1-5-90-0-n. */
    WINDOW_MANAGER("DWM-%d", "Window Manager");

    /** SYSTEM_LUID, LOCALSERVICE_LUID, NETWORKSERVICE_LUID (winnt.h). */
    public static final long SYSTEM_LUID = 0x3e7;
    public static final long LOCAL_SERVICE_LUID = 0x3e5;
    public static final long NETWORK_SERVICE_LUID = 0x3e4;

    private static final String SYSTEM_INTEGRITY = "S-1-16-16384";
    /** machine-19045.md 4.2: the boot SYSTEM token's Present / Enabled masks. */
    private static final long SYSTEM_PRESENT = 0x1f_f2ff_ffbcL;
    private static final long SYSTEM_ENABLED = 0x1e_60b1_e890L;
    /** LOCAL SERVICE with its full account rights (11 privileges; ChangeNotify, Impersonate, CreateGlobal on). */
    private static final long SERVICE_PRESENT = 0x6_62a8_1028L;
    private static final long SERVICE_ENABLED = 0x6080_0000L;
    /** Medium-integrity desktop user: Shutdown, ChangeNotify, Undock, IncreaseWorkingSet, TimeZone. */
    private static final long USER_PRESENT = 0x6_0288_0000L;
    private static final long USER_ENABLED = 0x80_0000L;
    private static final long USER_ENABLED_BY_DEFAULT = 0x4080_0000L;
    /** An elevated administrator: 24 privileges (machine-19045.md 4.2, computed from the list); three enabled. */
    private static final long ELEVATED_PRESENT = 0x1e_73de_ff20L;
    private static final long ELEVATED_ENABLED = 0x6080_0000L;
    /** Per-session system accounts (UMFD, DWM): ChangeNotify, IncreaseWorkingSet, TimeZone; by convention. */
    private static final long SESSION_ACCOUNT_PRESENT = 0x6_0080_0000L;

    private final String userName;
    private final String authority;

    Account(String userName, String authority) {
        this.userName = userName;
        this.authority = authority;
    }

    /** The account name as LSA records it for the logon (SEP_LOGON_SESSION_REFERENCES.AccountName). */
    public String accountName(int sessionId) {
        return String.format(userName, sessionId);
    }

    public String authorityName() {
        return authority;
    }

    /** The well-known logon LUID of the account, or 0 when each logon gets a fresh one. */
    public long wellKnownLogonId() {
        return switch (this) {
            case SYSTEM -> SYSTEM_LUID;
            case LOCAL_SERVICE -> LOCAL_SERVICE_LUID;
            case NETWORK_SERVICE -> NETWORK_SERVICE_LUID;
            default -> 0;
        };
    }

    /** The token LSA builds for a logon of this account in a session. */
    public TokenShape tokenShape(Sid machineSid, int sessionId, long logonId) {
        return switch (this) {
            case SYSTEM -> new TokenShape(Sid.of("S-1-5-18"), List.of(
                    Group.of("S-1-5-32-544", ENABLED_BY_DEFAULT | ENABLED | OWNER),
                    Group.of("S-1-1-0", DEFAULT_GROUP),
                    Group.of("S-1-5-11", DEFAULT_GROUP),
                    Group.of(SYSTEM_INTEGRITY, INTEGRITY | INTEGRITY_ENABLED)),
                    Sid.of("S-1-5-18"), 1, SYSTEM_PRESENT, SYSTEM_ENABLED, SYSTEM_ENABLED, "*SYSTEM*", 0x2000, 0);
            case LOCAL_SERVICE, NETWORK_SERVICE -> serviceToken(this == LOCAL_SERVICE ? "S-1-5-19" : "S-1-5-20");
            case DESKTOP_USER -> desktopUserToken(machineSid, logonId);
            case ELEVATED_USER -> elevatedUserToken(machineSid, logonId);
            case FONT_DRIVER_HOST -> sessionAccountToken("S-1-5-96-0-" + sessionId, logonId);
            case WINDOW_MANAGER -> sessionAccountToken("S-1-5-90-0-" + sessionId, logonId);
        };
    }

    /** The groups of a service host's account token (machine-19045.md 4.2, lmhosts host). */
    private static TokenShape serviceToken(String user) {
        List<Group> groups = List.of(
                Group.of(SYSTEM_INTEGRITY, INTEGRITY | INTEGRITY_ENABLED),
                Group.of("S-1-1-0", DEFAULT_GROUP),
                Group.of("S-1-5-32-545", DEFAULT_GROUP),
                Group.of("S-1-5-6", DEFAULT_GROUP),
                Group.of("S-1-2-1", DEFAULT_GROUP),
                Group.of("S-1-5-11", DEFAULT_GROUP),
                Group.of("S-1-5-15", DEFAULT_GROUP),
                Group.of("S-1-2-0", DEFAULT_GROUP));
        return new TokenShape(Sid.of(user), groups, Sid.of(user), 0, SERVICE_PRESENT, SERVICE_ENABLED,
                SERVICE_ENABLED, "Advapi  ", 0x2000, SYSTEM_LUID);
    }

    /** explorer's medium token: the !token group list of transcripts 6.3, for RID 1001. */
    private static TokenShape desktopUserToken(Sid machineSid, long logonId) {
        return new TokenShape(machineSid.withRid(1001), interactiveGroups(machineSid, logonId, false),
                machineSid.withRid(513), 0, USER_PRESENT, USER_ENABLED, USER_ENABLED_BY_DEFAULT, "User32  ", 0x2a00,
                SYSTEM_LUID);
    }

    /**
     * The elevated linked token (transcripts 6.3, "Linked (elevated) token"): Administrators enabled and
     * the default owner, S-1-5-114 no longer deny-only, high integrity, the 24 privileges of an elevated
     * administrator with ChangeNotify, Impersonate and CreateGlobal enabled (machine-19045.md 4.2).
     */
    private static TokenShape elevatedUserToken(Sid machineSid, long logonId) {
        return new TokenShape(machineSid.withRid(1001), interactiveGroups(machineSid, logonId, true),
                machineSid.withRid(513), 4, ELEVATED_PRESENT, ELEVATED_ENABLED, ELEVATED_ENABLED, "User32  ", 0x2000,
                SYSTEM_LUID);
    }

    /**
     * The groups of an interactive administrator's logon: filtered (Administrators and S-1-5-114
     * deny-only, medium integrity) or elevated (Administrators enabled and owner, high integrity).
     */
    private static List<Group> interactiveGroups(Sid machineSid, long logonId, boolean elevated) {
        return new ArrayList<>(List.of(
                new Group(machineSid.withRid(513), DEFAULT_GROUP),
                Group.of("S-1-1-0", DEFAULT_GROUP),
                Group.of("S-1-5-114", elevated ? DEFAULT_GROUP : DENY_ONLY),
                Group.of("S-1-5-32-544", elevated ? DEFAULT_GROUP | OWNER : DENY_ONLY),
                Group.of("S-1-5-32-559", DEFAULT_GROUP),
                Group.of("S-1-5-32-545", DEFAULT_GROUP),
                Group.of("S-1-5-4", DEFAULT_GROUP),
                Group.of("S-1-2-1", DEFAULT_GROUP),
                Group.of("S-1-5-11", DEFAULT_GROUP),
                Group.of("S-1-5-15", DEFAULT_GROUP),
                Group.of("S-1-5-113", DEFAULT_GROUP),
                Group.of("S-1-5-5-0-" + (logonId & 0xffffffffL), DEFAULT_GROUP | LOGON_ID),
                Group.of("S-1-2-0", DEFAULT_GROUP),
                Group.of("S-1-5-64-10", DEFAULT_GROUP),
                Group.of(elevated ? "S-1-16-12288" : "S-1-16-8192", INTEGRITY | INTEGRITY_ENABLED)));
    }

    /** UMFD-n and DWM-n: virtual accounts of the session, at system integrity (by convention). */
    private static TokenShape sessionAccountToken(String user, long logonId) {
        List<Group> groups = List.of(
                Group.of("S-1-1-0", DEFAULT_GROUP),
                Group.of("S-1-5-32-545", DEFAULT_GROUP),
                Group.of("S-1-5-11", DEFAULT_GROUP),
                Group.of("S-1-5-15", DEFAULT_GROUP),
                Group.of("S-1-5-5-0-" + (logonId & 0xffffffffL), DEFAULT_GROUP | LOGON_ID),
                Group.of("S-1-2-0", DEFAULT_GROUP),
                Group.of(SYSTEM_INTEGRITY, INTEGRITY | INTEGRITY_ENABLED));
        return new TokenShape(Sid.of(user), groups, Sid.of(user), 0, SESSION_ACCOUNT_PRESENT, USER_ENABLED,
                USER_ENABLED, "Advapi  ", 0x2000, SYSTEM_LUID);
    }
}
