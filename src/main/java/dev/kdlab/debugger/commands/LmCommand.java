package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.ImageHeaders;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.LoadedImages;
import dev.kdlab.debugger.LoadedImages.Image;
import dev.kdlab.debugger.Session;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.target.Symbols;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code lm [Options] [a Address] [m Pattern | M Pattern]} (transcripts 5.1): the loaded modules,
 * sorted by start address: the implicit process's user images (its PEB loader list) below the
 * kernel's (PsLoadedModuleList). The symbol column says {@code (pdb symbols)} with the symbol
 * store path for modules the target has a symbol table for, {@code (deferred)} for the others;
 * {@code v} adds what the image headers tell (paths, time stamp or /Brepro hash, checksum, size).
 */
final class LmCommand implements Command {
    private static final String HEADER = "start             end                 module name";
    /** WinDbg's default downstream symbol store. */
    private static final String SYMBOL_STORE = "C:\\ProgramData\\Dbg\\sym\\";
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Override
    public void execute(Invocation invocation) throws ExpressionException, SyntaxErrorException {
        Session session = invocation.session();
        LmOptions options = LmOptions.parse(invocation.command(), session);
        PrintStream out = invocation.out();
        List<Image> images = selected(session, options);
        if (options.namesOnly()) {
            images.forEach(image -> out.println(image.name()));
            return;
        }
        if (options.verbose()) {
            out.println("Browse full module list");
        }
        out.println(HEADER);
        Symbols symbols = session.target().symbols();
        for (Image image : images) {
            Optional<ImageHeaders> headers = ImageHeaders.read(image.memory(), image.base());
            boolean pdb = symbols.hasSymbols(image.name());
            String state = pdb ? "(pdb symbols)" : "(deferred)";
            String symbolFile = pdb ? headers.flatMap(ImageHeaders::codeView)
                    .map(cv -> SYMBOL_STORE + cv.pdbName() + "\\" + cv.signature() + "\\" + cv.pdbName()).orElse("")
                    : "";
            out.println(String.format("%s %s   %-8s   %-22s %s", Hex.backtick(image.base()), Hex.backtick(image.end()),
                    image.name(), state, symbolFile));
            if (options.verbose()) {
                printDetails(image, pdb ? symbols.module(image.name()).map(m -> m.imageName()) : Optional.empty(),
                        headers, out);
            }
        }
    }

    private static List<Image> selected(Session session, LmOptions options) {
        List<Image> images = new ArrayList<>();
        if (!options.kernelOnly()) {
            images.addAll(LoadedImages.user(session));
        }
        if (!options.userOnly()) {
            images.addAll(LoadedImages.kernel(session));
        }
        Pattern name = wildcard(options.namePattern());
        Pattern path = wildcard(options.pathPattern());
        images.removeIf(image -> !name.matcher(image.name()).matches() || !path.matcher(image.fullPath()).matches()
                || options.address().isPresent() && !contains(image, options.address().getAsLong()));
        images.sort(options.sortByName() ? Comparator.comparing(Image::name, String.CASE_INSENSITIVE_ORDER)
                : (a, b) -> Long.compareUnsigned(a.base(), b.base()));
        return images;
    }

    private static boolean contains(Image image, long address) {
        return Long.compareUnsigned(address, image.base()) >= 0 && Long.compareUnsigned(address, image.end()) < 0;
    }

    /** A WinDbg wildcard (* and ?), case-insensitive; null matches everything. */
    private static Pattern wildcard(String pattern) {
        if (pattern == null) {
            return Pattern.compile(".*", Pattern.DOTALL);
        }
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    /**
     * The lines {@code lm v} adds (transcripts 5.1: lmvm nt, lm v m tcpip). A module with symbols
     * names its image as the symbols know it (nt: ntkrnlmp.exe); version resources are not there
     * to read, so no version lines follow.
     */
    private static void printDetails(Image image, Optional<String> symbolImage, Optional<ImageHeaders> headers,
                                     PrintStream out) {
        if (symbolImage.isPresent() && image.kernel()) {
            out.println("    Loaded symbol image file: " + symbolImage.get());
            out.println("    Image path: " + symbolImage.get());
            out.println("    Image name: " + symbolImage.get());
        } else {
            if (symbolImage.isPresent()) {
                out.println("    Loaded symbol image file: " + image.fileName());
            }
            out.println("    Image path: " + image.fullPath());
            out.println("    Image name: " + image.fileName());
        }
        out.println("    Browse all global symbols  functions  data");
        if (headers.isPresent()) {
            ImageHeaders h = headers.get();
            if (h.reproducible()) {
                out.println("    Image was built with /Brepro flag.");
                out.println(String.format("    Timestamp:        %08X (This is a reproducible build file hash, not a timestamp)",
                        h.timeDateStamp()));
            } else {
                out.println(String.format("    Timestamp:        %s (%08X)",
                        TIMESTAMP.format(Instant.ofEpochSecond(h.timeDateStamp())), h.timeDateStamp()));
            }
            out.println(String.format("    CheckSum:         %08X", h.checkSum()));
        }
        out.println(String.format("    ImageSize:        %08X", image.size()));
    }
}
