package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** !pcr, !prcb, !cpuinfo, @$pcr and @$prcb against the KPCR and KPRCB bytes they read. */
class ProcessorCommandsTest {
    private static final int PROCESSORS = 4;
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    private static long prcb(int cpu) {
        return lkd.eval("poi(nt!KiProcessorBlock+0x" + Integer.toHexString(8 * cpu) + ")");
    }

    private static long qword(long address) {
        return lkd.eval("poi(" + Long.toHexString(address) + ")");
    }

    private static long dword(long address) {
        return lkd.eval("dwo(" + Long.toHexString(address) + ")");
    }

    @Test
    void pcrOfEveryProcessorIsTheX64TibOverlayOfItsKpcr() {
        for (int cpu = 0; cpu < PROCESSORS; cpu++) {
            long prcb = prcb(cpu);
            long pcr = prcb - 0x180;
            List<String> lines = lkd.run("!pcr " + cpu);
            long gdt = qword(pcr);
            long tss = qword(pcr + 8);
            assertThat(lines).containsExactly(
                    "KPCR for Processor " + cpu + " at " + Hex.plain(pcr) + ":",
                    "    Major 1 Minor 1",
                    "\tNtTib.ExceptionList: " + Hex.plain(gdt),
                    "\t    NtTib.StackBase: " + Hex.plain(tss),
                    "\t   NtTib.StackLimit: 0000000000000000",
                    "\t NtTib.SubSystemTib: " + Hex.plain(pcr),
                    "\t      NtTib.Version: " + Hex.plain(prcb & 0xffffffffL),
                    "\t  NtTib.UserPointer: " + Hex.plain(pcr + 0x870),
                    "\t      NtTib.SelfTib: " + Hex.plain(qword(pcr + 0x30)),
                    "",
                    "\t            SelfPcr: 0000000000000000",
                    "\t               Prcb: " + Hex.plain(prcb),
                    "\t               Irql: 0000000000000000",
                    "\t                IRR: 0000000000000000",
                    "\t                IDR: 0000000000000000",
                    "\t      InterruptMode: 0000000000000000",
                    "\t                IDT: 0000000000000000",
                    "\t                GDT: 0000000000000000",
                    "\t                TSS: 0000000000000000",
                    "",
                    "\t      CurrentThread: " + Hex.plain(qword(prcb + 8)),
                    "\t         NextThread: " + Hex.plain(qword(prcb + 0x10)),
                    "\t         IdleThread: " + Hex.plain(qword(prcb + 0x18)),
                    "",
                    "\t          DpcQueue: Unable to read nt!_KDPC_DATA.DpcListHead.Flink @ " + Hex.plain(prcb + 0x30c0));
            // The descriptor tables the PCR names are the ones the saved GDTR, IDTR and TR describe.
            assertThat(qword(prcb + 0x100 + 0x58)).isEqualTo(gdt);                   // Gdtr.Base
            assertThat(qword(prcb + 0x100 + 0x68)).isEqualTo(qword(pcr + 0x38));     // Idtr.Base = IdtBase
            assertThat(lkd.eval("wo(" + Long.toHexString(prcb + 0x170) + ")")).isEqualTo(0x40);   // Tr
            long tssDescriptor = qword(gdt + 0x40);
            long tssBase = (tssDescriptor >>> 16 & 0xffffff) | (tssDescriptor >>> 56 & 0xff) << 24
                    | qword(gdt + 0x48) << 32;
            assertThat(tssBase).isEqualTo(tss);
            assertThat(qword(prcb + 0x100 + 0xa8)).as("MsrGsBase").isEqualTo(pcr);
        }
    }

    @Test
    void processorZerosKpcrIsKiInitialPcrInsideTheKernelImage() {
        assertThat(lkd.eval("@$pcr")).isEqualTo(lkd.eval("nt!KiInitialPCR"));
        assertThat(lkd.eval("@$prcb")).isEqualTo(prcb(0)).isEqualTo(lkd.eval("@$pcr+0x180"));
        assertThat(lkd.eval("poi(@$pcr+0x18)")).isEqualTo(lkd.eval("@$pcr"));   // Self
        // Used_Self, what !pcr calls NtTib.SelfTib: the TEB of the thread running there (the debugger's).
        assertThat(lkd.run("!pcr")).contains("\t      NtTib.SelfTib: " + Hex.plain(lkd.eval("@$teb")));
        assertThat(lkd.run("dps nt!KiProcessorBlock L1").get(0))
                .isEqualTo(Hex.backtick(lkd.eval("nt!KiProcessorBlock")) + "  " + Hex.backtick(prcb(0))
                        + " nt!KiInitialPCR+0x180");
        assertThat(lkd.run("!pcr").get(0)).isEqualTo(lkd.run("!pcr 0").get(0));
    }

    @Test
    void prcbSummaryReadsNumberGroupAndRunTimes() {
        for (int cpu = 0; cpu < PROCESSORS; cpu++) {
            long prcb = prcb(cpu);
            assertThat(lkd.run("!prcb " + cpu)).containsExactly(
                    "PRCB for Processor " + cpu + " at " + Hex.plain(prcb) + ":",
                    "Current IRQL -- 0",
                    "Threads--  Current " + Hex.plain(qword(prcb + 8)) + " Next " + Hex.plain(qword(prcb + 0x10)) + " Idle "
                            + Hex.plain(qword(prcb + 0x18)),
                    "Processor Index " + cpu + " Number (0, " + cpu + ") GroupSetMember " + (1 << cpu),
                    String.format("Interrupt Count -- %08x", dword(prcb + 0x7e80)),
                    String.format("Times -- Dpc    %08x Interrupt %08x ", dword(prcb + 0x7e8c), dword(prcb + 0x7e90)),
                    String.format("         Kernel %08x User      %08x ", dword(prcb + 0x7e84), dword(prcb + 0x7e88)));
            assertThat(dword(prcb + 0x7e84)).as("kernel ticks on processor %d", cpu).isPositive();
        }
        assertThat(lkd.run("!prcb")).isEqualTo(lkd.run("!prcb 0"));
    }

    @Test
    void cpuinfoShowsTheI5OfThe19045CaptureOnEveryProcessor() {
        List<String> lines = lkd.run("!cpuinfo");
        assertThat(lines).hasSize(1 + PROCESSORS);
        assertThat(lines.get(0)).isEqualTo(
                "CP  F/M/S Manufacturer  MHz PRCB Signature    MSR 8B Signature Features ArchitectureClass");
        for (int cpu = 0; cpu < PROCESSORS; cpu++) {
            assertThat(lines.get(1 + cpu)).isEqualTo(
                    " " + cpu + "  6,140,1 GenuineIntel 2419 000000a400000000                   351b3fff 0");
            long prcb = prcb(cpu);
            assertThat(lkd.eval("wo(" + Long.toHexString(prcb + 0x42) + ")")).isEqualTo(0x8c01);   // CpuStep
            assertThat(dword(prcb + 0x44)).isEqualTo(2419);                                       // MHz
            assertThat(lkd.run("da " + Long.toHexString(prcb + 0x8590))).containsExactly(
                    Hex.backtick(prcb + 0x8590) + "  \"GenuineIntel\"");
        }
        assertThat(lkd.run("!cpuinfo 2")).containsExactly(lines.get(0), lines.get(3));
    }

    @Test
    void theEnvironmentDescribesTheSameProcessors() {
        List<String> peb = lkd.run("!peb");
        assertThat(peb).contains(
                "        NUMBER_OF_PROCESSORS=" + lkd.eval("dwo(nt!KeNumberProcessors)"),
                "        PROCESSOR_IDENTIFIER=Intel64 Family 6 Model 140 Stepping 1, GenuineIntel",
                "        PROCESSOR_LEVEL=" + lkd.eval("by(@$prcb+0x40)"),
                String.format("        PROCESSOR_REVISION=%04x", lkd.eval("wo(@$prcb+0x42)")));
    }

    @Test
    void aProcessorTheMachineDoesNotHaveIsAnError() {
        for (String command : List.of("!pcr 4", "!prcb 4", "!prcb -1")) {
            assertThat(lkd.run(command)).as(command).containsExactly("Cannot get PRCB address");
            assertThat(lkd.lastSucceeded()).isFalse();
        }
        assertThat(lkd.run("!cpuinfo 7")).endsWith("Cannot get PRCB address");
        assertThat(lkd.run("!pcr 1 2")).containsExactly(" ".repeat(12) + "^ Syntax error in '!pcr 1 2'");
    }
}
