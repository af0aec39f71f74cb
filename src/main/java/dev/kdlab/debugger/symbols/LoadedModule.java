package dev.kdlab.debugger.symbols;

import dev.kdlab.debugger.views.LoaderEntry;
import dev.kdlab.target.ImageSymbols;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

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
    private final Supplier<Optional<ImageSymbols>> fetch;
    private final BooleanSupplier loaded;
    private final BooleanSupplier missing;
    private ImageSymbols symbols;

    /** A module whose symbols are at hand (or known to be missing). */
    public LoadedModule(String name, LoaderEntry entry, Optional<ImageSymbols> symbols) {
        this(name, entry, () -> symbols, symbols::isPresent, () -> false);
    }

    /**
     * A module whose symbols load when a lookup first needs them ({@code fetch}), as WinDbg defers a
     * kernel module's PDB; {@code loaded} says whether they have been, {@code missing} whether a
     * lookup searched and found none, both without loading them.
     */
    public LoadedModule(String name, LoaderEntry entry, Supplier<Optional<ImageSymbols>> fetch, BooleanSupplier loaded,
                        BooleanSupplier missing) {
        this.name = name;
        this.base = entry.dllBase();
        this.size = entry.sizeOfImage();
        this.entry = entry;
        this.fetch = fetch;
        this.loaded = loaded;
        this.missing = missing;
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

    /** Whether the module has symbols (loading them if they were deferred). */
    public boolean hasSymbols() {
        return !symbols().isEmpty();
    }

    /** Whether the module's symbols are loaded ({@code (pdb symbols)} in lm) rather than deferred or missing. */
    public boolean symbolsLoaded() {
        return loaded.getAsBoolean();
    }

    /** Whether a lookup searched for the module's PDB and the symbol server had none ({@code (no symbols)} in lm). */
    public boolean symbolsMissing() {
        return missing.getAsBoolean();
    }

    /** The symbol file's table (empty for a module without symbols), loaded on first use. */
    public ImageSymbols symbols() {
        if (symbols == null) {
            symbols = fetch.get().orElse(NONE);
        }
        return symbols;
    }

    /** The address of a symbol of this module. */
    public Optional<Long> address(String symbol) {
        OptionalLong rva = symbols().rva(symbol);
        return rva.isPresent() ? Optional.of(base() + rva.getAsLong()) : Optional.empty();
    }

    /** The symbol at or below the address, with its address. */
    public Optional<Symbol> nearestAtOrBelow(long address) {
        return symbols().atOrBelow(address - base()).map(e -> new Symbol(this, e.getValue(), base() + e.getKey()));
    }

    /** The first symbol above the address. */
    public Optional<Symbol> nearestAbove(long address) {
        return symbols().above(address - base()).map(e -> new Symbol(this, e.getValue(), base() + e.getKey()));
    }

    /** A named address in a module. */
    public record Symbol(LoadedModule module, String name, long address) {
        /** {@code nt!KiSwapThread}. */
        public String qualifiedName() {
            return module.name() + "!" + name;
        }
    }
}
