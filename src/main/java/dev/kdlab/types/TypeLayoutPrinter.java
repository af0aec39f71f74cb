package dev.kdlab.types;

import java.util.ArrayList;
import java.util.List;

/**
 * The type-only listing of {@code dt nt!_X} (no address): one line per member, exactly as WinDbg prints it, e.g.
 * <pre>
 *    +0x440 UniqueProcessId  : Ptr64 Void
 *    +0x460 DefaultPagePriority : Pos 12, 3 Bits
 *    +0x9d0 MitigationFlagsValues : &lt;unnamed-tag&gt;
 * </pre>
 * and for an enum {@code    Initialized                              = 0n0 (0x0)}.
 */
public final class TypeLayoutPrinter {

    private static final String INDENT = "   ";

    private TypeLayoutPrinter() {}

    /** The top-level member lines; anonymous members print {@code <unnamed-tag>} and are not expanded. Opaque: none. */
    public static List<String> members(StructType t) {
        List<String> lines = new ArrayList<>(t.fields().size());
        for (Field f : t.fields()) {
            lines.add(memberLine(f, 0));
        }
        return lines;
    }

    /**
     * The member lines with anonymous members expanded under them, three blanks deeper per level and with offsets
     * relative to that member, as the reference layout files (and {@code dt -r} for {@code <unnamed-tag>}) show them.
     * Named embedded types are not expanded.
     */
    public static List<String> membersWithAnonymous(StructType t) {
        List<String> lines = new ArrayList<>();
        expand(t, 0, lines);
        return lines;
    }

    /** The constant lines of an enum: three blanks, the name left-justified in 40 columns, {@code " = 0n5 (0x5)"}. */
    public static List<String> members(EnumType t) {
        List<String> lines = new ArrayList<>(t.constants().size());
        long mask = t.size() >= 8 || t.size() <= 0 ? -1L : (1L << (8 * t.size())) - 1;
        for (EnumType.Constant c : t.constants()) {
            lines.add(INDENT + pad(c.name(), 40) + " = 0n" + c.value() + " (0x" + Long.toHexString(c.value() & mask) + ")");
        }
        return lines;
    }

    /** {@link #members(StructType)} or {@link #members(EnumType)}; no lines for other types. */
    public static List<String> members(Type t) {
        if (t instanceof StructType s) {
            return members(s);
        }
        if (t instanceof EnumType e) {
            return members(e);
        }
        return List.of();
    }

    /** One member line at a nesting depth (0 = top level). */
    public static String memberLine(Field f, int depth) {
        StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i <= depth; i++) {
            sb.append(INDENT);
        }
        sb.append("+0x");
        String hex = Long.toHexString(f.offset());
        for (int i = hex.length(); i < 3; i++) {
            sb.append('0');
        }
        sb.append(hex).append(' ').append(pad(f.name(), 16)).append(" : ");
        if (f.isBitfield()) {
            sb.append("Pos ").append(f.bitPosition()).append(", ").append(f.bitLength())
                    .append(f.bitLength() == 1 ? " Bit" : " Bits");
        } else {
            sb.append(f.type().typeText());
        }
        return sb.toString();
    }

    private static void expand(StructType t, int depth, List<String> lines) {
        for (Field f : t.fields()) {
            lines.add(memberLine(f, depth));
            if (f.type() instanceof StructType s && s.isAnonymous()) {
                expand(s, depth + 1, lines);
            }
        }
    }

    /** Left-justified in {@code width} columns; a longer name keeps its length (dt then puts just the one blank before " : "). */
    private static String pad(String name, int width) {
        if (name.length() >= width) {
            return name;
        }
        return name + " ".repeat(width - name.length());
    }
}
