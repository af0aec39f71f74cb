package dev.kdlab.scenario;

import dev.kdlab.kernel.image.NtSymbols;
import dev.kdlab.target.ImageSymbols;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * nt's public symbols kept as a file beside the snapshots, as a debugger's symbol cache keeps the
 * PDBs it fetched: where nt's routines go is known only once its code is laid out, which takes a
 * cold start longer than the rest of opening a snapshot. A build writes its file once and later
 * starts read it; the name carries the build's fingerprint like the snapshots', so another build's
 * file is never read. A file that cannot be read or written costs only the layout.
 *
 * <p>Format: one symbol per line, its RVA in hex, {@code f} for a function or {@code d} for data,
 * and its name; lines starting with {@code #} are comments.
 */
final class KernelSymbolCache {
    private static final String PREFIX = "ntkrnlmp-";
    static final String SUFFIX = ".sym";

    private KernelSymbolCache() {
    }

    /** The file of {@code build} in {@code folder}. */
    static Path file(Path folder, String build) {
        return folder.resolve(PREFIX + build + SUFFIX);
    }

    /** nt's symbols: from the cache file when it is there and whole, else laid out and written to it. */
    static ImageSymbols symbols(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                return read(Files.readAllLines(file, StandardCharsets.US_ASCII));
            }
        } catch (IOException | RuntimeException unreadable) {
            // lay the code out again, and write the file anew
        }
        ImageSymbols symbols = laidOut();
        try {
            write(file, symbols);
        } catch (IOException notWritten) {
            // a cache only saves time
        }
        return symbols;
    }

    /** nt's symbols as the emulated kernel's code layout gives them. */
    static ImageSymbols laidOut() {
        return new ImageSymbols(LiveTargets.KERNEL_IMAGE, NtSymbols.all(), NtSymbols.functions());
    }

    static ImageSymbols read(List<String> lines) {
        Map<String, Long> rvas = new LinkedHashMap<>();
        Set<String> functions = new HashSet<>();
        for (String line : lines) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(" ", 3);
            if (fields.length != 3 || !(fields[1].equals("f") || fields[1].equals("d"))) {
                throw new IllegalArgumentException("not a symbol line: " + line);
            }
            rvas.put(fields[2], Long.parseUnsignedLong(fields[0], 16));
            if (fields[1].equals("f")) {
                functions.add(fields[2]);
            }
        }
        if (rvas.isEmpty()) {
            throw new IllegalArgumentException("no symbols");
        }
        return new ImageSymbols(LiveTargets.KERNEL_IMAGE, rvas, functions);
    }

    /** Writes through a temporary file, so that a reader never meets half a file. */
    static void write(Path file, ImageSymbols symbols) throws IOException {
        Files.createDirectories(file.getParent());
        Path partial = Files.createTempFile(file.getParent(), PREFIX, ".tmp");
        try {
            try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.US_ASCII)) {
                out.write("# kdlab symbol cache: " + symbols.imageName() + " public symbols (rva, f/d, name)\n");
                for (Map.Entry<String, Long> symbol : symbols.rvas().entrySet()) {
                    out.write(Long.toHexString(symbol.getValue()) + (symbols.isFunction(symbol.getKey()) ? " f " : " d ")
                            + symbol.getKey() + "\n");
                }
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
