package dev.kdlab.debugger.commands.symbols;

import dev.kdlab.debugger.Lkd;
import dev.kdlab.types.LayoutImporter;
import dev.kdlab.types.TypeCatalog;
import dev.kdlab.types.TypeLayoutPrinter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** dt on the booted default machine (seed 19045), checked line by line against WinDbg's formats and the bytes. */
class DtCommandTest {
    private static Lkd lkd;
    private static long system;
    private static String systemHex;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
        system = lkd.eval("poi(nt!PsActiveProcessHead)-0x448");
        systemHex = Long.toHexString(system);
    }

    /** dq's two qwords of one line, as dt prints pointers: 0x + backtick form. */
    private static List<String> qwords(String address) {
        String line = lkd.run("dq " + address + " L2").get(0);
        String[] parts = line.split(" +");
        return List.of("0x" + parts[1], "0x" + parts[2]);
    }

    private static String backtick(long v) {
        return String.format("0x%08x`%08x", v >>> 32, v & 0xffffffffL);
    }

    @Test
    void typeOnlyListingIsTheReferenceLayoutWithoutHeaderWhenQualified() throws IOException {
        List<String> lines = lkd.run("dt nt!_EPROCESS");
        Path reference = LayoutImporter.referenceDir().resolve("_EPROCESS.txt");
        List<String> referenceMembers = Files.readAllLines(reference).stream()
                .filter(l -> l.startsWith("   +0x")).toList();
        assertThat(lines).isEqualTo(referenceMembers);
        assertThat(lines).hasSize(235);
        assertThat(lines).isEqualTo(TypeLayoutPrinter.members(TypeCatalog.nt().struct("_EPROCESS")));
    }

    @Test
    void unqualifiedTypeNamesPrintTheHeaderInTheCatalogsSpelling() {
        List<String> lines = lkd.run("dt_eprocess");
        assertThat(lines.get(0)).isEqualTo("nt!_EPROCESS");
        assertThat(lines.subList(1, lines.size())).isEqualTo(lkd.run("dt nt!_EPROCESS"));
        assertThat(lkd.run("dt _eprocess")).isEqualTo(lines);
        assertThat(lkd.run("dt nt!_eprocess").get(0)).isEqualTo("   +0x000 Pcb              : _KPROCESS");
    }

    @Test
    void theSystemProcessReadsAsWinDbgPrintsIt() {
        List<String> lines = lkd.run("dt nt!_EPROCESS " + systemHex);
        assertThat(lines).hasSize(235);
        assertThat(lines.get(0)).isEqualTo("   +0x000 Pcb              : _KPROCESS");
        assertThat(lines).contains(
                "   +0x440 UniqueProcessId  : 0x00000000`00000004 Void",
                "   +0x5a8 ImageFileName    : [15]  \"System\"",
                "   +0x5b7 PriorityClass    : 0x2 ''",
                "   +0x7d4 ExitStatus       : 0n259",
                "   +0x4d8 RotateInProgress : (null) ",
                "   +0x9d0 MitigationFlagsValues : <anonymous-tag>",
                "   +0x610 ReadOperationCount : _LARGE_INTEGER 0x0");
        List<String> links = qwords(systemHex + "+0x448");
        assertThat(lines).contains("   +0x448 ActiveProcessLinks : _LIST_ENTRY [ " + links.get(0) + " - " + links.get(1) + " ]");
        long threads = lkd.eval("dwo(" + systemHex + "+0x5f0)");
        assertThat(lines).contains("   +0x5f0 ActiveThreads    : 0x" + Long.toHexString(threads));
        assertThat(lines).anyMatch(l -> l.matches("   \\+0x468 CreateTime       : _LARGE_INTEGER 0x[0-9a-f]{8}`[0-9a-f]{8}"));
        assertThat(lines).anyMatch(l -> l.matches("   \\+0x460 DefaultPagePriority : 0y[01]{3}"));
        assertThat(lines).anyMatch(l -> l.matches("   \\+0x920 LastAppStateUptime : 0y[01]{61} \\((0|0x[0-9a-f]+)\\)"));
        assertThat(lines).noneMatch(l -> l.startsWith("Memory read error"));
    }

    @Test
    void fieldArgumentsPrintInStructureOrderPaddedToTheLongestName() {
        assertThat(lkd.run("dt _EPROCESS " + systemHex + " ImageFileName UniqueProcessId")).containsExactly(
                "nt!_EPROCESS",
                "   +0x440 UniqueProcessId : 0x00000000`00000004 Void",
                "   +0x5a8 ImageFileName   : [15]  \"System\"");
        assertThat(lkd.run("dt nt!_EPROCESS " + systemHex + " -y pcb")).containsExactly("   +0x000 Pcb : _KPROCESS");
        assertThat(lkd.run("dt nt!_EPROCESS @$proc ImageFileName")).containsExactly(
                "   +0x5a8 ImageFileName : [15]  \"kd.exe\"");
    }

    @Test
    void fieldArgumentsMatchWithCaseAsWinDbgsDo() {
        // WinDbg's field filters are case-sensitive: "Name index" shows Name only, in a column as wide as "Name"
        long type = lkd.eval("poi(nt!ObTypeIndexTable + 2*8)");
        String unicodeName = lkd.run("dt nt!_OBJECT_TYPE " + Long.toHexString(type) + " Name").get(0);
        assertThat(unicodeName).isEqualTo("   +0x010 Name : _UNICODE_STRING \"Type\"");
        assertThat(lkd.run("dt nt!_OBJECT_TYPE " + Long.toHexString(type) + " Name index")).containsExactly(unicodeName);
        assertThat(lkd.run("dt nt!_OBJECT_TYPE " + Long.toHexString(type) + " Name Index")).containsExactly(
                "   +0x010 Name  : _UNICODE_STRING \"Type\"", "   +0x028 Index : 0x2 ''");
        assertThat(lkd.run("dt nt!_EPROCESS @$proc imagefilename")).containsExactly("Cannot find specified field members.");
        assertThat(lkd.run("dt nt!_EPROCESS @$proc -y imagefilen")).containsExactly(
                "   +0x5a8 ImageFileName : [15]  \"kd.exe\"");
    }

    @Test
    void aDottedFieldShowsItsParentAndTheChildThreeBlanksDeeper() {
        long directoryTableBase = lkd.eval("poi(" + systemHex + "+0x28)");
        assertThat(lkd.run("dt nt!_EPROCESS " + systemHex + " Pcb.DirectoryTableBase")).containsExactly(
                "   +0x000 Pcb                    : ",
                "      +0x028 DirectoryTableBase     : 0x" + Long.toHexString(directoryTableBase));
    }

    @Test
    void minusYOnAListEntryPathShowsThePairAndTheFollowedFlink() {
        List<String> links = qwords(systemHex + "+0x448");
        List<String> next = qwords(links.get(0));
        assertThat(lkd.run("dt nt!_eprocess " + systemHex + " -y ActiveProcessLinks.flink -y ImageFileName"))
                .containsExactly(
                        "   +0x448 ActiveProcessLinks       :  [ " + links.get(0) + " - " + links.get(1) + " ]",
                        "      +0x000 Flink                    : " + links.get(0) + " _LIST_ENTRY [ "
                                + next.get(0) + " - " + next.get(1) + " ]",
                        "   +0x5a8 ImageFileName            : [15]  \"System\"");
    }

    @Test
    void aListEntryInstanceStartsWithItsPairAndFollowsBothPointers() {
        List<String> head = qwords("nt!PsActiveProcessHead");
        List<String> first = qwords(head.get(0));
        List<String> last = qwords(head.get(1));
        assertThat(lkd.run("dt nt!_LIST_ENTRY nt!PsActiveProcessHead")).containsExactly(
                " [ " + head.get(0) + " - " + head.get(1) + " ]",
                "   +0x000 Flink            : " + head.get(0) + " _LIST_ENTRY [ " + first.get(0) + " - " + first.get(1) + " ]",
                "   +0x008 Blink            : " + head.get(1) + " _LIST_ENTRY [ " + last.get(0) + " - " + last.get(1) + " ]");
    }

    @Test
    void theAddressMayComeFirst() {
        List<String> lines = lkd.run("dt nt!PsActiveProcessHead _LIST_ENTRY");
        assertThat(lines.get(0)).isEqualTo("nt!_LIST_ENTRY");
        assertThat(lines.subList(1, lines.size())).isEqualTo(lkd.run("dt nt!_LIST_ENTRY nt!PsActiveProcessHead"));
    }

    @Test
    void thePebOfTheImplicitProcessReadsThroughItsPageTables() {
        List<String> peb = lkd.run("dt _PEB @$peb");
        assertThat(peb.get(0)).isEqualTo("nt!_PEB");
        String section = lkd.run("dt nt!_EPROCESS @$proc SectionBaseAddress").get(0);
        assertThat(section).matches("   \\+0x520 SectionBaseAddress : 0x00007ff[0-9a-f]`[0-9a-f]{8} Void");
        String base = section.substring(section.indexOf(" : ") + 3);
        assertThat(peb).contains("   +0x010 ImageBaseAddress : " + base);
        assertThat(peb).anyMatch(l -> l.matches("   \\+0x018 Ldr              : 0x[0-9a-f`]{17} _PEB_LDR_DATA"));
        assertThat(peb).noneMatch(l -> l.startsWith("Memory read error"));
    }

    @Test
    void unicodeStringsShowTheirText() {
        String parameters = lkd.run("dt nt!_PEB @$peb ProcessParameters").get(0);
        String address = parameters.replaceAll(".* : (0x\\S+) .*", "$1");
        assertThat(lkd.run("dt nt!_RTL_USER_PROCESS_PARAMETERS " + address + " CommandLine"))
                .containsExactly("   +0x070 CommandLine : _UNICODE_STRING \"kd -kl\"");
    }

    @Test
    void minusRExpandsEmbeddedStructsTwoLevelsByDefault() {
        List<String> lines = lkd.run("dt -r nt!_EPROCESS");
        assertThat(lines.subList(0, 4)).containsExactly(
                "   +0x000 Pcb              : _KPROCESS",
                "      +0x000 Header           : _DISPATCHER_HEADER",
                "         +0x000 Lock             : Int4B",
                "         +0x000 LockNV           : Int4B");
        assertThat(lines).contains("         +0x008 WaitListHead     : _LIST_ENTRY",
                "      +0x018 ProfileListHead  : _LIST_ENTRY",
                "         +0x000 Flink            : Ptr64 _LIST_ENTRY");
        assertThat(lines).noneMatch(l -> l.startsWith("            +"));
        assertThat(lkd.run("dt -r1 nt!_EPROCESS")).noneMatch(l -> l.startsWith("         +"));
    }

    @Test
    void minusLWalksTheActiveProcessListBackToTheHead() {
        List<String> lines = lkd.run("dt nt!_EPROCESS -l ActiveProcessLinks.Flink -y ImageFileName " + systemHex);
        assertThat(lines.get(0)).isEqualTo("ActiveProcessLinks.Flink at " + backtick(system));
        assertThat(lines.get(1)).isEqualTo("-".repeat(45));
        assertThat(lines.get(2)).isEqualTo("   +0x5a8 ImageFileName : [15]  \"System\"");
        assertThat(lines.get(3)).isEmpty();
        List<String> names = lines.stream().filter(l -> l.startsWith("   +0x5a8")).toList();
        assertThat(names).contains("   +0x5a8 ImageFileName : [15]  \"kd.exe\"");
        // the list head in nt's data is walked as one more (meaningless) node before the walk returns to System
        assertThat(names).hasSize(lkd.processAddresses().size() + 1);
    }

    @Test
    void minusVAddsSizesAndElementCounts() {
        assertThat(lkd.run("dt -v _LIST_ENTRY")).containsExactly(
                "nt!_LIST_ENTRY",
                "struct _LIST_ENTRY, 2 elements, 0x10 bytes",
                "   +0x000 Flink            : Ptr64 _LIST_ENTRY",
                "   +0x008 Blink            : Ptr64 _LIST_ENTRY");
    }

    @Test
    void anUnknownTypeIsASymbolNotFoundAsTyped() {
        assertThat(lkd.run("dt nt!_FOO")).containsExactly("Symbol nt!_FOO not found.");
        assertThat(lkd.lastSucceeded()).isFalse();
        assertThat(lkd.run("dt _FOO")).containsExactly("Symbol _FOO not found.");
    }

    @Test
    void anUnknownFieldIsReportedWithWinDbgsWords() {
        assertThat(lkd.run("dt nt!_EPROCESS " + systemHex + " NoSuchField"))
                .containsExactly("Cannot find specified field members.");
    }

    @Test
    void unreadableMembersPrintQuestionMarksAndTheLastFailedAddressComesLast() {
        List<String> lines = lkd.run("dt nt!_EPROCESS 1000");
        assertThat(lines).contains("   +0x440 UniqueProcessId  : ???? ", "   +0x460 Flags2           : ??",
                "   +0x448 ActiveProcessLinks : _LIST_ENTRY");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("Memory read error 0000000000001a28");
        assertThat(lkd.run("dt nt!_EPROCESS 1000 UniqueProcessId")).containsExactly(
                "   +0x440 UniqueProcessId : ???? ", "Memory read error 0000000000001440");
    }

    @Test
    void aBadAddressExpressionIsASyntaxErrorUnderItsColumn() {
        List<String> lines = lkd.run("dt nt!_EPROCESS @$proc+");
        assertThat(lines.get(0)).endsWith("Syntax error in 'dt nt!_EPROCESS @$proc+'");
    }
}
