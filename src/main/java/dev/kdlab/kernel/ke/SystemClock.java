package dev.kdlab.kernel.ke;

import dev.kdlab.kernel.image.NtImage;
import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.image.NtSymbols;
import dev.kdlab.kernel.mm.SharedUserData;

/**
 * The clock interrupt's bookkeeping, done at once for all the time that passed since boot:
 * KeUpdateSystemTime moves KUSER_SHARED_DATA's InterruptTime, SystemTime and TickCount (what
 * vertarget's "Debug session time" and "System Uptime" read), and KeUpdateRunTime charges each
 * processor's ticks to its KPRCB counters (what !prcb's "Interrupt Count" and "Times" read).
 */
public final class SystemClock {
    /** One clock tick: 15.625 ms in 100 ns units (KUSER TickCountMultiplier 0x0fa00000). */
    public static final long TICK = 156_250;
    /** Interrupts per tick on an idle desktop (!prcb captures: 57-60 per tick). */
    private static final int INTERRUPTS_PER_TICK = 58;

    /** 2026-11-20 07:12:03 UTC as a FILETIME (100 ns units since 1601): when every machine boots. */
    public static final long BOOT_TIME = (1_795_158_723L + 11_644_473_600L) * 10_000_000L;

    private SystemClock() {
    }

    /** Sets the machine's "now" (a FILETIME, not before boot). */
    public static void KeUpdateSystemTime(KernelSpace space, NtImage nt, int processorCount, long systemTime) {
        long interruptTime = Math.max(0, systemTime - BOOT_TIME);
        long ticks = interruptTime / TICK;
        space.struct("_KUSER_SHARED_DATA", SharedUserData.KERNEL_ADDRESS)
                .put("InterruptTime.LowPart", interruptTime & 0xffffffffL)
                .put("InterruptTime.High1Time", interruptTime >>> 32)
                .put("InterruptTime.High2Time", interruptTime >>> 32)
                .put("SystemTime.LowPart", systemTime & 0xffffffffL)
                .put("SystemTime.High1Time", systemTime >>> 32)
                .put("SystemTime.High2Time", systemTime >>> 32)
                .put("TickCountLowDeprecated", ticks & 0xffffffffL)
                .put("TickCount.LowPart", ticks & 0xffffffffL)
                .put("TickCount.High1Time", ticks >>> 32)
                .put("TickCount.High2Time", ticks >>> 32);
        for (int cpu = 0; cpu < processorCount; cpu++) {
            long prcb = space.read(nt.address(NtSymbols.KI_PROCESSOR_BLOCK) + 8L * cpu, 8);
            KeUpdateRunTime(space, prcb, cpu, ticks);
        }
    }

    /**
     * A processor's share of the ticks: mostly kernel time (the idle loop counts there), a little
     * user time (more on processor 0, where the debugger's thread runs), DPC and interrupt time.
     */
    private static void KeUpdateRunTime(KernelSpace space, long prcb, int cpu, long ticks) {
        long user = ticks * Math.max(1, 6 - cpu) / 100;
        space.struct("_KPRCB", prcb)
                .put("InterruptCount", ticks * (INTERRUPTS_PER_TICK + cpu) & 0xffffffffL)
                .put("KernelTime", ticks - user & 0xffffffffL)
                .put("UserTime", user)
                .put("DpcTime", ticks / 100)
                .put("InterruptTime", ticks / 200);
    }
}
