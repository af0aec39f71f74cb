package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** !pfn against !pte: the frame a PTE names points back at that PTE, through bytes of nt!MmPfnDatabase. */
class PfnCommandTest {
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    /** The "PXE at"/"PPE at"/... address of column {@code level} of !pte's second line. */
    private static String entryAddress(List<String> pte, int level) {
        return pte.get(1).split(" +")[3 * level + 2];
    }

    private static String pfnOfColumn(List<String> pte, int level) {
        return pte.get(3).substring(27 * level).split(" +")[1];
    }

    @Test
    void theFrameOfEveryLevelPointsBackAtTheEntryThatMapsIt() {
        for (String address : List.of("@$peb", "@$teb", "@$proc", "@$thread", "poi(@$peb+0x20)")) {
            List<String> pte = lkd.run("!pte " + address);
            for (int level = 0; level < 4; level++) {
                List<String> pfn = lkd.run("!pfn " + pfnOfColumn(pte, level));
                assertThat(pfn.get(1)).as("%s level %d", address, level).endsWith("pteaddress " + entryAddress(pte, level));
                assertThat(pfn.get(3)).contains("Active");
                if (level > 0) {
                    assertThat(pfn.get(3)).as("PteFrame is the frame of the table above")
                            .contains(String.format("containing page %13s", String.format("%06X",
                                    Long.parseLong(pfnOfColumn(pte, level - 1), 16))));
                }
            }
        }
    }

    @Test
    void sharedUserDataBelongsToTheKernelMappingAndCountsEveryView() {
        List<String> user = lkd.run("!pte 7ffe0000");
        List<String> pfn = lkd.run("!pfn " + pfnOfColumn(user, 3));
        assertThat(pfn.get(1)).endsWith("pteaddress " + entryAddress(lkd.run("!pte fffff780`00000000"), 3));
        int userViews = (int) lkd.processAddresses().stream().filter(e -> lkd.eval("poi(" + Long.toHexString(e) + "+0x550)") != 0)
                .count();
        assertThat(pfn.get(1)).contains(String.format("share count %08X", userViews + 1));
    }

    @Test
    void anEntryPrintsItsFiveLines() {
        List<String> pte = lkd.run("!pte @$peb");
        long pfn = Long.parseLong(pfnOfColumn(pte, 3), 16);
        long database = lkd.eval("poi(nt!MmPfnDatabase)");
        assertThat(lkd.run("!pfn " + Long.toHexString(pfn))).containsExactly(
                String.format("    PFN %08X at address %016X", pfn, database + 0x30 * pfn),
                "    flink       00000000  blink / share count 00000001  pteaddress " + entryAddress(pte, 3),
                "    reference count 0001    used entry count  0000      Cached    color 0   Priority 5",
                String.format("    restore pte 00000080  containing page        %06X  Active     M",
                        Long.parseLong(pfnOfColumn(pte, 2), 16)),
                "    Modified");
        assertThat(lkd.eval("poi(" + Long.toHexString(database + 0x30 * pfn + 8) + ")"))
                .as("dt-able bytes: _MMPFN.PteAddress").isEqualTo(Long.parseUnsignedLong(entryAddress(pte, 3), 16));
    }

    @Test
    void aPageTableCountsItsEntries() {
        List<String> pte = lkd.run("!pte @$peb");
        List<String> pfn = lkd.run("!pfn " + pfnOfColumn(pte, 2));
        assertThat(pfn.get(2)).matches("    reference count 0001    used entry count  0*[1-9a-f][0-9A-F]*      Cached .*");
    }

    @Test
    void aFrameNotInTheDatabaseIsAReadError() {
        long database = lkd.eval("poi(nt!MmPfnDatabase)");
        assertThat(lkd.run("!pfn 300000")).containsExactly(
                "error 1 InitTypeRead( nt!_MMPFN at " + Hex.backtick(database + 0x30 * 0x300000L) + ")");
        assertThat(lkd.lastSucceeded()).isFalse();
    }
}
