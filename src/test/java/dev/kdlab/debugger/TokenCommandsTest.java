package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code !token}, {@code !sid} and {@code !sd} on the default machine (issue 11): lsass runs as
 * SYSTEM with the 19045 privilege set, explorer as the desktop user at medium integrity, the
 * elevated cmd at high integrity; SIDs and descriptors read back as the bytes hold them.
 */
class TokenCommandsTest {
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    private static long tokenOf(long eprocess) {
        return lkd.eval(String.format("poi(%x+#FIELD_OFFSET(_EPROCESS, Token)) & 0xfffffffffffffff0", eprocess));
    }

    private static long processWithCommandLine(String image, String command) {
        for (long eprocess : lkd.processAddresses()) {
            List<String> lines = lkd.run(String.format("!process %x 0", eprocess));
            if (lines.stream().anyMatch(l -> l.equals("    Image: " + image))) {
                lkd.run(String.format(".process /p /r %x", eprocess));
                if (lkd.text("!peb").contains(command)) {
                    return eprocess;
                }
            }
        }
        throw new AssertionError("no " + image + " " + command);
    }

    @Test
    void lsassRunsAsSystemWithTheSystemPrivilegeSet() {
        List<String> token = lkd.run(String.format("!token -n %x", tokenOf(lkd.processAddress("lsass.exe"))));
        assertThat(token.get(0)).startsWith("_TOKEN 0x");
        assertThat(token).contains("TS Session ID: 0x0", "User: S-1-5-18 (Well Known Group: NT AUTHORITY\\SYSTEM)",
                " 03 S-1-16-16384 (Label: Mandatory Label\\System Mandatory Level)",
                "    Attributes - GroupIntegrity GroupIntegrityEnabled ",
                " 02 0x000000002 SeCreateTokenPrivilege            Attributes - Enabled ",
                " 20 0x000000014 SeDebugPrivilege                  Attributes - Enabled Default ",
                " 36 0x000000024 SeDelegateSessionUserImpersonatePrivilege  Attributes - Enabled Default ",
                "Authentication ID:         (0,3e7)", "TokenType:                 Primary");
        long privileges = token.stream().filter(l -> l.matches(" \\d\\d 0x0000000\\p{XDigit}{2} Se\\w+Privilege +Attributes - .*"))
                .count();
        assertThat(privileges).as("the boot SYSTEM token's 31 privileges (Present 0x1f`f2ffffbc)").isEqualTo(31);
        long present = lkd.eval(String.format("poi(%x+#FIELD_OFFSET(_TOKEN, Privileges.Present))",
                tokenOf(lkd.processAddress("lsass.exe"))));
        assertThat(present).isEqualTo(0x1f_f2ff_ffbcL);
    }

    @Test
    void explorerRunsAsTheDesktopUserAtMediumIntegrity() {
        List<String> token = lkd.run(String.format("!token -n %x", tokenOf(lkd.processAddress("explorer.exe"))));
        assertThat(token).anyMatch(l -> l.matches("User: S-1-5-21-\\d+-\\d+-\\d+-1001 \\(User: DESKTOP-KDLAB\\\\learner\\)"));
        assertThat(token).contains(" 14 S-1-16-8192 (Label: Mandatory Label\\Medium Mandatory Level)",
                " 03 S-1-5-32-544 (Alias: BUILTIN\\Administrators)", "    Attributes - DenyOnly ",
                " 23 0x000000017 SeChangeNotifyPrivilege           Attributes - Enabled Default ",
                "Source: User32             TokenFlags: 0x2a00 ( Token in use )", "OriginatingLogonSession: 3e7");
        assertThat(token).noneMatch(l -> l.contains("SeDebugPrivilege"));
    }

    @Test
    void theElevatedCmdRunsAtHighIntegrity() {
        long elevated = processWithCommandLine("cmd.exe", "\"C:\\Windows\\system32\\cmd.exe\" ");
        List<String> token = lkd.run(String.format("!token %x", tokenOf(elevated)));
        assertThat(token).contains(" 14 S-1-16-12288", "    Attributes - Mandatory Default Enabled Owner ",
                " 20 0x000000014 SeDebugPrivilege                  Attributes - ");
        assertThat(token).noneMatch(l -> l.contains("DenyOnly"));
        long medium = processWithCommandLine("cmd.exe", "\"C:\\Windows\\System32\\cmd.exe\"");
        assertThat(lkd.run(String.format("!token %x", tokenOf(medium)))).contains(" 14 S-1-16-8192");
        String elevatedLogon = line(token, "Authentication ID:");
        assertThat(elevatedLogon).isNotEqualTo(line(lkd.run(String.format("!token %x", tokenOf(medium))), "Authentication ID:"));
    }

    @Test
    void protectedProcessesTokensCarryTheTrustLevelOfTheirProtection() {
        assertThat(lkd.run(String.format("!token %x", tokenOf(lkd.processAddress("System")))))
                .endsWith("Process Token TrustLevelSid: S-1-19-1024-8192");
        assertThat(lkd.run(String.format("!token %x", tokenOf(lkd.processAddress("MsMpEng.exe")))))
                .endsWith("Process Token TrustLevelSid: S-1-19-512-1536");
        long smssToken = tokenOf(lkd.processAddress("smss.exe"));
        assertThat(lkd.run(String.format("!token %x", smssToken))).endsWith("Process Token TrustLevelSid: S-1-19-512-8192");
        long trust = lkd.eval(String.format("poi(%x+#FIELD_OFFSET(_TOKEN, TrustLevelSid))", smssToken));
        long groups = lkd.eval(String.format("poi(%x+#FIELD_OFFSET(_TOKEN, UserAndGroups))", smssToken));
        long variableLength = lkd.eval(String.format("dwo(%x+#FIELD_OFFSET(_TOKEN, VariableLength))", smssToken));
        assertThat(trust + 16).as("the trust SID (S-1-19-x-y, 16 bytes) ends the variable part").isEqualTo(groups + variableLength);
        assertThat(lkd.eval(String.format("poi(%x+#FIELD_OFFSET(_TOKEN, TrustLevelSid))",
                tokenOf(lkd.processAddress("explorer.exe"))))).isZero();
        assertThat(lkd.run(String.format("!token %x", tokenOf(lkd.processAddress("explorer.exe")))))
                .noneMatch(l -> l.contains("TrustLevelSid"));
    }

    private static String line(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void withoutAnAddressTokenShowsTheImplicitProcesssToken() {
        lkd.run(".process /p /r 0");
        List<String> token = lkd.run("!token");
        assertThat(token.get(0)).isEqualTo("Thread is not impersonating. Using process token...");
        Matcher m = Pattern.compile("_EPROCESS 0x([0-9a-f]{16}), _TOKEN 0x([0-9a-f]{16})").matcher(token.get(1));
        assertThat(m.matches()).isTrue();
        assertThat(Long.parseUnsignedLong(m.group(2), 16)).isEqualTo(tokenOf(Long.parseUnsignedLong(m.group(1), 16)));
    }

    @Test
    void sidReadsTheUsersSidFromTheTokensBytes() {
        long token = tokenOf(lkd.processAddress("explorer.exe"));
        long sid = lkd.eval(String.format("poi(poi(%x+#FIELD_OFFSET(_TOKEN, UserAndGroups)))", token));
        String text = lkd.text(String.format("!sid %x", sid));
        assertThat(text).matches("SID is: S-1-5-21-\\d+-\\d+-\\d+-1001");
        long everyone = lkd.eval(String.format("poi(poi(%x+#FIELD_OFFSET(_TOKEN, UserAndGroups))+0x20)", token));
        assertThat(lkd.text(String.format("!sid %x 1", everyone))).isEqualTo("SID is: S-1-1-0 (Well Known Group: localhost\\Everyone)");
    }

    @Test
    void sdShowsAnObjectsDescriptor() {
        long process = lkd.processAddress("explorer.exe");
        long sd = lkd.eval(String.format("poi(%x-0x30+0x28) & 0xfffffffffffffff0", process));
        List<String> lines = lkd.run(String.format("!sd %x 1", sd));
        assertThat(lines.subList(0, 3)).containsExactly("->Revision: 0x1", "->Sbz1    : 0x0", "->Control : 0x8404");
        assertThat(lines).contains("            SE_DACL_PRESENT", "            SE_SELF_RELATIVE",
                "->Group   : S-1-5-18 (Well Known Group: NT AUTHORITY\\SYSTEM)", "->Dacl    : ->AceCount   : 0x3",
                "->Dacl    : ->Ace[1]: ->AceType: ACCESS_ALLOWED_ACE_TYPE", "->Dacl    : ->Ace[1]: ->Mask : 0x001fffff",
                "->Dacl    : ->Ace[1]: ->SID: S-1-5-18 (Well Known Group: NT AUTHORITY\\SYSTEM)", "->Sacl    :  is NULL");
        assertThat(lines).anyMatch(l -> l.matches("->Owner   : S-1-5-21-\\d+-\\d+-\\d+-1001 \\(no name mapped\\)"));
        long root = lkd.eval("poi(nt!ObpRootDirectoryObject)");
        assertThat(lkd.run(String.format("!sd poi(%x-0x30+0x28)&0xfffffffffffffff0", root)))
                .contains("->Owner   : S-1-5-32-544", "->Dacl    : ->Ace[0]: ->SID: S-1-1-0");
    }

    @Test
    void aNonTokenAddressIsRefusedInWinDbgsWords() {
        long process = lkd.processAddress("explorer.exe");
        assertThat(lkd.text(String.format("!token %x", process)))
                .isEqualTo(String.format("The address 0x%016x does not point to a token object.", process));
        assertThat(lkd.lastSucceeded()).isFalse();
    }
}
