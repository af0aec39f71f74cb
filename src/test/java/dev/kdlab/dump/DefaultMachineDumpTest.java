package dev.kdlab.dump;

import dev.kdlab.kernel.init.Kernel;
import dev.kdlab.kernel.image.NtSymbols;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.scenario.DefaultMachine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The default machine written as a dump: it reads back frame for frame and passes every reader's rules. */
class DefaultMachineDumpTest {
    @TempDir
    static Path folder;
    private static Kernel kernel;
    private static CrashDump dump;

    @BeforeAll
    static void dumpTheDefaultMachine() throws IOException {
        kernel = DefaultMachine.bootKernel(DefaultMachine.DEFAULT_SEED);
        Path file = folder.resolve("default.dmp");
        new CrashDumpWriter().write(kernel.space().physical(), facts(kernel), file, CrashDumpWriter.Layout.FITTING);
        dump = CrashDump.open(file);
    }

    static DumpFacts facts(Kernel kernel) {
        long prcb = kernel.space().read(kernel.ntAddress(NtSymbols.KI_PROCESSOR_BLOCK), 8);
        byte[] context = new byte[0x4d0];
        kernel.space().memory().read(kernel.space().struct("_KPRCB", prcb).addressOf("ProcessorState.ContextFrame"),
                context, 0, context.length);
        return new DumpFacts(19041, kernel.plan().systemDirectoryTableBase(),
                kernel.space().read(kernel.ntAddress(NtSymbols.MM_PFN_DATABASE), 8),
                kernel.ntAddress(NtSymbols.PS_LOADED_MODULE_LIST), kernel.activeProcessHead(), kernel.processorCount(),
                DumpFacts.MANUALLY_INITIATED_CRASH, new long[4], kernel.ntAddress(NtSymbols.KD_DEBUGGER_DATA_BLOCK),
                context, Kernel.BOOT_TIME + 0x2_5a01_7c80L, 0x2_5a01_7c80L, "kdlab default machine");
    }

    @Test
    void everyFrameReadsBackAsTheLiveMachineHoldsIt() {
        PhysicalMemory live = kernel.space().physical();
        assertThat(dump.header().type()).isEqualTo(DumpType.BITMAP);
        assertThat(dump.size()).isEqualTo(live.size());
        long checked = 0;
        for (long pfn = 0; pfn <= live.highestPageFrameNumber(); pfn++) {
            assertThat(dump.isTouched(pfn)).isEqualTo(live.isTouched(pfn));
            if (live.isTouched(pfn)) {
                assertThat(dump.frame(pfn)).isEqualTo(live.frame(pfn));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(dump.presentPages());
    }

    @Test
    void theDumpPassesEveryReadersRules() {
        List<Verdict> verdicts = DumpValidator.check(dump);
        assertThat(verdicts).hasSizeGreaterThan(20).filteredOn(verdict -> !verdict.passed()).isEmpty();
    }
}
