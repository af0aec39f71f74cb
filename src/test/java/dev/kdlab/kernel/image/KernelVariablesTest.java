package dev.kdlab.kernel.image;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every nt! variable has one place: a name placed by hand in {@link NtSymbols} is not laid out again
 * by {@link KernelVariables} (otherwise its writer and its readers would use two addresses), and
 * the laid-out block overlaps no hand-placed global.
 */
class KernelVariablesTest {
    @Test
    void theHandPlacedGlobalsKeepTheirAddressUnderTheirName() {
        Map<String, Long> symbols = NtSymbols.all();
        assertThat(symbols).containsEntry("ObpRootDirectoryObject", NtSymbols.OBP_ROOT_DIRECTORY_OBJECT)
                .containsEntry("ObpTypeObjectType", NtSymbols.OBP_TYPE_OBJECT_TYPE)
                .containsEntry("ObpInfoMaskToOffset", NtSymbols.OBP_INFO_MASK_TO_OFFSET)
                .containsEntry("PoolBigPageTable", NtSymbols.POOL_BIG_PAGE_TABLE)
                .containsEntry("PoolBigPageTableSize", NtSymbols.POOL_BIG_PAGE_TABLE_SIZE)
                .containsEntry("CmpHiveListHead", NtSymbols.CMP_HIVE_LIST_HEAD);
        assertThat(KernelVariables.rvas()).doesNotContainKeys("ObpRootDirectoryObject", "ObpTypeObjectType",
                "ObpInfoMaskToOffset", "PoolBigPageTable", "PoolBigPageTableSize", "CmpHiveListHead");
    }

    @Test
    void theBlockLiesBetweenTheHandPlacedGlobals() {
        long end = KernelVariables.rvas().entrySet().stream()
                .mapToLong(v -> v.getValue() + KernelVariables.size(v.getKey())).max().orElseThrow();
        assertThat(KernelVariables.FIRST_RVA).isGreaterThan(NtSymbols.MM_PROCESS_LIST);
        assertThat(end).isLessThanOrEqualTo(NtSymbols.OBP_ROOT_DIRECTORY_OBJECT);
    }
}
