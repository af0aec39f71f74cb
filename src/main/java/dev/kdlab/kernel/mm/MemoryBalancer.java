package dev.kdlab.kernel.mm;

import dev.kdlab.kernel.ActiveProcesses;
import dev.kdlab.kernel.init.Kernel;

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
    public static long settle(Kernel kernel) {
        List<ActiveProcesses.Process> processes = ActiveProcesses.list(kernel);
        ImageSegments segments = ImageSegments.MiCreateImageFileMaps(kernel);
        new WorkingSetManager(kernel, segments).MmWorkingSetManager(processes);
        return PfnDatabase.MiInitializePfnDatabase(kernel, segments, processes);
    }
}
