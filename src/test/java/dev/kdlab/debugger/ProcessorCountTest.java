package dev.kdlab.debugger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many processors the commands see is nt!KeNumberProcessors in memory, read each time: an
 * {@code ed} of it changes !cpuinfo, !pcr, !prcb, vertarget and @$prcb at once, and a processor
 * the count takes in but KiProcessorBlock has no KPRCB for is refused with kdexts' words.
 */
class ProcessorCountTest {
    private static final String NO_PRCB = "Cannot get PRCB address";
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    @AfterEach
    void restore() {
        lkd.run("ed nt!KeNumberProcessors 4");
    }

    @Test
    void theDefaultMachineCountsFourProcessors() {
        assertThat(lkd.eval("dwo(nt!KeNumberProcessors)")).isEqualTo(4);
        assertThat(lkd.run("!cpuinfo")).hasSize(1 + 4);
        assertThat(lkd.run("vertarget").get(0)).contains(" MP (4 procs) ");
        assertThat(lkd.run("!prcb 3").get(0)).startsWith("PRCB for Processor 3 at ");
    }

    @Test
    void lowerKeNumberProcessorsAndTheOtherProcessorsAreGone() {
        lkd.run("ed nt!KeNumberProcessors 1");
        List<String> cpus = lkd.run("!cpuinfo");
        assertThat(cpus).hasSize(2);
        assertThat(cpus.get(1)).startsWith(" 0  ");
        assertThat(lkd.run("!pcr 1")).containsExactly(NO_PRCB);
        assertThat(lkd.lastSucceeded()).isFalse();
        assertThat(lkd.run("!prcb 1")).containsExactly(NO_PRCB);
        assertThat(lkd.run("!cpuinfo 2")).containsExactly(
                "CP  F/M/S Manufacturer  MHz PRCB Signature    MSR 8B Signature Features ArchitectureClass", NO_PRCB);
        assertThat(lkd.run("vertarget").get(0)).contains(" UP (1 procs) ");
        assertThat(lkd.run("!pcr 0").get(0)).startsWith("KPCR for Processor 0 at ");
        assertThat(lkd.eval("@$prcb")).isEqualTo(lkd.eval("poi(nt!KiProcessorBlock)"));
    }

    @Test
    void raiseItBeyondKiProcessorBlockAndTheEmptySlotsAreRefused() {
        lkd.run("ed nt!KeNumberProcessors 6");
        List<String> cpus = lkd.run("!cpuinfo");
        assertThat(cpus).hasSize(1 + 4 + 1);
        assertThat(cpus.get(4)).startsWith(" 3  ");
        assertThat(cpus.get(5)).isEqualTo(NO_PRCB);
        assertThat(lkd.run("!prcb 5")).containsExactly(NO_PRCB);
        assertThat(lkd.run("!pcr 4")).containsExactly(NO_PRCB);
        assertThat(lkd.run("vertarget").get(0)).contains(" MP (6 procs) ");
    }

    @Test
    void zeroProcessorsLeavesNoCurrentProcessor() {
        lkd.run("ed nt!KeNumberProcessors 0");
        assertThat(lkd.run("!prcb")).containsExactly(NO_PRCB);
        assertThat(lkd.run("? @$prcb")).containsExactly("Bad register error at '@$prcb'");
        lkd.run("ed nt!KeNumberProcessors 4");
        assertThat(lkd.run("!prcb").get(0)).startsWith("PRCB for Processor 0 at ");
    }
}
