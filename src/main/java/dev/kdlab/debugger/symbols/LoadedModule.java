package dev.kdlab.debugger.symbols;

import dev.kdlab.debugger.views.LoaderEntry;
import dev.kdlab.target.ImageSymbols;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A module as the debugger knows it once it has found it in a loader list: its name ({@code nt},
 * {@code ntdll}, {@code KERNEL32}), the loader entry it was found in (base, size, paths) and the
 * symbols the symbol store has for its image. A module without symbols describes addresses as
 * {@code module+0x...}.
 */
public final class LoadedModule {
    private static final ImageSymbols NONE = new ImageSymbols("", Map.of());

    private final String name;
    private final long base;
    private final long size;
    private final LoaderEntry entry;
    private final ImageSymbols symbols;

    public LoadedModule(String name, LoaderEntry entry, Optional<ImageSymbols> symbols) {
        this.name = name;
        this.base = entry.dllBase();
        this.size = entry.sizeOfImage();
        this.entry = entry;
        this.symbols = symbols.orElse(NONE);
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

    public long end() {
        return base + size;
    }

    /** The loader entry the module was found in. */
    public LoaderEntry entry() {
        return entry;
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address, base) >= 0 && Long.compareUnsigned(address - base, size) < 0;
    }

    public boolean hasSymbols() {
        return !symbols.isEmpty();
    }

    /** The symbol file's table (empty for a module without symbols). */
    public ImageSymbols symbols() {
        return symbols;
    }

    /** The address of a symbol of this module. */
    public Optional<Long> address(String symbol) {
        OptionalLong rva = symbols.rva(symbol);
        return rva.isPresent() ? Optional.of(base() + rva.getAsLong()) : Optional.empty();
    }

    /** The symbol at or below the address, with its address. */
    public Optional<Symbol> nearestAtOrBelow(long address) {
        return symbols.atOrBelow(address - base()).map(e -> new Symbol(this, e.getValue(), base() + e.getKey()));
    }

    /** The first symbol above the address. */
    public Optional<Symbol> nearestAbove(long address) {
        return symbols.above(address - base()).map(e -> new Symbol(this, e.getValue(), base() + e.getKey()));
    }

    /** A named address in a module. */
    public record Symbol(LoadedModule module, String name, long address) {
        /** {@code nt!KiSwapThread}. */
        public String qualifiedName() {
            return module.name() + "!" + name;
        }
    }
}
