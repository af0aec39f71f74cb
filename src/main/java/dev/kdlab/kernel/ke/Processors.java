package dev.kdlab.kernel.ke;

import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.kernel.image.NtImage;
import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ListEntry;
import dev.kdlab.kernel.image.NtSymbols;

/**
 * One KPCR (with its KPRCB at +0x180) per processor, listed in nt!KiProcessorBlock, and the Idle
 * process with one idle thread each. CPU 0's idle thread is KiInitialThread, inside the image.
 */
public final class Processors {
    private static final int KPCR_PAGES = 12;   // _KPCR is 0xb080 bytes
    private static final int RUNNING = 2;

    private final KernelSpace space;
    private final long[] kpcr;
    private final long[] idleThreads;

    /** KiSystemStartup for {@code count} processors: their KPCRs, idle threads and nt!KiProcessorBlock. */
    public Processors(KernelSpace space, NtImage nt, Pool nonPagedPool, int count) {
        this.space = space;
        kpcr = new long[count];
        idleThreads = new long[count];
        long idleProcess = nt.address(NtSymbols.PS_IDLE_PROCESS);
        ProcessorControlRegion pcr = new ProcessorControlRegion(space, nt, nonPagedPool, count,
                ProcessorModel.CORE_I5_1135G7);
        space.struct("_KPROCESS", idleProcess)
                .put("Header.Type", 3)
                .put("DirectoryTableBase", space.memory().directoryTableBase())
                .emptyList("ThreadListHead")
                .emptyList("Header.WaitListHead")
                .emptyList("ProfileListHead")
                .emptyList("ReadyListHead")
                .put("BasePriority", 0);
        space.struct("_EPROCESS", idleProcess).putAnsi("ImageFileName", "Idle", 15).emptyList("ThreadListHead");
        for (int cpu = 0; cpu < count; cpu++) {
            kpcr[cpu] = cpu == 0 ? nt.address(NtSymbols.KI_INITIAL_PCR) : nonPagedPool.allocatePages("KPcr", KPCR_PAGES);
            idleThreads[cpu] = cpu == 0 ? nt.address(NtSymbols.KI_INITIAL_THREAD) : kpcr[cpu] + 0xb140;
            if (cpu != 0) {
                space.mapData(kpcr[cpu] + KPCR_PAGES * 0x1000L, 1);   // the idle thread follows the KPCR
            }
            long prcb = kpcr[cpu] + 0x180;
            pcr.KiInitializePcr(cpu, kpcr[cpu]);
            space.struct("_KPCR", kpcr[cpu])
                    .put("Self", kpcr[cpu])
                    .put("CurrentPrcb", prcb)
                    .put("Prcb.Number", cpu)
                    .put("Prcb.CurrentThread", idleThreads[cpu])
                    .put("Prcb.IdleThread", idleThreads[cpu])
                    // KPRCB.Context leads to the processor's saved registers (crashdump-format.md 8.2)
                    .put("Prcb.Context", space.struct("_KPRCB", prcb).addressOf("ProcessorState.ContextFrame"));
            space.struct("_KTHREAD", idleThreads[cpu])
                    .put("Header.Type", 6)
                    .put("State", RUNNING)
                    .put("NextProcessor", cpu)
                    .put("Process", idleProcess)
                    .put("ApcState.Process", idleProcess)
                    .emptyList("Header.WaitListHead")
                    .emptyList("MutantListHead");
            space.struct("_ETHREAD", idleThreads[cpu]).put("Cid.UniqueThread", 0);
            ListEntry.insertTail(space.memory(), space.struct("_KPROCESS", idleProcess).addressOf("ThreadListHead"),
                    space.struct("_KTHREAD", idleThreads[cpu]).addressOf("ThreadListEntry"));
            space.write64(nt.address(NtSymbols.KI_PROCESSOR_BLOCK) + 8L * cpu, prcb);
        }
        space.write(nt.address(NtSymbols.KE_NUMBER_PROCESSORS), new byte[] {(byte) count, 0, 0, 0});
    }

    public int count() {
        return kpcr.length;
    }

    /** The KPRCB of a processor (KPCR + 0x180), as nt!KiProcessorBlock lists it. */
    public long prcb(int cpu) {
        return kpcr[cpu] + 0x180;
    }

    public long idleThread(int cpu) {
        return idleThreads[cpu];
    }

    /** KPRCB.CurrentThread as the processor's block holds it. */
    public long currentThread(int cpu) {
        return space.read(space.struct("_KPRCB", prcb(cpu)).addressOf("CurrentThread"), 8);
    }

    /** KiSwapContext's last word: the thread that runs on this processor from now on. */
    public void setCurrentThread(int cpu, long ethread) {
        space.struct("_KPCR", kpcr[cpu]).put("Prcb.CurrentThread", ethread)
                .put("Used_Self", space.read(space.struct("_KTHREAD", ethread).addressOf("Teb"), 8));   // its TEB
        space.struct("_KTHREAD", ethread).put("State", RUNNING).put("NextProcessor", cpu).put("WaitReason", 0);
    }
}
