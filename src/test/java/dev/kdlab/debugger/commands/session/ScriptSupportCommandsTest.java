package dev.kdlab.debugger.commands.session;

import dev.kdlab.debugger.Lkd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Aliases, !list, logs, symbol paths, d* columns and !process filters on the default machine. */
class ScriptSupportCommandsTest {
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    @Test
    void anAliasSetOnALineIsSeenByALaterBlockNotByTheLineItself() {
        lkd.run("ad /q *");
        // docs, "as, aS": "aS /x myAlias 5 + 1; .block{.echo ${myAlias}}" produces 0x6
        assertThat(lkd.run("aS /x myAlias 5 + 1; .block{.echo ${myAlias}}")).containsExactly("0x6");
        assertThat(lkd.run("aS /x fresh 7; .echo ${fresh}")).containsExactly("${fresh}");
        assertThat(lkd.run(".echo ${fresh} ${/d:fresh} ${/d:nope} [${/f:nope}] ${/n:fresh} ${/v:fresh}"))
                .containsExactly("0x7 1 0 [] fresh fresh");
        assertThat(lkd.run("al")).containsExactly("  Alias            Value", " -------          -------",
                " fresh            0x7", " myAlias          0x6");
        lkd.run("ad fresh; ad myAlias");
        assertThat(lkd.run("al")).containsExactly("No aliases");
        assertThat(lkd.run("ad nope")).containsExactly("No alias named 'nope'");
        assertThat(lkd.run("ad /q nope")).isEmpty();
    }

    @Test
    void aliasesStandAsWordsAndTakeTheirValueFromMemoryFilesAndCommands(@TempDir Path dir) throws IOException {
        lkd.run("ad /q *");
        lkd.run("as Head nt!PsActiveProcessHead");
        assertThat(lkd.eval("poi(Head)")).isEqualTo(lkd.eval("poi(nt!PsActiveProcessHead)"));
        assertThat(lkd.run("aS \"Two words\" x")).isEmpty();
        lkd.run("aS Quoted \"two words\"; as Line two words; and more");
        assertThat(lkd.run(".echo \"[${Quoted}] [${Line}]\"")).containsExactly("[two words] [two words; and more]");
        // replaced before the line is parsed: the semicolon in the value splits the line, as in WinDbg
        assertThat(lkd.run(".echo ${Line}")).containsExactly("two words", "           ^ Syntax error in 'and more'");
        lkd.run("aS /ma Image @$proc+0x5a8");
        assertThat(lkd.run(".echo ${Image}")).containsExactly("kd.exe");
        lkd.run("aS /msu Path poi(@$peb+0x20)+0x60");
        assertThat(lkd.run(".echo ${Path}").get(0)).endsWith("kd.exe");
        lkd.run("as /c Out .echo from a command");
        assertThat(lkd.run(".echo ${Out}")).containsExactly("from a command");
        Files.writeString(dir.resolve("value.txt"), "from a file\n");
        lkd.workIn(dir).run("as /f File value.txt");
        assertThat(lkd.run(".echo ${File}")).containsExactly("from a file");
        lkd.run("ad /q *");
    }

    @Test
    void anAliasThatComesBackToItselfIsAnError() {
        lkd.run("ad /q *");
        lkd.run("aS a ${b}; aS b ${a}");
        assertThat(lkd.run(".echo ${a}")).containsExactly("Alias expansion does not end: 'a' refers to itself through a, b");
        assertThat(lkd.lastSucceeded()).isFalse();
        lkd.run("aS self self");
        assertThat(lkd.run(".echo self")).containsExactly("Alias expansion does not end: 'self' refers to itself");
        lkd.run("ad /q *");
    }

    @Test
    void listRunsCommandsForEachElementWithItsAddressInExtret() {
        List<Long> modules = new ArrayList<>();
        long head = lkd.eval("nt!PsLoadedModuleList");
        for (long link = lkd.eval("poi(nt!PsLoadedModuleList)"); link != head; link = lkd.eval("poi(" + Long.toHexString(link) + ")")) {
            modules.add(link);
        }
        List<String> lines = lkd.run("!list -x \"? @$extret\" poi(nt!PsLoadedModuleList)");
        // every module, then the list head read as an element (as in the transcripts' loader-list walk), each followed by a blank line
        assertThat(lines).hasSize(2 * (modules.size() + 1));
        for (int i = 0; i < modules.size(); i++) {
            long m = modules.get(i);
            assertThat(lines.get(2 * i)).endsWith(String.format("%08x`%08x", m >>> 32, m & 0xffffffffL));
            assertThat(lines.get(2 * i + 1)).isEmpty();
        }
        // without $extret the address is appended; -a arguments follow it; -m bounds the walk
        long second = modules.get(1);
        assertThat(lkd.run("!list -t nt!_KLDR_DATA_TABLE_ENTRY.InLoadOrderLinks.Flink -x \"dq\" -a \"L1\" -m 2 poi(nt!PsLoadedModuleList)"))
                .containsExactly(lkd.run("dq poi(nt!PsLoadedModuleList) L1").get(0), "",
                        lkd.run("dq " + Long.toHexString(second) + " L1").get(0), "");
        assertThat(lkd.run("!list \" -x \\\"? @$extret\\\" -m 1 poi(nt!PsLoadedModuleList) \"")).hasSize(2);
        // -m takes one word: options after it stay options ("-m 2 -x" is not the expression "2 - x")
        assertThat(lkd.run("!list -t nt!_KLDR_DATA_TABLE_ENTRY.InLoadOrderLinks.Flink -m 2 -x \"dq\" -a \"L1\" poi(nt!PsLoadedModuleList)"))
                .containsExactly(lkd.run("dq poi(nt!PsLoadedModuleList) L1").get(0), "",
                        lkd.run("dq " + Long.toHexString(second) + " L1").get(0), "");
    }

    @Test
    void forEachModuleNamesEachModuleInItsAliases() {
        List<String> modules = lkd.run("!for_each_module \".echo @#ModuleName @#Base @#Size\"");
        List<String> lm = lkd.run("lm o").subList(1, lkd.run("lm o").size());
        assertThat(modules).hasSameSizeAs(lm);
        for (int i = 0; i < lm.size(); i++) {
            String[] row = lm.get(i).split(" +");        // start end module ...
            String[] echoed = modules.get(i).split(" ");
            assertThat(echoed[0]).isEqualTo(row[2]);
            assertThat(echoed[1]).isEqualTo(row[0]);
            long size = Long.parseUnsignedLong(row[1].replace("`", ""), 16) - Long.parseUnsignedLong(row[0].replace("`", ""), 16);
            assertThat(echoed[2]).isEqualTo(Long.toHexString(size));
        }
        assertThat(lkd.run(".echo @#ModuleName")).containsExactly("@#ModuleName");   // gone afterwards
    }

    @Test
    void logsCopyTheSessionInsideTheWorkingDirectoryOnly(@TempDir Path dir) throws IOException {
        lkd.workIn(dir);
        assertThat(lkd.run(".logopen session.log")).containsExactly("Opened log file '" + dir.resolve("session.log") + "'");
        lkd.run("? 1");
        lkd.run(".logclose");
        String log = Files.readString(dir.resolve("session.log"), StandardCharsets.UTF_8);
        assertThat(log).contains("lkd> ? 1", "Evaluate expression: 1 = 00000000`00000001",
                "Closing open log file " + dir.resolve("session.log"));
        lkd.run(".logappend /u session.log; .echo more; .logclose");
        assertThat(Files.readAllBytes(dir.resolve("session.log"))).hasSizeGreaterThan(log.length() + 8);
        assertThat(lkd.run(".logopen ../outside.log")).containsExactly("Log file '../outside.log' is outside the working"
                + " directory " + dir + "; kdlab writes logs only there");
        assertThat(lkd.run(".logopen /t run.log").get(0)).matches("Opened log file '.*run_[0-9a-f]{4}_\\d{4}-\\d\\d-\\d\\d_\\d\\d-\\d\\d-\\d\\d-\\d{3}\\.log'");
        lkd.run(".logclose");
        assertThat(lkd.run(".logclose")).containsExactly("No log file open");
    }

    @Test
    void symbolCommandsAreAcceptedOffline() {
        assertThat(lkd.run(".sympath")).containsExactly("Symbol search path is: srv*",
                "Expanded Symbol search path is: cache*;SRV*https://msdl.microsoft.com/download/symbols");
        assertThat(lkd.run(".symfix c:\\symbols")).isEmpty();
        assertThat(lkd.run(".sympath+ c:\\more")).containsExactly(
                "Symbol search path is: srv*c:\\symbols*https://msdl.microsoft.com/download/symbols;c:\\more",
                "Expanded Symbol search path is: srv*c:\\symbols*https://msdl.microsoft.com/download/symbols;c:\\more",
                "", "************* Path validation summary **************",
                "Response                         Time (ms)     Location",
                "Deferred                                       srv*c:\\symbols*https://msdl.microsoft.com/download/symbols",
                "Deferred                                       c:\\more");
        assertThat(lkd.run(".symfix")).containsExactly("No downstream store given, using C:\\ProgramData\\Dbg\\sym");
        lkd.run(".sympath srv*");
        List<String> reload = lkd.run(".reload");
        assertThat(reload.get(0)).isEqualTo("Loading Kernel Symbols");
        assertThat(reload.get(1)).hasSize(63);
        int kernelDots = 0;
        int i = 1;
        for (; !reload.get(i).startsWith("Loading"); i++) {
            kernelDots += reload.get(i).length();
        }
        assertThat(kernelDots).isEqualTo(lkd.run("lm ko").size() - 1);
        assertThat(reload.get(i)).isEqualTo("Loading User Symbols");
        assertThat(reload).last().isEqualTo("Loading unloaded module list");
    }

    @Test
    void displayColumnsProcessFiltersAndEp() {
        long head = lkd.eval("nt!PsActiveProcessHead");
        List<String> dd = lkd.run("dd /c1 nt!PsActiveProcessHead L2");
        assertThat(dd).hasSize(2);
        assertThat(dd.get(1)).startsWith(String.format("%08x`%08x  ", (head + 4) >>> 32, (head + 4) & 0xffffffffL));
        assertThat(lkd.run("dd /c 3 nt!PsActiveProcessHead L6")).hasSize(2).allMatch(l -> l.split(" +").length == 4);
        assertThat(lkd.run("dq /c1 nt!PsActiveProcessHead L2")).isEqualTo(List.of(
                lkd.run("dq nt!PsActiveProcessHead L1").get(0), lkd.run("dq nt!PsActiveProcessHead+8 L1").get(0)));
        assertThat(lkd.run("!process /m notepad.exe 0 0")).filteredOn(l -> l.startsWith("PROCESS"))
                .containsExactlyElementsOf(lkd.run("!process 0 0 notepad.exe").stream().filter(l -> l.startsWith("PROCESS")).toList());
        assertThat(lkd.run("!process /m ntdll 0 0")).filteredOn(l -> l.contains("Image: System")).isEmpty();
        assertThat(lkd.run("!process /s 1 0 0")).filteredOn(l -> l.contains("SessionId:"))
                .isNotEmpty().allMatch(l -> l.contains("SessionId: 1 "));
        long scratch = lkd.eval("@$proc+0x5a8");
        String before = lkd.run("dq " + Long.toHexString(scratch) + " L1").get(0);
        lkd.run("ep " + Long.toHexString(scratch) + " 4142434445464748");
        assertThat(lkd.run(".printf \"%ma\\n\", " + Long.toHexString(scratch)).get(0)).startsWith("HGFEDCBA");
        lkd.run("eq " + Long.toHexString(scratch) + " " + before.split(" +")[1].replace("`", ""));
        assertThat(lkd.run("dt nt!_EPROCESS @$proc ImageFileName")).containsExactly("   +0x5a8 ImageFileName : [15]  \"kd.exe\"");
    }
}
