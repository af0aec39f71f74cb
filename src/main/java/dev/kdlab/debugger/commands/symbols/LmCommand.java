package dev.kdlab.debugger.commands.symbols;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.symbols.LoadedModule;
import dev.kdlab.debugger.symbols.ModuleList;
import dev.kdlab.debugger.views.Eprocess;
import dev.kdlab.debugger.views.LoaderEntry;
import dev.kdlab.debugger.views.LoaderList;
import dev.kdlab.debugger.views.MappedImage;
import dev.kdlab.debugger.views.UnloadedModules;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.pe.VersionInfo;
import dev.kdlab.target.ImageSymbols;
import dev.kdlab.types.WildcardPattern;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code lm [Options] [a Address] [m Pattern | M Pattern]} (transcripts 5.1): the loaded modules,
 * sorted by start address: the implicit process's user images (its PEB loader list) below the
 * kernel's (PsLoadedModuleList). The symbol column says {@code (pdb symbols)} with the symbol
 * store path for modules the target has a symbol table for (user images too: ntdll, KERNEL32,
 * KERNELBASE, the EXEs with code, as after {@code .reload /user}), {@code (no symbols)} for a kernel
 * module whose PDB a lookup searched for and the symbol server does not have (peauth: Microsoft
 * publishes none), {@code (deferred)} for the others;
 * {@code v} adds what the image headers tell (paths, time stamp or /Brepro hash, checksum, size).
 */
public final class LmCommand implements Command {
    private static final String HEADER = "start             end                 module name";
    /** WinDbg's default downstream symbol store. */
    private static final String SYMBOL_STORE = "C:\\ProgramData\\Dbg\\sym\\";
    /** The version strings lm v looks up, in the order it prints them. */
    private static final List<String> RESOURCE_STRINGS = List.of("CompanyName", "ProductName", "InternalName",
            "OriginalFilename", "ProductVersion", "FileVersion", "PrivateBuild", "SpecialBuild", "FileDescription",
            "LegalCopyright", "LegalTrademarks", "Comments");
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * One row: the module name lm shows, the loader entry, the memory its headers are read through,
     * for a kernel module with symbols the image name its PDB records, and whether a search for its
     * PDB found none.
     */
    record Image(String name, LoaderEntry entry, VirtualMemory memory, boolean kernel,
                 Optional<String> symbolImage, boolean noSymbols) {
        Image(String name, LoaderEntry entry, VirtualMemory memory, boolean kernel, Optional<String> symbolImage) {
            this(name, entry, memory, kernel, symbolImage, false);
        }

        long base() {
            return entry.dllBase();
        }

        long end() {
            return entry.end();
        }

        String fullPath() {
            return Objects.requireNonNullElse(entry.fullDllName(), "");
        }

        String fileName() {
            return Objects.requireNonNullElse(entry.baseDllName(), "");
        }
    }

    /** Every module lm lists, user and kernel, in address order, named as lm names them (!for_each_module). */
    static List<Image> all(Session session) {
        List<Image> images = new ArrayList<>(userImages(session));
        for (LoadedModule module : session.kernelModules().modules()) {
            images.add(new Image(module.name(), module.entry(), session.kernel(), true, Optional.empty()));
        }
        images.sort((a, b) -> Long.compareUnsigned(a.base(), b.base()));
        return images;
    }

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
        for (Image image : images) {
            Optional<MappedImage.Facts> headers = new MappedImage(image.memory(), image.base())
                    .facts(session.target().types());
            boolean pdb = image.symbolImage().isPresent();
            String state = pdb ? "(pdb symbols)" : image.noSymbols() ? "(no symbols)" : "(deferred)";
            String symbolFile = pdb ? headers.flatMap(MappedImage.Facts::codeView)
                    .map(cv -> SYMBOL_STORE + cv.pdbName() + "\\" + cv.signature() + "\\" + cv.pdbName()).orElse("")
                    : "";
            out.println(String.format("%s %s   %-8s   %-22s %s", Hex.backtick(image.base()), Hex.backtick(image.end()),
                    image.name(), state, symbolFile));
            if (options.verbose()) {
                printDetails(image, headers, out);
            }
        }
        if (!options.userOnly() && !options.loadedOnly() && options.address().isEmpty()) {
            printUnloaded(session, options, out);
        }
    }

    /**
     * WinDbg's "Unloaded modules:" section after the list (transcripts 5.1, lm m s*): the kernel's
     * unloaded drivers from nt!MmUnloadedDrivers, oldest first, those whose names match {@code m}.
     */
    private static void printUnloaded(Session session, LmOptions options, PrintStream out) {
        WildcardPattern name = WildcardPattern.of(Objects.requireNonNullElse(options.namePattern(), "*"));
        List<UnloadedModules.Unloaded> unloaded = UnloadedModules.read(session).stream()
                .filter(module -> name.matches(module.name()) || name.matches(ModuleList.stem(module.name())))
                .toList();
        if (unloaded.isEmpty() || options.pathPattern() != null) {
            return;
        }
        out.println();
        out.println("Unloaded modules:");
        for (UnloadedModules.Unloaded module : unloaded) {
            out.println(Hex.backtick(module.start()) + " " + Hex.backtick(module.end()) + "   " + module.name());
        }
    }

    private static List<Image> selected(Session session, LmOptions options) {
        List<Image> images = new ArrayList<>();
        if (!options.kernelOnly()) {
            images.addAll(userImages(session));
        }
        if (!options.userOnly()) {
            for (LoadedModule module : session.kernelModules().modules()) {
                images.add(new Image(module.name(), module.entry(), session.kernel(), true,
                        module.symbolsLoaded() ? Optional.of(module.symbols().imageName()) : Optional.empty(),
                        module.symbolsMissing()));
            }
        }
        WildcardPattern name = WildcardPattern.of(Objects.requireNonNullElse(options.namePattern(), "*"));
        WildcardPattern path = WildcardPattern.of(Objects.requireNonNullElse(options.pathPattern(), "*"));
        images.removeIf(image -> !name.matches(image.name()) || !path.matches(image.fullPath())
                || options.address().isPresent() && !contains(image, options.address().getAsLong()));
        images.sort(options.sortByName() ? Comparator.comparing(Image::name, String.CASE_INSENSITIVE_ORDER)
                : (a, b) -> Long.compareUnsigned(a.base(), b.base()));
        return images;
    }

    /**
     * The implicit process's loader list. A user image whose name a kernel module already has gets its
     * base appended, as WinDbg names it ({@code kd_7ff6ee3e0000}).
     */
    private static List<Image> userImages(Session session) {
        List<LoaderEntry> entries;
        try {
            long peb = Eprocess.at(session, session.implicitProcess()).peb();
            entries = LoaderList.process(session, session.memory(), peb);
        } catch (MemoryAccessException e) {
            return List.of();
        }
        Set<String> kernelNames = new HashSet<>();
        for (LoadedModule module : session.kernelModules().modules()) {
            kernelNames.add(module.name().toLowerCase(Locale.ROOT));
        }
        List<Image> images = new ArrayList<>();
        for (LoaderEntry entry : entries) {
            String name = ModuleList.stem(Objects.requireNonNullElse(entry.baseDllName(), ""));
            if (kernelNames.contains(name.toLowerCase(Locale.ROOT))) {
                name = name + "_" + Long.toHexString(entry.dllBase());
            }
            Optional<String> symbols = entry.baseDllName() == null ? Optional.empty()
                    : session.target().symbolStore().lookup(entry.baseDllName()).map(ImageSymbols::imageName);
            images.add(new Image(name, entry, session.memory(), false, symbols));
        }
        return images;
    }

    private static boolean contains(Image image, long address) {
        return Long.compareUnsigned(address, image.base()) >= 0 && Long.compareUnsigned(address, image.end()) < 0;
    }

    /**
     * The lines {@code lm v} adds (transcripts 5.1: lmvm nt, lm v m tcpip). A module with symbols
     * names its image as the symbols know it (nt: ntkrnlmp.exe); the version resource gives the
     * file's versions, flags, OS, type and date, its translations and its strings.
     */
    private static void printDetails(Image image, Optional<MappedImage.Facts> headers, PrintStream out) {
        Optional<String> symbolImage = image.symbolImage();
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
            MappedImage.Facts h = headers.get();
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
        out.println(String.format("    ImageSize:        %08X", image.entry().sizeOfImage()));
        printVersion(headers.flatMap(MappedImage.Facts::version), out);
    }

    /**
     * The version lines: from the resource when it can be read (lmvm nt on 19041.508); else the
     * translations WinDbg tries by default and an empty table (lmDvmnt on 18362, lm v m tcpip).
     */
    private static void printVersion(Optional<VersionInfo> version, PrintStream out) {
        if (version.isEmpty()) {
            out.println("    Translations:     0000.04b0 0000.04e4 0409.04b0 0409.04e4");
            out.println("    Information from resource tables:");
            return;
        }
        VersionInfo v = version.get();
        out.println("    File version:     " + VersionInfo.versionText(v.fileVersion()));
        out.println("    Product version:  " + VersionInfo.versionText(v.productVersion()));
        out.println(String.format("    File flags:       %X (Mask %X)", v.fileFlags(), v.fileFlagsMask()));
        out.println(String.format("    File OS:          %X %s", v.fileOs(), fileOs(v.fileOs())));
        out.println(String.format("    File type:        %X.%X %s", v.fileType(), v.fileSubtype(), fileType(v.fileType())));
        out.println(String.format("    File date:        %08X.%08X", v.fileDate() >>> 32, v.fileDate() & 0xffffffffL));
        StringBuilder translations = new StringBuilder("    Translations:    ");
        v.translations().forEach(t -> translations.append(' ').append(t));
        out.println(translations);
        out.println("    Information from resource tables:");
        for (String key : RESOURCE_STRINGS) {
            String value = v.strings().get(key);
            if (value != null) {
                out.println(String.format("        %-18s%s", key + ":", value));
            }
        }
    }

    /** VS_FIXEDFILEINFO.dwFileOS as WinDbg names it. */
    private static String fileOs(int os) {
        return switch (os) {
            case VersionInfo.VOS_NT_WINDOWS32 -> "NT Win32";
            case 0x40000 -> "NT";
            case 0x4 -> "Win32";
            default -> "Unknown";
        };
    }

    /** VS_FIXEDFILEINFO.dwFileType as WinDbg names it. */
    private static String fileType(int type) {
        return switch (type) {
            case VersionInfo.VFT_APP -> "App";
            case VersionInfo.VFT_DLL -> "Dll";
            case VersionInfo.VFT_DRV -> "Driver";
            case 4 -> "Font";
            case 5 -> "VXD";
            case 7 -> "Static library";
            default -> "Unknown";
        };
    }
}
