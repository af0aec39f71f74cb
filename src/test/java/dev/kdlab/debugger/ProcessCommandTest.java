package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCommandTest {
    private static final Pattern SESSION_LINE = Pattern.compile(
            "^    SessionId: (none|\\d+)  Cid: ([0-9a-f]{4,})    Peb: ([0-9a-f]{8,})  ParentCid: ([0-9a-f]{4,})$");
    private static final Pattern DIRBASE_LINE = Pattern.compile(
            "^    DirBase: ([0-9a-f]{8,})  ObjectTable: ([0-9a-f]{16})  HandleCount: +\\d+\\.$");
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    @Test
    void listsEveryProcessOfTheDefaultMachineInWinDbgsFormat() {
        List<String> lines = lkd.run("!process 0 0");
        assertThat(lines.get(0)).isEqualTo("**** NT ACTIVE PROCESS DUMP ****");
        List<String> images = lines.stream().filter(l -> l.startsWith("    Image: ")).map(l -> l.substring(11)).toList();
        // machine-19045.md 1.1-1.3: creation order, split service hosts, 15-character image names.
        assertThat(images).containsExactly("System", "Registry", "smss.exe", "csrss.exe", "wininit.exe", "csrss.exe",
                "winlogon.exe", "services.exe", "lsass.exe", "svchost.exe", "fontdrvhost.ex", "fontdrvhost.ex",
                "svchost.exe", "dwm.exe", "svchost.exe", "svchost.exe", "svchost.exe", "svchost.exe", "svchost.exe",
                "MemCompression", "svchost.exe", "svchost.exe", "svchost.exe", "svchost.exe", "svchost.exe",
                "svchost.exe", "svchost.exe", "svchost.exe", "svchost.exe", "svchost.exe", "svchost.exe",
                "svchost.exe", "spoolsv.exe", "svchost.exe", "svchost.exe", "MsMpEng.exe", "svchost.exe",
                "svchost.exe", "SearchIndexer.", "svchost.exe", "SecurityHealth", "svchost.exe", "svchost.exe",
                "sihost.exe", "taskhostw.exe", "ctfmon.exe", "explorer.exe", "StartMenuExper", "RuntimeBroker.",
                "SearchApp.exe", "RuntimeBroker.", "TextInputHost.", "SecurityHealth", "RuntimeBroker.",
                "WmiPrvSE.exe", "svchost.exe", "audiodg.exe", "notepad.exe", "cmd.exe", "conhost.exe", "kd.exe",
                "cmd.exe", "conhost.exe");
        for (int i = 1; i < lines.size(); i += 5) {
            assertThat(lines.get(i)).matches("PROCESS [0-9a-f]{16}");
            assertThat(lines.get(i + 1)).matches(SESSION_LINE);
            assertThat(lines.get(i + 2)).matches(DIRBASE_LINE);
            assertThat(lines.get(i + 4)).isEmpty();
        }
        assertThat(lines.get(2)).isEqualTo("    SessionId: none  Cid: 0004    Peb: 00000000  ParentCid: 0000");
        assertThat(lines.get(3)).startsWith("    DirBase: 001ad000  ObjectTable: ").endsWith("HandleCount: 2214.");
    }

    @Test
    void everyCidIsTheQwordAtEprocessPlus440AndParentsExist() {
        for (long eprocess : lkd.processAddresses()) {
            String block = lkd.text("!process " + Long.toHexString(eprocess) + " 0");
            Matcher m = Pattern.compile("Cid: ([0-9a-f]+) ").matcher(block);
            assertThat(m.find()).isTrue();
            long cid = Long.parseLong(m.group(1), 16);
            String dq = lkd.run("dq " + Long.toHexString(eprocess) + "+0x440 L1").get(0);
            assertThat(dq).endsWith(String.format("  %08x`%08x", 0, cid));
            assertThat(cid % 4).isZero();
            assertThat(lkd.eval("poi(" + Long.toHexString(eprocess) + "+0x28)"))
                    .isEqualTo(Long.parseLong(block.replaceAll("(?s).*DirBase: ([0-9a-f]+) .*", "$1"), 16));
        }
    }

    @Test
    void imageFilterIsCaseInsensitiveAndHasNoHeader() {
        List<String> lines = lkd.run("!process 0 0 CSRSS.EXE");
        assertThat(lines).filteredOn(l -> l.startsWith("PROCESS")).hasSize(2);
        assertThat(lines.get(0)).startsWith("PROCESS ");
        assertThat(lines).filteredOn(l -> l.startsWith("    SessionId:"))
                .extracting(l -> l.substring(4, 16)).containsExactly("SessionId: 0", "SessionId: 1");
    }

    @Test
    void cidLookupGoesThroughPspCidTable() {
        List<String> lines = lkd.run("!process 4 0");
        assertThat(lines.get(0)).isEqualTo("Searching for Process with Cid == 4");
        assertThat(lines.get(1)).isEqualTo("PROCESS " + String.format("%016x", lkd.processAddresses().get(0)));
        assertThat(lines).contains("    Image: System");
    }

    @Test
    void currentProcessIsTheDebuggersOwn() {
        assertThat(lkd.run("!process -1 0")).contains("    Image: kd.exe");
    }

    @Test
    void noFlagsMeansThreeForTheImplicitProcessAndFForANamedOne() {
        String notepad = Long.toHexString(lkd.processAddress("notepad.exe"));
        List<String> named = lkd.run("!process " + notepad);
        assertThat(named).isEqualTo(lkd.run("!process " + notepad + " 0xf")).isNotEqualTo(lkd.run("!process " + notepad + " 3"));
        assertThat(named).contains("        " + "Child-SP          RetAddr               Call Site");   // 8: stacks without arguments
        assertThat(lkd.run("!process 4")).isEqualTo(lkd.run("!process 4 f"));
        assertThat(lkd.run("!process")).isEqualTo(lkd.run("!process -1 3"));
    }

    @Test
    void aNonProcessAddressIsATypeMismatch() {
        long head = lkd.eval("nt!PsActiveProcessHead");
        assertThat(lkd.run("!process " + Long.toHexString(head) + " 0"))
                .containsExactly("TYPE mismatch for process object at " + Long.toHexString(head));
        assertThat(lkd.lastSucceeded()).isFalse();
    }
}
