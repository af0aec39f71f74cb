package dev.kdlab.target;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The symbol files a debugger can load, keyed by image file name ({@code ntoskrnl.exe},
 * {@code ntdll.dll}, {@code cmd.exe}) without regard to case. The debugger applies them to the
 * modules it finds in the target's loader lists, wherever those are loaded; a module whose image
 * has no entry here has no symbols ({@code (deferred)} in {@code lm}).
 */
public final class SymbolStore {
    private final Map<String, Supplier<Optional<ImageSymbols>>> images = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Set<String> unpublished = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    /** Publishes an image's symbols; a second file for the same image replaces the first. */
    public SymbolStore add(String imageFileName, ImageSymbols symbols) {
        Optional<ImageSymbols> file = Optional.of(symbols);
        images.put(imageFileName, () -> file);
        return this;
    }

    /**
     * Publishes an image whose symbols are made the first time a module asks for them, as a symbol
     * server fetches a PDB only when a debugger needs it; {@code fetch} may find none.
     */
    public SymbolStore addOnDemand(String imageFileName, Supplier<Optional<ImageSymbols>> fetch) {
        images.put(imageFileName, new Supplier<>() {
            private Optional<ImageSymbols> fetched;

            @Override
            public synchronized Optional<ImageSymbols> get() {
                if (fetched == null) {
                    fetched = fetch.get();
                }
                return fetched;
            }
        });
        return this;
    }

    /**
     * An image the symbol server has no PDB for (Microsoft publishes none for peauth.sys): a lookup
     * finds nothing, and a debugger that searched for it shows the module {@code (no symbols)}.
     */
    public SymbolStore addUnpublished(String imageFileName) {
        images.put(imageFileName, Optional::empty);
        unpublished.add(imageFileName);
        return this;
    }

    /** Whether the image is one the server is known to have no PDB for. */
    public boolean unpublished(String imageFileName) {
        return unpublished.contains(imageFileName);
    }

    public Optional<ImageSymbols> lookup(String imageFileName) {
        Supplier<Optional<ImageSymbols>> file = images.get(imageFileName);
        return file == null ? Optional.empty() : file.get();
    }
}
