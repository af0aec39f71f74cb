package dev.kdlab.target;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One image's public symbols, as its PDB gives them: names and RVAs (matched without regard to case,
 * as WinDbg matches them), which of them are functions, and the image name the PDB records
 * ({@code ntkrnlmp.exe} for the file the loader calls {@code ntoskrnl.exe}). The same table serves
 * the image wherever a loader list says it is loaded.
 */
public final class ImageSymbols {
    private final String imageName;
    private final Map<String, Long> byName;
    private final NavigableMap<Long, String> byRva = new TreeMap<>();
    private final Set<String> functions;
    /** Code the PDB has no public symbol for, as [start, end) RVAs: no symbol below it covers it. */
    private final NavigableMap<Long, Long> unnamedCode;

    public ImageSymbols(String imageName, Map<String, Long> rvas, Set<String> functionNames) {
        this(imageName, rvas, functionNames, new TreeMap<>());
    }

    /**
     * A PDB whose publics leave some functions out ({@code unnamedCode}, start to end RVA): an address
     * in one is not the symbol below it plus an offset, and a debugger shows it as {@code module+0x...}.
     */
    public ImageSymbols(String imageName, Map<String, Long> rvas, Set<String> functionNames,
                        NavigableMap<Long, Long> unnamedCode) {
        this.imageName = imageName;
        this.unnamedCode = Collections.unmodifiableNavigableMap(new TreeMap<>(unnamedCode));
        Map<String, Long> names = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        names.putAll(rvas);
        this.byName = Collections.unmodifiableMap(names);
        // at one RVA the name first in name order stands for the address, as nearest-symbol lookups show it
        names.forEach((name, rva) -> byRva.putIfAbsent(rva, name));
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(functionNames);
        this.functions = Collections.unmodifiableSet(set);
    }

    /** Data and code symbols alike, none marked as functions: what a stripped PDB's publics give. */
    public ImageSymbols(String imageName, Map<String, Long> rvas) {
        this(imageName, rvas, Set.of());
    }

    public String imageName() {
        return imageName;
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    /** Every symbol and its RVA, in name order. */
    public Map<String, Long> rvas() {
        return byName;
    }

    public OptionalLong rva(String name) {
        Long rva = byName.get(name);
        return rva == null ? OptionalLong.empty() : OptionalLong.of(rva);
    }

    /** Whether the symbol names code (the function flag of a PDB public symbol). */
    public boolean isFunction(String name) {
        return functions.contains(name);
    }

    /** The symbol at or below an RVA, as (RVA, name); none when the RVA is in a function no symbol names. */
    public Optional<Map.Entry<Long, String>> atOrBelow(long rva) {
        Map.Entry<Long, String> below = byRva.floorEntry(rva);
        Map.Entry<Long, Long> unnamed = unnamedCode.floorEntry(rva);
        if (below != null && unnamed != null && rva < unnamed.getValue() && below.getKey() < unnamed.getKey()) {
            return Optional.empty();
        }
        return Optional.ofNullable(below);
    }

    /** The first symbol above an RVA, as (RVA, name). */
    public Optional<Map.Entry<Long, String>> above(long rva) {
        return Optional.ofNullable(byRva.higherEntry(rva));
    }
}
