package dev.kdlab.debugger.commands.symbols;

import dev.kdlab.debugger.Lkd;
import dev.kdlab.types.TypeCatalog;
import dev.kdlab.types.WildcardPattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * dt's module qualifiers, type search and display options (-a, -b, -c, -i, -o, -r1, -s, -v, -y) on the default
 * machine, each value cross-checked with dq/dd or against the catalog.
 */
class DtOptionsTest {
    private static Lkd lkd;
    private static String systemHex;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
        systemHex = Long.toHexString(lkd.eval("poi(nt!PsActiveProcessHead)-0x448"));
    }

    /** dq's two qwords of one line, as dt prints pointers: 0x + backtick form. */
    private static List<String> qwords(String address) {
        String[] parts = lkd.run("dq " + address + " L2").get(0).split(" +");
        return List.of("0x" + parts[1], "0x" + parts[2]);
    }

    private static String pair(String address) {
        List<String> q = qwords(address);
        return "[ " + q.get(0) + " - " + q.get(1) + " ]";
    }

    // ---- modules

    @Test
    void ntdllNamesTheSameLayoutsAndAQualifiedNamePrintsNoHeader() {
        assertThat(lkd.run("dt ntdll!_PEB @$peb")).isEqualTo(lkd.run("dt nt!_PEB @$peb"))
                .first().asString().startsWith("   +0x000 InheritedAddressSpace : ");
        assertThat(lkd.run("dt ntdll!_LDR_DATA_TABLE_ENTRY")).isEqualTo(lkd.run("dt nt!_LDR_DATA_TABLE_ENTRY"));
        assertThat(lkd.run("dt ntkrnlmp!_TEB")).isEqualTo(lkd.run("dt nt!_TEB"));
        assertThat(lkd.run("dt _TEB").get(0)).isEqualTo("nt!_TEB");
    }

    @Test
    void anUnknownModuleOrTypeIsNotFoundAsTyped() {
        assertThat(lkd.run("dt ntdll!_NOPE")).containsExactly("Symbol ntdll!_NOPE not found.");
        assertThat(lkd.run("dt kernel32!_PEB")).containsExactly("Symbol kernel32!_PEB not found.");
        assertThat(lkd.lastSucceeded()).isFalse();
    }

    @Test
    void windowsTypeNamesAreBaseTypesWithoutAHeader() {
        String low = lkd.run("dd nt!PsActiveProcessHead L1").get(0).split(" +")[1];
        assertThat(lkd.run("dt ULONG nt!PsActiveProcessHead")).containsExactly("0x" + low.replaceFirst("^0+(?=.)", ""));
    }

    // ---- type search

    @Test
    void aPatternListsTheMatchingTypesUnderThePdbName() {
        List<String> lines = lkd.run("dt nt!*PROCESS*");
        assertThat(lines).contains("          ntkrnlmp!_EPROCESS", "          ntkrnlmp!_KPROCESS",
                "          ntkrnlmp!_RTL_USER_PROCESS_PARAMETERS");
        WildcardPattern pattern = WildcardPattern.of("*process*");
        long expected = TypeCatalog.nt().all().stream()
                .filter(t -> pattern.matches(t.name()) && t.size() > 0).count();
        assertThat(lines).hasSize((int) expected).allMatch(l -> l.matches(" {10}ntkrnlmp!_\\w*PROCESS\\w*"));
        assertThat(lkd.run("dt ntkrnlmp!_OBJECT_HEADER_*")).contains(
                "          ntkrnlmp!_OBJECT_HEADER_QUOTA_INFO", "          ntkrnlmp!_OBJECT_HEADER_PROCESS_INFO",
                "          ntkrnlmp!_OBJECT_HEADER_NAME_INFO", "          ntkrnlmp!_OBJECT_HEADER_CREATOR_INFO");
        assertThat(lkd.run("dt ntdll!_PEB*")).contains("          ntdll!_PEB", "          ntdll!_PEB_LDR_DATA");
        assertThat(lkd.run("dt nt!*NoSuchThing*")).containsExactly("Symbol nt!*NoSuchThing* not found.");
    }

    @Test
    void minusSKeepsTheTypesOfThatSize() {
        List<String> lines = lkd.run("dt -s 10 nt!_LIST*");
        assertThat(lines).contains("          ntkrnlmp!_LIST_ENTRY").doesNotContain("          ntkrnlmp!_LIST_ENTRY32");
        for (String line : lines) {
            assertThat(TypeCatalog.nt().get(line.substring(line.indexOf('!') + 1)).size()).as(line).isEqualTo(0x10);
        }
        assertThat(lkd.run("dt -s0x10 nt!_LIST*")).isEqualTo(lines);
    }

    // ---- display options

    @Test
    void minusAOnTheTypeShowsInstancesSideBySide() {
        long head = lkd.eval("nt!PsActiveProcessHead");
        String second = Long.toHexString(head + 0x10);
        assertThat(lkd.run("dt -a2 nt!_LIST_ENTRY nt!PsActiveProcessHead")).containsExactly(
                "[0] @ " + String.format("%08x`%08x", head >>> 32, head & 0xffffffffL),
                "-".repeat(45),
                lkd.run("dt nt!_LIST_ENTRY nt!PsActiveProcessHead").get(1),
                lkd.run("dt nt!_LIST_ENTRY nt!PsActiveProcessHead").get(2),
                "",
                "[1] @ " + String.format("%08x`%08x", (head + 0x10) >>> 32, (head + 0x10) & 0xffffffffL),
                "-".repeat(45),
                lkd.run("dt nt!_LIST_ENTRY " + second).get(1),
                lkd.run("dt nt!_LIST_ENTRY " + second).get(2),
                "");
    }

    @Test
    void minusCaListsBaseElementsInHexOnePerLine() {
        String[] dwords = lkd.run("dd nt!PsActiveProcessHead L4").get(0).split(" +");
        assertThat(lkd.run("dt -ca4 ULONG nt!PsActiveProcessHead")).containsExactly(
                "[0] 0x" + dwords[1].replaceFirst("^0+(?=.)", ""), "[1] 0x" + dwords[2].replaceFirst("^0+(?=.)", ""),
                "[2] 0x" + dwords[3].replaceFirst("^0+(?=.)", ""), "[3] 0x" + dwords[4].replaceFirst("^0+(?=.)", ""));
        List<String> head = qwords("nt!PsActiveProcessHead");
        assertThat(lkd.run("dt -ca1 nt!_LIST_ENTRY nt!PsActiveProcessHead")).containsExactly(
                "[0] +0x000 Flink " + head.get(0) + " _LIST_ENTRY " + pair(head.get(0))
                        + " +0x008 Blink " + head.get(1) + " _LIST_ENTRY " + pair(head.get(1)));
        // a count too long for any array is every element, as -a alone (a fuzzer found it stopped the command)
        assertThat(lkd.run("dt -ca10122222222222222222222 nt!_LIST_ENTRY nt!PsActiveProcessHead"))
                .isEqualTo(lkd.run("dt -ca nt!_LIST_ENTRY nt!PsActiveProcessHead"));
    }

    @Test
    void minusAOnAMemberShowsItsElementsUnderIndices() {
        assertThat(lkd.run("dt nt!_EPROCESS " + systemHex + " -a3 ImageFileName")).containsExactly(
                "   +0x5a8 ImageFileName : ",
                "    [00] 0x53 'S'",
                "    [01] 0x79 'y'",
                "    [02] 0x73 's'");
    }

    @Test
    void minusCPutsAStructOnOneLine() {
        assertThat(lkd.run("dt -c nt!_UNICODE_STRING")).containsExactly(
                "   +0x000 Length Uint2B +0x002 MaximumLength Uint2B +0x008 Buffer Ptr64 Wchar");
    }

    @Test
    void minusOOmitsOffsetsAndMinusIIndentation() {
        assertThat(lkd.run("dt -o nt!_LIST_ENTRY")).containsExactly(
                "   Flink            : Ptr64 _LIST_ENTRY",
                "   Blink            : Ptr64 _LIST_ENTRY");
        List<String> indented = lkd.run("dt -r1 nt!_KAPC_STATE");
        List<String> flat = lkd.run("dt -r1 -i nt!_KAPC_STATE");
        assertThat(flat).hasSameSizeAs(indented).contains("   +0x000 Header           : _DISPATCHER_HEADER");
        assertThat(indented).contains("      +0x000 Header           : _DISPATCHER_HEADER");
        assertThat(flat).allMatch(l -> l.startsWith("   +0x"));
        assertThat(lkd.run("dt nt!_EPROCESS " + systemHex + " -yo ImageFileN")).containsExactly(
                "   ImageFileName : [15]  \"System\"");
    }

    @Test
    void minusBExpandsAnArrayOfStructsUnderIndices() {
        String apcState = Long.toHexString(lkd.eval("@$thread+0x98"));
        List<String> lines = lkd.run("dt -b nt!_KAPC_STATE " + apcState);
        List<String> first = qwords(apcState);
        List<String> second = qwords(apcState + "+0x10");
        assertThat(lines.subList(0, 7)).containsExactly(
                "   +0x000 ApcListHead      : ",
                "    [00]",
                "      +0x000 Flink            : " + first.get(0) + " _LIST_ENTRY " + pair(first.get(0)),
                "      +0x008 Blink            : " + first.get(1) + " _LIST_ENTRY " + pair(first.get(1)),
                "    [01]",
                "      +0x000 Flink            : " + second.get(0) + " _LIST_ENTRY " + pair(second.get(0)),
                "      +0x008 Blink            : " + second.get(1) + " _LIST_ENTRY " + pair(second.get(1)));
        assertThat(lines.get(7)).isEqualTo("   +0x020 Process          : " + qwords(apcState + "+0x20").get(0) + " _KPROCESS");
    }

    @Test
    void minusR1ExpandsOneLevelWithValues() {
        List<String> lines = lkd.run("dt -r1 nt!_EPROCESS " + systemHex);
        assertThat(lines.subList(0, 4)).containsExactly(
                "   +0x000 Pcb              : _KPROCESS",
                "      +0x000 Header           : _DISPATCHER_HEADER",
                "      +0x018 ProfileListHead  : _LIST_ENTRY " + pair(systemHex + "+0x18"),
                "      +0x028 DirectoryTableBase : 0x" + Long.toHexString(lkd.eval("poi(" + systemHex + "+0x28)")));
        assertThat(lines).contains("   +0x448 ActiveProcessLinks : _LIST_ENTRY " + pair(systemHex + "+0x448"),
                "      +0x000 Flink            : " + qwords(systemHex + "+0x448").get(0) + " _LIST_ENTRY "
                        + pair(qwords(systemHex + "+0x448").get(0)));
        assertThat(lines).noneMatch(l -> l.startsWith("         +"));
    }

    @Test
    void minusVOnAnInstanceAddsTheSizeLineAndSpellsEnumsInFull() {
        List<String> head = qwords("nt!PsActiveProcessHead");
        assertThat(lkd.run("dt -v nt!_LIST_ENTRY nt!PsActiveProcessHead")).containsExactly(
                "struct _LIST_ENTRY, 2 elements, 0x10 bytes",
                " [ " + head.get(0) + " - " + head.get(1) + " ]",
                "   +0x000 Flink            : " + head.get(0) + " _LIST_ENTRY " + pair(head.get(0)),
                "   +0x008 Blink            : " + head.get(1) + " _LIST_ENTRY " + pair(head.get(1)));
        assertThat(lkd.run("dt -v nt!_OBJECT_TYPE_INITIALIZER PoolType")).containsExactly(
                "struct _OBJECT_TYPE_INITIALIZER, 32 elements, 0x78 bytes",
                "   +0x024 PoolType : Enum _POOL_TYPE,  23 total enums");
    }

    @Test
    void minusYMatchesEveryMemberStartingWithThePrefix() {
        assertThat(lkd.run("dt nt!_EPROCESS " + systemHex + " -y Image")).containsExactly(
                "   +0x464 ImageNotifyDone : 0y" + (lkd.eval("dwo(" + systemHex + "+0x464)") >>> 22 & 1),
                "   +0x5a0 ImageFilePointer : (null) ",
                "   +0x5a8 ImageFileName : [15]  \"System\"",
                "   +0x5f4 ImagePathHash : 0x" + Long.toHexString(lkd.eval("dwo(" + systemHex + "+0x5f4)")));
        assertThat(lkd.run("dt nt!_EPROCESS " + systemHex + " Image*")).isEqualTo(lkd.run("dt nt!_EPROCESS "
                + systemHex + " -y Image"));
        assertThat(lkd.run("dt nt!_EPROCESS " + systemHex + " *")).isEqualTo(lkd.run("dt nt!_EPROCESS " + systemHex));
    }

    @Test
    void anUnsupportedOptionNamesTheOnesThatAre() {
        assertThat(lkd.run("dt -p nt!_EPROCESS 1000")).containsExactly(
                "dt: option -p is not supported by kdlab (supported: -a[N] -b -c -e -i -o -r[N] -s Size -v -y -n -l)");
    }
}
