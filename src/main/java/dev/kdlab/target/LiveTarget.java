package dev.kdlab.target;

import dev.kdlab.memory.AddressSpace;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.types.TypeCatalog;

import java.util.Optional;

/**
 * The live emulated machine as a debugger target: its physical memory, the System process's page
 * tables, the version block a kernel hands a debugger that connects, a symbol store and the type
 * catalog. Nothing here answers from the emulated kernel's Java bookkeeping; a scenario builds it.
 */
public final class LiveTarget implements Target {
    private final PhysicalMemory physical;
    private final long systemDirectoryTableBase;
    private final KdVersionBlock versionBlock;
    private final SymbolStore symbolStore;
    private final TypeCatalog types;
    private final ProcessLab lab;

    public LiveTarget(PhysicalMemory physical, long systemDirectoryTableBase, KdVersionBlock versionBlock,
                      SymbolStore symbolStore, TypeCatalog types) {
        this(physical, systemDirectoryTableBase, versionBlock, symbolStore, types, null);
    }

    /** @param lab the kernel's flows a debugger may run and stop, or null */
    public LiveTarget(PhysicalMemory physical, long systemDirectoryTableBase, KdVersionBlock versionBlock,
                      SymbolStore symbolStore, TypeCatalog types, ProcessLab lab) {
        this.lab = lab;
        this.physical = physical;
        this.systemDirectoryTableBase = systemDirectoryTableBase;
        this.versionBlock = versionBlock;
        this.symbolStore = symbolStore;
        this.types = types;
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
        return types;
    }

    @Override
    public KdVersionBlock versionBlock() {
        return versionBlock;
    }

    @Override
    public SymbolStore symbolStore() {
        return symbolStore;
    }

    @Override
    public Optional<ProcessLab> processLab() {
        return Optional.ofNullable(lab);
    }
}
