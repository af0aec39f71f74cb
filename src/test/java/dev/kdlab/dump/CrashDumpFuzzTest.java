package dev.kdlab.dump;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kdlab.kernel.image.NtSymbols;
import dev.kdlab.memory.AddressSpace;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.types.TypeCatalog;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile dumps: whatever the bytes, the reader either refuses them with one line or serves pages
 * without throwing, and the validator (header, page tables, kernel rules with kdlab's own symbols) ends. Under {@code mvn test} this replays
 * the seed corpus in {@code src/test/resources/dev/kdlab/dump/CrashDumpFuzzTestInputs/readsOrRefuses}
 * (valid dumps of both types and corrupt variants); {@code JAZZER_FUZZ=1 mvn test
 * -Dtest=CrashDumpFuzzTest} fuzzes for real.
 */
class CrashDumpFuzzTest {
    private static final long[] KERNEL_ADDRESSES = {0xfffff780_00000000L, 0xfffff802_1ac00a60L, 0xffffd000_00000000L, 0};

    @FuzzTest(maxDuration = "10m")
    void readsOrRefuses(byte[] contents) {
        CrashDump dump;
        try {
            dump = CrashDump.of(contents);
        } catch (DumpFormatException refused) {
            assertThat(refused.getMessage()).isNotBlank().doesNotContain("\n");
            return;
        }
        long frames = dump.size() / PhysicalMemory.PAGE_SIZE;
        for (long pfn = 0; pfn < Math.min(frames, 64); pfn++) {
            dump.frame(pfn);
        }
        dump.frame(frames - 1);
        dump.writeLong(dump.size() - 8, 0x4142434445464748L);
        assertThat(dump.readLong(dump.size() - 8)).isEqualTo(0x4142434445464748L);
        AddressSpace kernel = new AddressSpace(dump, dump.header().directoryTableBase());
        for (long address : KERNEL_ADDRESSES) {
            try {
                kernel.read(address, new byte[16], 0, 16);
            } catch (MemoryAccessException unmapped) {
                // a page fault is an answer too
            }
        }
        assertThat(DumpValidator.check(dump, TypeCatalog.nt(), NtSymbols.all())).isNotEmpty();
    }
}
