package dev.kdlab.target;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The symbol files a debugger can load, keyed by image file name ({@code ntoskrnl.exe},
 * {@code ntdll.dll}, {@code cmd.exe}) without regard to case. The debugger applies them to the
 * modules it finds in the target's loader lists, wherever those are loaded; a module whose image
 * has no entry here has no symbols ({@code (deferred)} in {@code lm}).
 */
public final class SymbolStore {
    private final Map<String, ImageSymbols> images = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    /** Publishes an image's symbols; a second file for the same image replaces the first. */
    public SymbolStore add(String imageFileName, ImageSymbols symbols) {
        images.put(imageFileName, symbols);
        return this;
    }

    public Optional<ImageSymbols> lookup(String imageFileName) {
        return Optional.ofNullable(images.get(imageFileName));
    }
}
