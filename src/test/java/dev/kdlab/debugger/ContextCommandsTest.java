package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** .process, !peb and !teb agree with the EPROCESS and ETHREAD bytes they stand on. */
class ContextCommandsTest {
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    @Test
    void pebImageBaseEqualsSectionBaseAddressAndTebClientIdEqualsCidForEveryUserProcess() {
        for (long eprocess : lkd.processAddresses()) {
            String address = Long.toHexString(eprocess);
            long peb = lkd.eval("poi(" + address + "+0x550)");
            if (peb == 0) {
                continue;   // System, Registry, MemCompression have no user space
            }
            assertThat(lkd.run(".process /P " + address)).containsExactly(
                    "Implicit process is now " + Hex.backtick(eprocess), ".cache forcedecodeptes done");
            List<String> pebLines = lkd.run("!peb");
            assertThat(pebLines.get(0)).isEqualTo("PEB at " + Hex.plain(peb));
            long sectionBase = lkd.eval("poi(" + address + "+0x520)");
            assertThat(pebLines).contains("    ImageBaseAddress:         " + Hex.plain(sectionBase));
            long thread = lkd.eval("poi(" + address + "+0x5e0)-0x4e8");
            long pid = lkd.eval("poi(" + Long.toHexString(thread) + "+0x478)");
            long tid = lkd.eval("poi(" + Long.toHexString(thread) + "+0x480)");
            List<String> teb = lkd.run("!teb poi(" + Long.toHexString(thread) + "+0xf0)");
            assertThat(teb).contains("    ClientId:             " + Hex.plain(pid) + " . " + Hex.plain(tid));
            assertThat(teb).contains("    PEB Address:          " + Hex.plain(peb));
        }
        lkd.run(".process 0");
    }

    @Test
    void dotProcessMessages() {
        long system = lkd.processAddresses().get(0);
        assertThat(lkd.run(".process /p /r " + Long.toHexString(system)))
                .containsExactly("Implicit process is now " + Hex.backtick(system), "Loading User Symbols");
        assertThat(lkd.run(".process")).containsExactly("Implicit process is now " + Hex.backtick(system));
        List<String> reset = lkd.run(".process 0");
        assertThat(reset.get(0)).startsWith("Implicit process is now ");
        assertThat(lkd.eval("@$proc")).isNotEqualTo(system);
    }

    @Test
    void dotProcessInvasiveSaysLocalKernelDebuggingCannotGoAndSwitchesAsSlashPSlashR() {
        long explorer = lkd.processAddress("explorer.exe");
        assertThat(lkd.run(".process /i " + Long.toHexString(explorer))).containsExactly(
                "Local kernel debugging cannot continue execution (press 'g' <enter>)",
                "for the context to be switched; it is switched as .process /p /r switches it.",
                "Implicit process is now " + Hex.backtick(explorer), "Loading User Symbols");
        assertThat(lkd.eval("@$proc")).isEqualTo(explorer);
        assertThat(lkd.run(".thread /i 0")).containsExactly("              ^ Syntax error in '.thread /i 0'");
        lkd.run(".process 0");
    }

    @Test
    void pebOfTheDebuggerListsItsModulesInLoadOrder() {
        List<String> lines = lkd.run("!peb");
        int header = lines.indexOf("                    Base TimeStamp                     Module");
        assertThat(header).isPositive();
        assertThat(lines.get(header + 1)).matches(" {12}7ff[67][0-9a-f]{8} [0-9a-f]{8} \\w{3} \\d\\d \\d\\d:\\d\\d:\\d\\d \\d{4} .*\\\\kd\\.exe");
        assertThat(lines.get(header + 2)).endsWith("C:\\Windows\\SYSTEM32\\ntdll.dll");
        assertThat(lines.get(header + 3)).endsWith("C:\\Windows\\System32\\KERNEL32.DLL");
        assertThat(lines.get(header + 4)).endsWith("C:\\Windows\\System32\\KERNELBASE.dll");
        assertThat(lines).contains("    CommandLine:  'kd -kl'");
    }

    @Test
    void switchingContextChangesWhatUserAddressesMean() {
        long notepad = lkd.processAddress("notepad.exe");
        long peb = lkd.eval("poi(" + Long.toHexString(notepad) + "+0x550)");
        assertThat(lkd.run("db " + Long.toHexString(peb) + " L1").get(0)).contains("??");
        lkd.run(".process /P " + Long.toHexString(notepad));
        assertThat(lkd.run("db " + Long.toHexString(peb) + " L1").get(0)).doesNotContain("??");
        lkd.run(".process 0");
    }

    @Test
    void errorsAreWinDbgLinesAndTheSessionGoesOn() {
        assertThat(lkd.run("!nosuchext")).containsExactly("No export nosuchext found");
        assertThat(lkd.run("frobnicate")).containsExactly("     ^ Syntax error in 'frobnicate'");
        assertThat(lkd.run("? nt!NoSuchSymbol")).containsExactly("Couldn't resolve error at 'nt!NoSuchSymbol'");
        assertThat(lkd.lastSucceeded()).isFalse();
        assertThat(lkd.run("? 1+2")).containsExactly("Evaluate expression: 3 = 00000000`00000003");
        assertThat(lkd.lastSucceeded()).isTrue();
    }
}
