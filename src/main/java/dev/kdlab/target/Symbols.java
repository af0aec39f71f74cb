package dev.kdlab.target;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Module-qualified symbols, as a PDB gives them: {@code nt!PsActiveProcessHead} is the module base
 * plus the symbol's RVA. Names are matched without regard to case, as WinDbg matches them.
 */
public final class Symbols {
    private final List<Module> modules = new ArrayList<>();
    private final Map<String, Map<String, Long>> rvas = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Map<String, Long>> imageSymbols = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public void addModule(Module module, Map<String, Long> symbolRvas) {
        modules.add(module);
        Map<String, Long> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(symbolRvas);
        rvas.put(module.name(), byName);
    }

    /**
     * The public symbols of an image file, as a symbol store keeps a PDB: by file name ("ntdll.dll",
     * "cmd.exe"), with RVAs. The debugger applies them to the modules it finds in a process's loader
     * list, wherever they are loaded.
     */
    public void addImageSymbols(String imageFileName, Map<String, Long> symbolRvas) {
        imageSymbols.put(imageFileName, Map.copyOf(symbolRvas));
    }

    /** The symbol store's table for an image file name, matched without regard to case. */
    public Optional<Map<String, Long>> imageSymbols(String imageFileName) {
        return Optional.ofNullable(imageSymbols.get(imageFileName));
    }

    /** The symbols of a module added with {@link #addModule}, name to RVA. */
    public Map<String, Long> moduleSymbols(String moduleName) {
        Map<String, Long> symbols = rvas.get(moduleName);
        return symbols == null ? Map.of() : Collections.unmodifiableMap(symbols);
    }

    public List<Module> modules() {
        return Collections.unmodifiableList(modules);
    }

    public Optional<Module> module(String name) {
        return modules.stream().filter(m -> m.name().equalsIgnoreCase(name)).findFirst();
    }

    /** {@code module!name}; a null module searches every module, nt first. */
    public OptionalLong address(String moduleName, String name) {
        for (Module module : modules) {
            if (moduleName != null && !module.name().equalsIgnoreCase(moduleName)) {
                continue;
            }
            Long rva = rvas.get(module.name()).get(name);
            if (rva != null) {
                return OptionalLong.of(module.base() + rva);
            }
        }
        if (moduleName != null && name.isEmpty()) {
            return module(moduleName).map(m -> OptionalLong.of(m.base())).orElse(OptionalLong.empty());
        }
        return OptionalLong.empty();
    }

    /** The nearest symbol at or below the address, as {@code nt!Name+0x10}; empty outside modules. */
    public Optional<String> describe(long address) {
        for (Module module : modules) {
            if (!module.contains(address)) {
                continue;
            }
            long rva = address - module.base();
            String best = null;
            long bestRva = -1;
            for (Map.Entry<String, Long> e : rvas.get(module.name()).entrySet()) {
                if (e.getValue() <= rva && e.getValue() > bestRva) {
                    best = e.getKey();
                    bestRva = e.getValue();
                }
            }
            String base = module.name() + (best == null ? "" : "!" + best);
            long displacement = best == null ? rva : rva - bestRva;
            return Optional.of(displacement == 0 ? base : base + "+0x" + Long.toHexString(displacement).toLowerCase(Locale.ROOT));
        }
        return Optional.empty();
    }
}
