package dev.kdlab.kernel.se;

import java.util.List;

/**
 * What a primary token says about its holder: user, groups with their attributes, privileges
 * (SEP_TOKEN_PRIVILEGES masks, bit n = privilege LUID n), and the token's source and flags.
 *
 * @param defaultOwnerIndex index in UserAndGroups (0 = the user) of the default owner
 */
public record TokenShape(Sid user, List<Group> groups, Sid primaryGroup, int defaultOwnerIndex,
                         long privilegesPresent, long privilegesEnabled, long privilegesEnabledByDefault,
                         String sourceName, int tokenFlags, long originatingLogonSession) {

    /** winnt.h SE_GROUP_* attribute bits. */
    public static final int MANDATORY = 0x1;
    public static final int ENABLED_BY_DEFAULT = 0x2;
    public static final int ENABLED = 0x4;
    public static final int OWNER = 0x8;
    public static final int DENY_ONLY = 0x10;
    public static final int INTEGRITY = 0x20;
    public static final int INTEGRITY_ENABLED = 0x40;
    public static final int LOGON_ID = 0xc0000000;
    /** "Mandatory Default Enabled", as !token prints the usual group attributes. */
    public static final int DEFAULT_GROUP = MANDATORY | ENABLED_BY_DEFAULT | ENABLED;

    /** One entry of the token's UserAndGroups array after the user. */
    public record Group(Sid sid, int attributes) {
        public static Group of(String sid, int attributes) {
            return new Group(Sid.of(sid), attributes);
        }
    }

    /** Index of the mandatory-label group in UserAndGroups (the user counts as 0): IntegrityLevelIndex. */
    public int integrityLevelIndex() {
        for (int i = 0; i < groups.size(); i++) {
            if ((groups.get(i).attributes() & INTEGRITY) != 0) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The user's entry plus the groups: what UserAndGroups holds, in order. */
    public int userAndGroupCount() {
        return 1 + groups.size();
    }
}
