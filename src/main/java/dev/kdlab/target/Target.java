package dev.kdlab.target;

import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.types.TypeCatalog;

import java.util.Optional;

/**
 * What a debugger can see of a machine: its memory, its types, where its kernel is and the symbol
 * files it may load. The live emulated kernel and a dump file both answer through this seam, so
 * commands never care which one it is. Everything else (modules, processes, processors) the
 * debugger reads from memory, as WinDbg does.
 */
public interface Target {

    PhysicalMemory physical();

    /** The kernel's view of memory (the System process's page tables). */
    VirtualMemory kernelSpace();

    /** Memory as the process with this directory table base sees it. */
    VirtualMemory addressSpace(long directoryTableBase);

    TypeCatalog types();

    /** Where the kernel and its module list are. */
    KdVersionBlock versionBlock();

    /** The symbol files for the target's images, by image file name. */
    SymbolStore symbolStore();

    /** True for a running machine (WinDbg's {@code lkd> }), false for a dump file ({@code kd> }). */
    default boolean isLive() {
        return true;
    }

    /** The kernel's creation and exit flows, when the target can run them (the live emulated kernel; a dump cannot). */
    default Optional<ProcessLab> processLab() {
        return Optional.empty();
    }
}
