package dev.kdlab.target;

import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.types.TypeCatalog;

/**
 * What a debugger can see of a machine: its memory, its symbols and its types. The live emulated
 * kernel and a dump file both answer through this seam, so commands never care which one it is.
 */
public interface Target {

    PhysicalMemory physical();

    /** The kernel's view of memory (the System process's page tables). */
    VirtualMemory kernelSpace();

    /** Memory as the process with this directory table base sees it. */
    VirtualMemory addressSpace(long directoryTableBase);

    TypeCatalog types();

    Symbols symbols();

    /** True for a running machine (the prompt is {@code lkd>}), false for a dump file ({@code kd>}). */
    default boolean isLive() {
        return true;
    }

    /** Processors the kernel started; KiProcessorBlock has this many entries. */
    int processorCount();
}
