package dev.kdlab.debugger.symbols;

import dev.kdlab.debugger.views.LoaderEntry;
import dev.kdlab.target.SymbolStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The modules addresses resolve against, found as WinDbg finds them: the kernel's in
 * nt!PsLoadedModuleList and, for one process, the user modules of its PEB loader list; each gets
 * the symbols the symbol store has for its image file name, as after {@code .reload} and
 * {@code .reload /user}. {@code lm}, {@code ln}, {@code x}, {@code k}, {@code dps} and symbol
 * lookups in expressions all use these lists, so a module unlinked from a loader list is gone from
 * all of them.
 */
public final class ModuleList {
    private final List<LoadedModule> modules;

    private ModuleList(List<LoadedModule> modules) {
        this.modules = List.copyOf(modules);
    }

    /**
     * PsLoadedModuleList's images: the first is the kernel, which WinDbg calls {@code nt} whatever its
     * file; the others by the file of their full path without extension ({@code tcpip},
     * {@code mcupdate_GenuineIntel}). A driver's symbols load when a lookup first needs them.
     */
    public static ModuleList kernel(List<LoaderEntry> entries, SymbolLoads loads) {
        List<LoadedModule> modules = new ArrayList<>();
        for (LoaderEntry entry : entries) {
            String file = Objects.requireNonNullElse(entry.baseDllName(), "");
            if (modules.isEmpty()) {   // nt's symbols are loaded when the debugger connects
                modules.add(new LoadedModule("nt", entry, file.isEmpty() ? Optional.empty() : loads.load(file)));
            } else {
                modules.add(new LoadedModule(stem(entry.fullPathFileName()), entry,
                        () -> file.isEmpty() ? Optional.empty() : loads.load(file), () -> loads.loaded(file),
                        () -> loads.missing(file)));
            }
        }
        return new ModuleList(modules);
    }

    /** The kernel's modules with the symbols of a store that no session has loaded from yet. */
    public static ModuleList kernel(List<LoaderEntry> entries, SymbolStore store) {
        return kernel(entries, new SymbolLoads(store));
    }

    /** A process's loader list's images (named after their file: KERNEL32.DLL -> KERNEL32), then these. */
    public ModuleList withUserModules(List<LoaderEntry> entries, SymbolStore store) {
        List<LoadedModule> all = new ArrayList<>();
        for (LoaderEntry entry : entries) {
            all.add(new LoadedModule(stem(Objects.requireNonNullElse(entry.baseDllName(), "")), entry,
                    lookup(store, entry)));
        }
        all.addAll(modules);
        return new ModuleList(all);
    }

    private static Optional<dev.kdlab.target.ImageSymbols> lookup(SymbolStore store, LoaderEntry entry) {
        return entry.baseDllName() == null ? Optional.empty() : store.lookup(entry.baseDllName());
    }

    /** "KERNEL32.DLL" -> KERNEL32, "cmd.exe" -> cmd: the module name WinDbg shows. */
    public static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot <= 0 ? fileName : fileName.substring(0, dot);
    }

    public List<LoadedModule> modules() {
        return modules;
    }

    public Optional<LoadedModule> find(long address) {
        for (LoadedModule m : modules) {
            if (m.contains(address)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    public Optional<LoadedModule> named(String name) {
        for (LoadedModule m : modules) {
            if (m.name().equalsIgnoreCase(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code module!symbol}, searching the modules in list order (a null module searches them all);
     * {@code module!} is the module's base, and so is a bare module name ({@code ? ntdll}) that no
     * symbol has, as in WinDbg.
     */
    public OptionalLong address(String module, String symbol) {
        for (LoadedModule m : modules) {
            if (module != null && !m.name().equalsIgnoreCase(module)) {
                continue;
            }
            Optional<Long> at = m.address(symbol);
            if (at.isPresent()) {
                return OptionalLong.of(at.get());
            }
        }
        String moduleName = module == null ? symbol : symbol.isEmpty() ? module : null;
        return moduleName == null ? OptionalLong.empty()
                : named(moduleName).map(m -> OptionalLong.of(m.base())).orElse(OptionalLong.empty());
    }

    /**
     * An address inside a module as a symbol: {@code nt!KiSwapThread+0x500}, {@code DumpIt+0x16d7}
     * for a module without symbols; empty outside every module.
     */
    public Optional<String> symbolic(long address) {
        Optional<LoadedModule> module = find(address);
        if (module.isEmpty()) {
            return Optional.empty();
        }
        LoadedModule m = module.get();
        Optional<LoadedModule.Symbol> symbol = m.nearestAtOrBelow(address);
        if (symbol.isEmpty()) {
            return Optional.of(m.name() + offset(address - m.base()));
        }
        return Optional.of(symbol.get().qualifiedName() + offset(address - symbol.get().address()));
    }

    /**
     * How a call site is shown: symbolically inside a module, else the bare address
     * ({@code 0x00007ffe`5ee4d0e4}, {@code 0x12e}).
     */
    public String describe(long address) {
        return symbolic(address).orElseGet(() -> bare(address));
    }

    /** An address outside every module, as a call site prints it: 32-bit values short, others with a backtick. */
    public static String bare(long address) {
        if ((address >>> 32) == 0) {
            return "0x" + Long.toHexString(address);
        }
        return String.format(Locale.ROOT, "0x%08x`%08x", address >>> 32, address & 0xffffffffL);
    }

    private static String offset(long displacement) {
        return displacement == 0 ? "" : "+0x" + Long.toHexString(displacement);
    }
}
