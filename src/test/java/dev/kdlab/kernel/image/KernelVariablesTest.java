package dev.kdlab.kernel.image;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every nt! variable has one place: a name is laid out by {@link KernelVariables}, by {@link
 * NtGlobals} or by hand in {@link NtSymbols}, never twice (otherwise its writer and its readers would
 * use two addresses), and the laid-out blocks overlap neither each other nor the hand-placed globals.
 */
class KernelVariablesTest {
    /** The object manager's hand-placed block (ObpRootDirectoryObject .. the end of ObpObjectTypes). */
    private static final long OB_BLOCK_START = NtSymbols.OBP_ROOT_DIRECTORY_OBJECT;
    private static final long OB_BLOCK_END = NtSymbols.OBP_OBJECT_TYPES + 8L * 0x44;

    @Test
    void everyNameResolvesToTheOnePlaceItIsWrittenAt() {
        Map<String, Long> symbols = NtSymbols.all();
        assertThat(symbols).containsEntry("ObpRootDirectoryObject", NtSymbols.OBP_ROOT_DIRECTORY_OBJECT)
                .containsEntry("ObpTypeObjectType", NtSymbols.OBP_TYPE_OBJECT_TYPE)
                .containsEntry("ObpInfoMaskToOffset", NtSymbols.OBP_INFO_MASK_TO_OFFSET)
                .containsEntry("PoolBigPageTable", NtSymbols.POOL_BIG_PAGE_TABLE)
                .containsEntry("PoolBigPageTableSize", NtSymbols.POOL_BIG_PAGE_TABLE_SIZE)
                .containsEntry("CmpHiveListHead", NtSymbols.CMP_HIVE_LIST_HEAD)
                .containsEntry("ObpKernelHandleTable", NtSymbols.OBP_KERNEL_HANDLE_TABLE)
                .containsEntry("HandleTableListHead", NtSymbols.HANDLE_TABLE_LIST_HEAD);
        KernelVariables.rvas().forEach((name, rva) -> assertThat(symbols).containsEntry(name, rva));
        NtGlobals.rvas().forEach((name, rva) -> assertThat(symbols).containsEntry(name, rva));
        assertThat(KernelVariables.rvas().keySet()).doesNotContainAnyElementsOf(NtGlobals.rvas().keySet());
    }

    @Test
    void theLaidOutBlocksOverlapNothing() {
        List<long[]> ranges = new ArrayList<>();
        KernelVariables.rvas().forEach((name, rva) -> ranges.add(new long[] {rva, rva + KernelVariables.size(name)}));
        long globalsEnd = NtGlobals.rvas().values().stream().mapToLong(Long::longValue).max().orElseThrow() + 0x300;
        ranges.add(new long[] {NtGlobals.FIRST_RVA, globalsEnd});
        for (long[] range : ranges) {
            assertThat(range[1] <= OB_BLOCK_START || range[0] >= OB_BLOCK_END)
                    .as("%x-%x clear of the object manager's globals", range[0], range[1]).isTrue();
        }
        assertThat(KernelVariables.FIRST_RVA).isGreaterThan(NtSymbols.MM_PROCESS_LIST);
        assertThat(KernelVariables.rvas().values()).allMatch(rva -> rva < NtGlobals.FIRST_RVA);
    }
}
