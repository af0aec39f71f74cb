package dev.kdlab.scenario;

import dev.kdlab.kernel.image.DriverCode;
import dev.kdlab.kernel.image.ImageCode;
import dev.kdlab.kernel.image.PeImage;
import dev.kdlab.kernel.image.UserCode;
import dev.kdlab.kernel.image.UserImage;
import dev.kdlab.kernel.init.Kernel;
import dev.kdlab.kernel.ldr.LoadedModuleList;
import dev.kdlab.pe.CodeViewRecord;
import dev.kdlab.target.ImageSymbols;
import dev.kdlab.target.SymbolStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The PDBs of kdlab's emulated binaries, as a symbol server holds them: nt under ntoskrnl.exe, the
 * kernel drivers, the system DLLs, and the EXEs the scenarios start. None depends on a boot (an EXE's code follows from
 * its file and size), so a dump or a snapshot of any kdlab machine of this build gets the very
 * store its live machine had, without booting; a binary is known by its CodeView record
 * ({@link PeImage#codeViewOf}), the same on every machine.
 */
public final class SymbolServer {

    private SymbolServer() {
    }

    /** nt, the system DLLs and the EXEs of every scenario kdlab ships (the default desktop, the scale machine's kinds). */
    public static SymbolStore kdlabImages() {
        return kdlabImages(KernelSymbolCache::laidOut);
    }

    /** As {@link #kdlabImages()}, with nt's symbols from {@code kernel} (a symbol cache) when first asked for. */
    static SymbolStore kdlabImages(Supplier<ImageSymbols> kernel) {
        List<ProcessSpec> specs = new ArrayList<>(DefaultMachine.PROCESSES);
        specs.addAll(ScaleMachine.kinds());
        return forProcesses(specs, kernel);
    }

    /** nt, the system DLLs and these processes' EXEs. */
    static SymbolStore forProcesses(List<ProcessSpec> specs) {
        return forProcesses(specs, KernelSymbolCache::laidOut);
    }

    private static SymbolStore forProcesses(List<ProcessSpec> specs, Supplier<ImageSymbols> kernel) {
        Map<String, UserImage> images = new LinkedHashMap<>();
        for (ProcessSpec spec : specs) {
            if (spec.imagePath() != null) {
                images.computeIfAbsent(spec.imagePath().toLowerCase(Locale.ROOT), path -> new UserImage(spec.imagePath(),
                        0, spec.imageSize(), 0, ScenarioBooter.entryPointRva(spec.imageSize())));
            }
        }
        SymbolStore store = new SymbolStore();
        store.addOnDemand(LiveTargets.KERNEL_FILE, () -> Optional.of(kernel.get()));
        for (String dll : UserCode.SYSTEM_DLLS) {
            store.addOnDemand(dll, () -> Optional.of(symbols(dll, UserCode.systemDlls().get(dll))));
        }
        for (UserImage image : images.values()) {   // as UserCode.imageSymbols lists them: the last of a name counts
            String file = image.baseName();
            store.addOnDemand(file, () -> UserCode.exe(image).map(code -> symbols(file, code)));
        }
        return addDrivers(store);
    }

    /**
     * The kernel drivers' PDBs (every boot image with kdlab code), each fetched the first time a
     * module asks for it, so {@code lm} shows a driver {@code (deferred)} until then; a driver
     * Microsoft publishes no PDB for (peauth.sys) is one the server does not have.
     */
    static SymbolStore addDrivers(SymbolStore store) {
        for (LoadedModuleList.BootImage image : LoadedModuleList.bootImages()) {
            String file = image.baseDllName();
            if (file.equalsIgnoreCase(LiveTargets.KERNEL_FILE)) {
                continue;
            }
            if (DriverCode.hasPublicSymbols(file)) {
                store.addOnDemand(file, () -> DriverCode.of(file, image.size()).map(code -> driverSymbols(file, code)));
            } else {
                store.addUnpublished(file);
            }
        }
        return store;
    }

    /** An image's PDB: its public symbols, the functions flagged as such. */
    private static ImageSymbols symbols(String file, ImageCode code) {
        return new ImageSymbols(file, code.symbols(), code.functionNames());
    }

    /** A driver's PDB, which leaves out the routines whose real names kdlab does not know. */
    private static ImageSymbols driverSymbols(String file, ImageCode code) {
        return new ImageSymbols(file, code.symbols(), code.functionNames(), code.unnamedCode());
    }

    /** Whether a kernel's CodeView record is that of kdlab's ntkrnlmp.pdb of this build. */
    public static boolean isKdlabKernel(CodeViewRecord codeView) {
        CodeViewRecord kdlab = PeImage.codeViewOf(Kernel.KERNEL_PDB_FILE);
        return Arrays.equals(codeView.guid(), kdlab.guid()) && codeView.age() == kdlab.age()
                && codeView.pdbName().equalsIgnoreCase(kdlab.pdbName());
    }
}
