package dev.kdlab.debugger.symbols;

import dev.kdlab.target.ImageSymbols;
import dev.kdlab.target.SymbolStore;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which kernel images' symbols one debugger session has loaded. WinDbg defers a kernel module's PDB
 * until something needs it (a name in the module, an address inside it) and then shows it
 * {@code (pdb symbols)} in {@code lm}; the symbol store says what there is to load, this what the
 * session has loaded, so a second session over the same target starts with its modules deferred.
 */
public final class SymbolLoads {
    private final SymbolStore store;
    private final Set<String> loaded = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    private final Set<String> searched = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    public SymbolLoads(SymbolStore store) {
        this.store = store;
    }

    /** The image's symbols from the store; once found, the image counts as loaded. */
    public Optional<ImageSymbols> load(String imageFileName) {
        Optional<ImageSymbols> symbols = store.lookup(imageFileName);
        searched.add(imageFileName);
        if (symbols.isPresent()) {
            loaded.add(imageFileName);
        }
        return symbols;
    }

    /** Whether this session has loaded the image's symbols (asking does not load them). */
    public boolean loaded(String imageFileName) {
        return loaded.contains(imageFileName);
    }

    /**
     * Whether this session searched for the image's PDB and the store has none to give
     * (WinDbg's {@code (no symbols)}); an image the store knows nothing of stays deferred.
     */
    public boolean missing(String imageFileName) {
        return searched.contains(imageFileName) && store.unpublished(imageFileName);
    }
}
