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

    public ImageSymbols(String imageName, Map<String, Long> rvas, Set<String> functionNames) {
        this.imageName = imageName;
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

    /** The symbol at or below an RVA, as (RVA, name). */
    public Optional<Map.Entry<Long, String>> atOrBelow(long rva) {
        return Optional.ofNullable(byRva.floorEntry(rva));
    }

    /** The first symbol above an RVA, as (RVA, name). */
    public Optional<Map.Entry<Long, String>> above(long rva) {
        return Optional.ofNullable(byRva.higherEntry(rva));
    }
}
