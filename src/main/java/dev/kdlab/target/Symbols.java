package dev.kdlab.target;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Module-qualified symbols, as a PDB gives them: {@code nt!PsActiveProcessHead} is the module base
 * plus the symbol's RVA. Names are matched without regard to case, as WinDbg matches them.
 */
public final class Symbols {
    private final List<Module> modules = new ArrayList<>();
    private final Map<String, Map<String, Long>> rvas = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Set<String>> functions = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Map<String, Long>> imageSymbols = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public void addModule(Module module, Map<String, Long> symbolRvas) {
        modules.add(module);
        Map<String, Long> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(symbolRvas);
        rvas.put(module.name(), byName);
    }

    /** Which of a module's symbols are functions (the function flag of a PDB public symbol). */
    public void markFunctions(String moduleName, Set<String> names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(names);
        functions.put(moduleName, set);
    }

    public boolean isFunction(String moduleName, String name) {
        return functions.getOrDefault(moduleName, Set.of()).contains(name);
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

    public List<Module> modules() {
        return Collections.unmodifiableList(modules);
    }

    /** Whether the module came with a symbol table (a PDB) or only as an image range. */
    public boolean hasSymbols(String moduleName) {
        Map<String, Long> table = rvas.get(moduleName);
        return table != null && !table.isEmpty();
    }

    public Optional<Module> module(String name) {
        return modules.stream().filter(m -> m.name().equalsIgnoreCase(name)).findFirst();
    }

    /** Every symbol of a module and its RVA, in name order (empty for an unknown module): what a PDB's publics list. */
    public Map<String, Long> rvas(String moduleName) {
        Map<String, Long> byName = rvas.get(moduleName);
        return byName == null ? Map.of() : Collections.unmodifiableMap(byName);
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
        if (moduleName == null) {   // a bare module name stands for its base, as in `? nt` or `!pte nt`
            return module(name).map(m -> OptionalLong.of(m.base())).orElse(OptionalLong.empty());
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
