package dev.kdlab.debugger.symbols;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableSet;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A module as the debugger knows it once it is loaded somewhere: its name ({@code nt}, {@code ntdll},
 * {@code KERNEL32}), base, size and the symbols its PDB gave it, ordered by RVA for nearest-symbol
 * lookups. A module without symbols describes addresses as {@code module+0x...}.
 */
public final class LoadedModule {
    private final String name;
    private final long base;
    private final long size;
    private final NavigableMap<Long, String> byRva = new TreeMap<>();
    private final NavigableMap<String, Long> byName;

    public LoadedModule(String name, long base, long size, Map<String, Long> symbols) {
        this.name = name;
        this.base = base;
        this.size = size;
        this.byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        this.byName.putAll(symbols);
        for (Map.Entry<String, Long> symbol : symbols.entrySet()) {
            byRva.putIfAbsent(symbol.getValue(), symbol.getKey());
        }
    }

    public String name() {
        return name;
    }

    public long base() {
        return base;
    }

    public long size() {
        return size;
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address, base) >= 0 && Long.compareUnsigned(address - base, size) < 0;
    }

    public boolean hasSymbols() {
        return !byName.isEmpty();
    }

    /** The names of this module's symbols, in name order without regard to case. */
    public NavigableSet<String> symbolNames() {
        return Collections.unmodifiableNavigableSet(byName.navigableKeySet());
    }

    /** The address of a symbol of this module. */
    public Optional<Long> address(String symbol) {
        Long rva = byName.get(symbol);
        return rva == null ? Optional.empty() : Optional.of(base + rva);
    }

    /** The symbol at or below the address, with its address. */
    public Optional<Symbol> nearestAtOrBelow(long address) {
        Map.Entry<Long, String> entry = byRva.floorEntry(address - base);
        return entry == null ? Optional.empty() : Optional.of(new Symbol(this, entry.getValue(), base + entry.getKey()));
    }

    /** The first symbol above the address. */
    public Optional<Symbol> nearestAbove(long address) {
        Map.Entry<Long, String> entry = byRva.higherEntry(address - base);
        return entry == null ? Optional.empty() : Optional.of(new Symbol(this, entry.getValue(), base + entry.getKey()));
    }

    /** A named address in a module. */
    public record Symbol(LoadedModule module, String name, long address) {
        /** {@code nt!KiSwapThread}. */
        public String qualifiedName() {
            return module.name() + "!" + name;
        }
    }
}
