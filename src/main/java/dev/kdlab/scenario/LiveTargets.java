package dev.kdlab.scenario;

import dev.kdlab.kernel.init.Kernel;
import dev.kdlab.target.ImageSymbols;
import dev.kdlab.target.KdVersionBlock;
import dev.kdlab.target.LiveTarget;
import dev.kdlab.target.SymbolStore;
import dev.kdlab.target.Target;
import dev.kdlab.types.TypeCatalog;

/**
 * Connects a debugger to a booted kernel: the target gets the machine's physical memory, the System
 * process's page tables, the version block a kernel sends a debugger that connects (KernBase,
 * PsLoadedModuleList) and a symbol store holding the PDBs of the images this boot can load.
 * Which modules are loaded, and where, the debugger then reads from memory.
 */
public final class LiveTargets {
    /** The file the loader lists first in PsLoadedModuleList. */
    static final String KERNEL_FILE = "ntoskrnl.exe";
    /** The image name ntkrnlmp.pdb records: the multiprocessor kernel, copied to disk as ntoskrnl.exe. */
    static final String KERNEL_IMAGE = "ntkrnlmp.exe";

    private LiveTargets() {
    }

    public static Target of(Kernel kernel) {
        return of(kernel, symbolStore(kernel));
    }

    /** The kernel with another symbol store: more PDBs than the boot's, or fewer. */
    public static Target of(Kernel kernel, SymbolStore symbolStore) {
        KdVersionBlock versionBlock = new KdVersionBlock(kernel.plan().kernelBase(),
                kernel.ntSymbol("PsLoadedModuleList"));
        return new LiveTarget(kernel.space().physical(), kernel.plan().systemDirectoryTableBase(), versionBlock,
                symbolStore, TypeCatalog.nt(), new KernelLab(kernel));
    }

    /**
     * nt's public symbols under the kernel's file name, the system DLLs' and the created processes'
     * EXEs' under theirs, as a symbol server would serve them; the drivers' fetched when first used.
     */
    public static SymbolStore symbolStore(Kernel kernel) {
        SymbolStore store = new SymbolStore();
        store.add(KERNEL_FILE, KernelSymbolCache.laidOut());
        kernel.userImageSymbols().forEach((file, publics) ->
                store.add(file, new ImageSymbols(file, publics.rvas(), publics.functions())));
        return SymbolServer.addDrivers(store);
    }
}
