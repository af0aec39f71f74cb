package dev.kdlab.debugger.objects;

import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

import java.util.Map;

/**
 * Security identifiers read from memory (winnt.h SID: revision, sub-authority count, a big-endian
 * 6-byte authority, then little-endian sub-authorities) and the names {@code !sid 1} and
 * {@code !token -n} print for the well-known ones, as LookupAccountSid on a Windows 10 host gives
 * them. An account SID is named from the logon session that holds it, when the caller knows one.
 */
public final class Sids {
    private static final int MAX_SUB_AUTHORITIES = 15;
    private static final Map<String, String> WELL_KNOWN = Map.ofEntries(
            Map.entry("S-1-1-0", "Well Known Group: localhost\\Everyone"),
            Map.entry("S-1-2-0", "Well Known Group: localhost\\LOCAL"),
            Map.entry("S-1-2-1", "Well Known Group: localhost\\CONSOLE LOGON"),
            Map.entry("S-1-3-0", "Well Known Group: localhost\\CREATOR OWNER"),
            Map.entry("S-1-5-4", "Well Known Group: NT AUTHORITY\\INTERACTIVE"),
            Map.entry("S-1-5-6", "Well Known Group: NT AUTHORITY\\SERVICE"),
            Map.entry("S-1-5-7", "Well Known Group: NT AUTHORITY\\ANONYMOUS LOGON"),
            Map.entry("S-1-5-11", "Well Known Group: NT AUTHORITY\\Authenticated Users"),
            Map.entry("S-1-5-12", "Well Known Group: NT AUTHORITY\\RESTRICTED"),
            Map.entry("S-1-5-15", "Well Known Group: NT AUTHORITY\\This Organization"),
            Map.entry("S-1-5-18", "Well Known Group: NT AUTHORITY\\SYSTEM"),
            Map.entry("S-1-5-19", "Well Known Group: NT AUTHORITY\\LOCAL SERVICE"),
            Map.entry("S-1-5-20", "Well Known Group: NT AUTHORITY\\NETWORK SERVICE"),
            Map.entry("S-1-5-113", "Well Known Group: NT AUTHORITY\\Local account"),
            Map.entry("S-1-5-114", "Well Known Group: NT AUTHORITY\\Local account and member of Administrators group"),
            Map.entry("S-1-5-64-10", "Well Known Group: NT AUTHORITY\\NTLM Authentication"),
            Map.entry("S-1-5-32-544", "Alias: BUILTIN\\Administrators"),
            Map.entry("S-1-5-32-545", "Alias: BUILTIN\\Users"),
            Map.entry("S-1-5-32-559", "Alias: BUILTIN\\Performance Log Users"),
            Map.entry("S-1-16-0", "Label: Mandatory Label\\Untrusted Mandatory Level"),
            Map.entry("S-1-16-4096", "Label: Mandatory Label\\Low Mandatory Level"),
            Map.entry("S-1-16-8192", "Label: Mandatory Label\\Medium Mandatory Level"),
            Map.entry("S-1-16-8448", "Label: Mandatory Label\\Medium Plus Mandatory Level"),
            Map.entry("S-1-16-12288", "Label: Mandatory Label\\High Mandatory Level"),
            Map.entry("S-1-16-16384", "Label: Mandatory Label\\System Mandatory Level"));

    private Sids() {
    }

    /** The text form of the SID at {@code address}; fails when its header is not a SID's. */
    public static String text(VirtualMemory memory, long address) {
        int revision = memory.readByte(address);
        int count = memory.readByte(address + 1);
        if (revision != 1 || count > MAX_SUB_AUTHORITIES) {
            throw new MemoryAccessException(address);
        }
        byte[] bytes = memory.read(address, 8 + 4 * count);
        long authority = 0;
        for (int i = 2; i < 8; i++) {
            authority = authority << 8 | (bytes[i] & 0xff);
        }
        StringBuilder text = new StringBuilder("S-1-").append(authority);
        for (int i = 0; i < count; i++) {
            long sub = dev.kdlab.memory.LittleEndian.get(bytes, 8 + 4 * i, 4);
            text.append('-').append(sub);
        }
        return text.toString();
    }

    /**
     * The account name a SID maps to, as "(Kind: DOMAIN\\name)" without the parentheses; an account
     * of the machine is named only as {@code account} says (the user of a logon session, and that
     * domain's None group), others are "no name mapped".
     */
    public static String name(String sid, Account account) {
        String known = WELL_KNOWN.get(sid);
        if (known != null) {
            return known;
        }
        if (account != null && sid.equals(account.sid())) {
            return "User: " + account.domain() + "\\" + account.name();
        }
        if (account != null && account.sid().startsWith("S-1-5-21-")
                && sid.equals(account.sid().substring(0, account.sid().lastIndexOf('-')) + "-513")) {
            return "Group: " + account.domain() + "\\None";
        }
        return "no name mapped";
    }

    /** An account a logon session names: its SID, domain (authority) and name. */
    public record Account(String sid, String domain, String name) {
    }
}
