package dev.kdlab.dump;

import dev.kdlab.debugger.Debugger;
import dev.kdlab.kernel.init.Kernel;
import dev.kdlab.scenario.LiveTargets;
import dev.kdlab.kernel.image.NtSymbols;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.types.TypeCatalog;
import dev.kdlab.types.isf.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    static DumpFacts facts(Kernel kernel) throws DumpWriteException {
        return MachineFacts.read(kernel.space().physical(), TypeCatalog.nt(), kernel.plan().systemDirectoryTableBase(),
                kernel.ntAddress(NtSymbols.KD_DEBUGGER_DATA_BLOCK), kernel.ntSymbol("KdVersionBlock"), 0,
                "kdlab default machine");
    }

    @Test
    void theHeaderSaysWhatTheMachineHolds() {
        DumpHeader header = dump.header();
        assertThat(header.buildNumber()).isEqualTo(19045);
        assertThat(header.processorCount()).isEqualTo(DefaultMachine.PROCESSORS);
        assertThat(header.psActiveProcessHead()).isEqualTo(kernel.activeProcessHead());
        assertThat(header.pfnDataBase()).isEqualTo(kernel.space().read(kernel.ntAddress(NtSymbols.MM_PFN_DATABASE), 8));
        assertThat(header.systemTime()).isGreaterThan(Kernel.BOOT_TIME);
        assertThat(header.systemTime() - header.systemUpTime()).isEqualTo(Kernel.BOOT_TIME);
        long prcb = kernel.space().read(kernel.ntAddress(NtSymbols.KI_PROCESSOR_BLOCK), 8);
        long rip = kernel.space().read(kernel.space().struct("_KPRCB", prcb).addressOf("ProcessorState.ContextFrame.Rip"), 8);
        assertThat(ContextRecord.rip(header.context())).isEqualTo(rip).isNegative();
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

    /**
     * Every reader's rule, with the types and symbols of the ISF that {@code .isf} exports for this
     * machine, as Volatility would read the dump with it: every symbol readers resolve is in the file
     * and holds what they expect.
     */
    @Test
    void theDumpPassesEveryReadersRulesWithTheExportedIsf() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Debugger debugger = new Debugger(LiveTargets.of(kernel), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(debugger.execute(".isf " + folder.resolve("nt.json"))).as(out.toString(StandardCharsets.UTF_8)).isTrue();
        Map<String, Long> rvas = isfSymbols(folder.resolve("nt.json"));
        assertThat(rvas).containsKeys(DumpValidator.requiredSymbols().toArray(String[]::new));

        List<Verdict> verdicts = DumpValidator.check(dump, TypeCatalog.nt(), rvas);

        assertThat(verdicts).hasSizeGreaterThan(50).filteredOn(verdict -> !verdict.passed()).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> isfSymbols(Path isf) throws IOException {
        Map<String, Object> json = (Map<String, Object>) Json.parse(Files.readString(isf));
        Map<String, Long> rvas = new TreeMap<>();
        ((Map<String, Object>) json.get("symbols")).forEach((name, symbol) ->
                rvas.put(name, (Long) ((Map<String, Object>) symbol).get("address")));
        return rvas;
    }
}
