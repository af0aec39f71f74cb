package dev.kdlab.kernel.mm;

import dev.kdlab.kernel.image.NtImage;
import dev.kdlab.kernel.image.NtSymbols;
import dev.kdlab.kernel.ActiveProcesses;

import java.util.List;

/**
 * The memory manager a few minutes after logon, in one call at the end of boot: image sections get
 * their segments (prototype PTEs), the working-set manager and the modified page writer leave every
 * process with pages in transition, in the page file, behind prototype PTEs and demand-zero, and the
 * PFN database is written to agree with the page tables as they then stand.
 */
public final class MemoryBalancer {
    private MemoryBalancer() {
    }

    /** Returns the address of the PFN database (the value of nt!MmPfnDatabase). */
    public static long settle(MemoryManager mm, NtImage nt) {
        List<ActiveProcesses.Process> processes = ActiveProcesses.list(mm.space(),
                nt.address(NtSymbols.PS_ACTIVE_PROCESS_HEAD));
        ImageSegments segments = mm.sections().segments();
        new WorkingSetManager(mm, segments).MmWorkingSetManager(processes);
        return PfnDatabase.MiInitializePfnDatabase(mm, nt, segments, processes);
    }
}
