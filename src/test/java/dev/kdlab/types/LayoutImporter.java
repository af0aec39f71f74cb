package dev.kdlab.types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Converts the WinDbg-style layout files of reference/layouts-19041, and those of the repository's own
 * {@code src/test/reference/layouts-extra} (types the shared reference lacks, each file naming its source on its
 * first line), into the catalog resource {@code src/main/resources/dev/kdlab/types/nt-19041.types} (format:
 * {@link TypeCatalogReader}).
 *
 * <p>Run it after the reference folder changes, from the project directory:
 * <pre>
 * mvn -q -o test-compile
 * java -cp target/classes:target/test-classes dev.kdlab.types.LayoutImporter [REFERENCE_DIR] [OUTPUT_FILE]
 * </pre>
 * {@code GeneratedCatalogTest} fails while the resource differs from what this class would write.
 *
 * <p>Each file holds the 22H2 (10.0.19045.2965) dump after its {@code nt!NAME} line; the {@code // ----} lines after
 * it (other builds) are ignored. Two facts the files do not state are inferred here and written into the catalog:
 * <ul>
 *   <li>a bitfield's storage unit: the integer type of a non-bitfield member at the same offset in the same
 *       struct ({@code Flags2 : Uint4B} for {@code _EPROCESS} +0x460), else the smallest unsigned integer holding
 *       every bitfield at that offset;</li>
 *   <li>an anonymous member's size (the end of its last member) and whether it is a union (two members
 *       overlap, not counting bitfields that share a storage unit).</li>
 * </ul>
 */
public final class LayoutImporter {

    static final String LAYOUTS = "layouts-19041";
    /** The folder of layouts the shared reference lacks (_DEVICE_NODE and the types it embeds): see its README. */
    static final String EXTRA_LAYOUTS = "layouts-extra";
    static final Path DEFAULT_OUTPUT = Path.of("src/main/resources/dev/kdlab/types", TypeCatalog.NT_RESOURCE);

    private LayoutImporter() {}

    public static void main(String[] args) throws IOException {
        Path reference = args.length > 0 ? Path.of(args[0]) : referenceDir();
        Path output = args.length > 1 ? Path.of(args[1]) : DEFAULT_OUTPUT;
        List<LayoutFile> files = catalogFiles(reference);
        Files.writeString(output, render(files), StandardCharsets.UTF_8);
        System.out.println("wrote " + files.size() + " types to " + output);
    }

    /** The repository's copy of the reference layouts, kept equal to shared/'s by {@code ReferenceCopyTest}. */
    public static final Path REPOSITORY_COPY = Path.of("src", "test", "reference");

    /**
     * The reference folder: system property {@code kdlab.reference} (surefire sets it to ../shared/reference
     * when that sits beside the clone), else the repository's copy under src/test/reference.
     */
    public static Path referenceDir() {
        String property = System.getProperty("kdlab.reference");
        Path root = property != null && !property.isBlank() ? Path.of(property) : REPOSITORY_COPY;
        return root.resolve(LAYOUTS);
    }

    /**
     * The repository's extra layouts: always its own folder (shared/reference has no such folder), whichever
     * reference folder the main layouts come from.
     */
    public static Path extraDir() {
        return REPOSITORY_COPY.resolve(EXTRA_LAYOUTS);
    }

    /** Every file the catalog is made of: the reference folder's, then the extra layouts. */
    public static List<LayoutFile> catalogFiles(Path reference) {
        List<LayoutFile> files = new ArrayList<>(readAll(reference));
        files.addAll(readAll(extraDir()));
        return List.copyOf(files);
    }

    /** {@link #catalogFiles(Path)} of {@link #referenceDir()}. */
    public static List<LayoutFile> catalogFiles() {
        return catalogFiles(referenceDir());
    }

    // ---- reading the dt-style files

    /**
     * One reference file: the type's name, kind ({@code struct}, {@code union} or {@code enum}), size, and the
     * member lines of the 22H2 dump exactly as written.
     */
    public record LayoutFile(Path path, String name, String kind, long size, List<String> dump) {

        /** The top-level lines: those indented by three blanks only. */
        public List<String> topLevel() {
            return dump.stream().filter(l -> !l.startsWith("    ")).toList();
        }
    }

    public static List<LayoutFile> readAll(Path dir) {
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.filter(p -> p.getFileName().toString().endsWith(".txt"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .map(LayoutImporter::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LayoutFile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = null;
        String kind = "struct";
        long size = -1;
        List<String> dump = new ArrayList<>();
        for (String line : lines) {
            if (name == null) {
                if (line.startsWith("// size: 0x")) {
                    String hex = line.substring("// size: 0x".length()).split("[^0-9a-fA-F]", 2)[0];
                    size = Long.parseLong(hex, 16);
                } else if (line.startsWith("// kind: union")) {
                    kind = "union";
                } else if (line.startsWith("// kind: enum")) {
                    kind = "enum";
                } else if (line.startsWith("nt!")) {
                    name = line.substring(3).split("\\s", 2)[0];
                }
            } else if (line.startsWith("   ")) {
                dump.add(line);
            } else {
                break; // the dump ends at the first blank or comment line
            }
        }
        if (name == null || size < 0) {
            throw new IllegalStateException(file + ": no nt! line or no size");
        }
        return new LayoutFile(file, name, kind, size, List.copyOf(dump));
    }

    // ---- the member tree of one dump

    /** A parsed member line; {@code typeText} null for a bitfield; {@code children} for an anonymous member. */
    private static final class Member {
        final long offset;
        final String name;
        final String typeText;
        final int position;
        final int width;
        final List<Member> children = new ArrayList<>();
        long storage;      // bitfield: storage size in bytes
        boolean union;     // anonymous member
        long size;         // anonymous member

        Member(long offset, String name, String typeText, int position, int width) {
            this.offset = offset;
            this.name = name;
            this.typeText = typeText;
            this.position = position;
            this.width = width;
        }

        boolean isBitfield() {
            return typeText == null;
        }

        boolean isAnonymous() {
            return "<unnamed-tag>".equals(typeText);
        }
    }

    /** Builds the member tree from the dump lines; the depth of a line is its indentation / 3 - 1. */
    private static List<Member> members(LayoutFile file) {
        List<Member> top = new ArrayList<>();
        List<List<Member>> levels = new ArrayList<>();
        levels.add(top);
        Member previous = null;
        for (String line : file.dump()) {
            int indent = 0;
            while (line.charAt(indent) == ' ') {
                indent++;
            }
            int depth = indent / 3 - 1;
            if (indent % 3 != 0 || depth >= levels.size() + 1 || (depth == levels.size() && (previous == null || !previous.isAnonymous()))) {
                throw new IllegalStateException(file.path() + ": unexpected indentation: " + line);
            }
            while (levels.size() > depth + 1) {
                levels.remove(levels.size() - 1);
            }
            if (depth == levels.size()) {
                levels.add(previous.children);
            }
            Member m = parseMember(file, line.substring(indent));
            levels.get(depth).add(m);
            previous = m;
        }
        return top;
    }

    private static Member parseMember(LayoutFile file, String text) {
        // "+0x440 UniqueProcessId  : Ptr64 Void" -- the type text is everything after " : ", trailing blank included.
        int blank = text.indexOf(' ');
        int colon = text.indexOf(" : ");
        if (!text.startsWith("+0x") || blank < 0 || colon < blank) {
            throw new IllegalStateException(file.path() + ": not a member line: " + text);
        }
        long offset = Long.parseLong(text.substring(3, blank), 16);
        String name = text.substring(blank + 1, colon).strip();
        String type = text.substring(colon + 3);
        if (type.startsWith("Pos ")) {
            // "Pos 12, 3 Bits"
            String[] parts = type.substring(4).split(", | ");
            return new Member(offset, name, null, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }
        return new Member(offset, name, type, 0, 0);
    }

    // ---- inference

    /** Sizes of the types the files define, by name; names with no file (opaque) count 0. */
    private static long sizeOf(String typeText, Map<String, Long> named) {
        if (typeText.startsWith("Ptr64 ")) {
            return 8;
        }
        if (typeText.startsWith("[")) {
            int close = typeText.indexOf("] ");
            return Long.parseLong(typeText.substring(1, close)) * sizeOf(typeText.substring(close + 2), named);
        }
        return BaseType.named(typeText).map(BaseType::size).orElseGet(() -> named.getOrDefault(typeText, 0L));
    }

    /** Fills in bitfield storage sizes and anonymous sizes and kinds, innermost first. */
    private static void infer(List<Member> members, Map<String, Long> named) {
        for (Member m : members) {
            if (m.isAnonymous()) {
                infer(m.children, named);
            }
        }
        for (Member m : members) {
            if (!m.isBitfield()) {
                continue;
            }
            int bits = 0;
            for (Member other : members) {
                if (other.isBitfield() && other.offset == m.offset) {
                    bits = Math.max(bits, other.position + other.width);
                }
            }
            long storage = 0;
            for (Member other : members) {
                if (!other.isBitfield() && other.offset == m.offset && isInteger(other.typeText)
                        && 8 * sizeOf(other.typeText, named) >= bits) {
                    storage = sizeOf(other.typeText, named);
                    break;
                }
            }
            if (storage == 0) {
                storage = bits <= 8 ? 1 : bits <= 16 ? 2 : bits <= 32 ? 4 : 8;
            }
            m.storage = storage;
        }
        for (Member m : members) {
            if (m.isAnonymous()) {
                long end = 0;
                for (Member c : m.children) {
                    end = Math.max(end, c.offset + size(c, named));
                }
                m.size = end;
                m.union = overlaps(m.children, named);
            }
        }
    }

    private static boolean isInteger(String typeText) {
        return BaseType.named(typeText).filter(b -> b.kind() == BaseType.Kind.INTEGER || b.kind() == BaseType.Kind.CHAR).isPresent();
    }

    private static long size(Member m, Map<String, Long> named) {
        if (m.isBitfield()) {
            return m.storage;
        }
        if (m.isAnonymous()) {
            return m.size;
        }
        return sizeOf(m.typeText, named);
    }

    private static boolean overlaps(List<Member> members, Map<String, Long> named) {
        for (int i = 0; i < members.size(); i++) {
            Member a = members.get(i);
            for (int j = i + 1; j < members.size(); j++) {
                Member b = members.get(j);
                if (a.isBitfield() && b.isBitfield() && a.offset == b.offset && a.storage == b.storage) {
                    if (a.position < b.position + b.width && b.position < a.position + a.width) {
                        return true;
                    }
                    continue;
                }
                if (a.offset < b.offset + size(b, named) && b.offset < a.offset + size(a, named)) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- writing

    static String render(List<LayoutFile> files) {
        Map<String, Long> named = new HashMap<>();
        for (LayoutFile f : files) {
            if (named.put(f.name(), f.size()) != null) {
                throw new IllegalStateException("two files for " + f.name());
            }
        }
        StringBuilder out = new StringBuilder(1 << 19);
        out.append("""
                # kdlab type catalog: Windows 10 x64 kernel, build 19041 family, 22H2 (10.0.19045.2965) layouts.
                # GENERATED by src/test/java/dev/kdlab/types/LayoutImporter.java from reference/layouts-19041
                # (Vergilius Project data from the ntoskrnl PDBs; _KDDEBUGGER_DATA64 and its header from wdbgexts.h)
                # and src/test/reference/layouts-extra (_DEVICE_NODE and its embedded types; each file names its source).
                # Do not edit by hand: rerun the importer.
                #
                # enum NAME SIZE                      then one "NAME VALUE" line per constant (decimal)
                # struct|union NAME SIZE              then one line per member, in dt order:
                #   OFFSET NAME TYPE                  TYPE as dt spells it (Ptr64 X, [N] X, Uint4B, _NAME, ...)
                #   OFFSET NAME @POS:WIDTH STORAGE    bitfield; STORAGE is inferred (see LayoutImporter)
                #   OFFSET NAME {struct|union SIZE    anonymous member (dt: <unnamed-tag>); its members follow, then }
                #   fn(RET)                           a function returning RET (dt: "Ptr64     RET ")
                # Offsets are hex and relative to the enclosing struct or anonymous member; indentation is cosmetic.
                # A struct name used but never defined is an opaque (declared-only) struct.
                """);
        List<LayoutFile> ordered = new ArrayList<>(files);
        ordered.sort(Comparator.comparing((LayoutFile f) -> !f.kind().equals("enum"))
                .thenComparing(LayoutFile::name, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(LayoutFile::name));
        for (LayoutFile f : ordered) {
            out.append('\n').append(f.kind()).append(' ').append(f.name()).append(" 0x").append(Long.toHexString(f.size())).append('\n');
            if (f.kind().equals("enum")) {
                for (String line : f.dump()) {
                    // "   Initialized                              = 0n0 (0x0)"
                    String[] parts = line.strip().split("\\s+= 0n|\\s+\\(", 3);
                    out.append("  ").append(parts[0]).append(' ').append(Long.parseLong(parts[1])).append('\n');
                }
            } else {
                List<Member> members = members(f);
                infer(members, named);
                write(members, 1, out);
            }
        }
        return out.toString();
    }

    private static void write(List<Member> members, int depth, StringBuilder out) {
        String indent = "  ".repeat(depth);
        for (Member m : members) {
            out.append(indent).append(String.format("0x%03x", m.offset)).append(' ').append(m.name).append(' ');
            if (m.isBitfield()) {
                out.append('@').append(m.position).append(':').append(m.width).append(' ')
                        .append(BaseType.unsigned((int) m.storage).name()).append('\n');
            } else if (m.isAnonymous()) {
                out.append('{').append(m.union ? "union" : "struct").append(" 0x").append(Long.toHexString(m.size)).append('\n');
                write(m.children, depth + 1, out);
                out.append(indent).append("}\n");
            } else {
                out.append(spec(m.typeText)).append('\n');
            }
        }
    }

    /** dt type text to catalog spelling: the same, except a function pointer target {@code "    long "} becomes {@code fn(long)}. */
    static String spec(String typeText) {
        if (typeText.startsWith("Ptr64 ")) {
            String target = typeText.substring(6);
            if (target.startsWith("    ")) {
                return "Ptr64 fn(" + target.strip() + ")";
            }
            return "Ptr64 " + spec(target);
        }
        if (typeText.startsWith("[")) {
            int close = typeText.indexOf("] ");
            return typeText.substring(0, close + 2) + spec(typeText.substring(close + 2));
        }
        if (typeText.isEmpty() || typeText.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("unexpected type text '" + typeText + "'");
        }
        return typeText;
    }
}
