package dev.kdlab.kernel.init;

import dev.kdlab.memory.AddressSpace;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.target.Symbols;
import dev.kdlab.target.Target;
import dev.kdlab.types.TypeCatalog;

/**
 * The live emulated machine as a debugger target. It hands out memory, symbols and types only:
 * nothing here answers from the kernel's Java bookkeeping.
 */
public final class MachineTarget implements Target {
    private final PhysicalMemory physical;
    private final long systemDirectoryTableBase;
    private final Symbols symbols;
    private final int processorCount;

    public MachineTarget(Kernel kernel) {
        this.physical = kernel.space().physical();
        this.systemDirectoryTableBase = kernel.plan().systemDirectoryTableBase();
        this.symbols = kernel.symbols();
        this.processorCount = kernel.processorCount();
    }

    @Override
    public PhysicalMemory physical() {
        return physical;
    }

    @Override
    public VirtualMemory kernelSpace() {
        return new AddressSpace(physical, systemDirectoryTableBase);
    }

    @Override
    public VirtualMemory addressSpace(long directoryTableBase) {
        return new AddressSpace(physical, directoryTableBase);
    }

    @Override
    public TypeCatalog types() {
        return TypeCatalog.nt();
    }

    @Override
    public Symbols symbols() {
        return symbols;
    }

    @Override
    public int processorCount() {
        return processorCount;
    }
}
