package dev.kdlab.debugger.dt;

import dev.kdlab.types.ArrayType;
import dev.kdlab.types.EnumType;
import dev.kdlab.types.Field;
import dev.kdlab.types.StructType;
import dev.kdlab.types.Type;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The member lines of one struct, with or without an instance (transcripts 2.1-2.9, rule 9.4): three blanks per
 * level, {@code +0x%03x}, the name left-justified in the name column, {@code " : "}, the type or the value.
 * Which members and how deep: all of them (and -r levels of sub-fields), or those the field arguments select,
 * a dotted argument showing its parent's line (value reduced to the summary) and the selected children under it.
 *
 * <p>The layout options: -o drops the offsets, -i the deeper indentation of sub-fields, and -c puts every member
 * on one line, each as {@code +0x008 Blink 0x...} (kdlab's reading of "all fields are displayed on one line"; no
 * transcript of -c on a structure was found). -a shows the elements of array members one per line under an index,
 * {@code [00]}, as -b does for arrays of structures (docs example of _ERESOURCE).
 */
final class StructPrinter {
    static final int DEFAULT_WIDTH = 16;
    private static final String INDENT = "   ";

    private final PrintStream out;
    private final ValueFormatter values;
    private final DtOptions options;
    /** -c: the members printed so far, waiting for the end of the struct. */
    private final StringBuilder compactLine = new StringBuilder();

    /** {@code values} is null for a type-only listing. */
    StructPrinter(PrintStream out, ValueFormatter values, DtOptions options) {
        this.out = out;
        this.values = values;
        this.options = options;
    }

    /** The members of {@code type} at {@code address} (null: type only) that {@code selectors} pick (empty: all). */
    void print(StructType type, Long address, List<FieldSelector> selectors, int width) {
        print(type, address, selectors, width, INDENT);
    }

    /** The same, with -c's single line starting with {@code lead} ({@code "[3] "} for an element of dt -ca). */
    void print(StructType type, Long address, List<FieldSelector> selectors, int width, String lead) {
        if (selectors.isEmpty()) {
            members(type, address, 0, Show.all(options.recursion()), width);
        } else {
            List<Step> steps = new ArrayList<>();
            for (FieldSelector s : selectors) {
                steps.add(new Step(s, 0));
            }
            members(type, address, 0, Show.filtered(steps), width);
        }
        if (options.compact() && !compactLine.isEmpty()) {
            out.println(lead + compactLine);
            compactLine.setLength(0);
        }
    }

    /** True when at least one selector names a member path of {@code type}. */
    static boolean anyResolves(StructType type, List<FieldSelector> selectors) {
        for (FieldSelector s : selectors) {
            if (resolves(type, new Step(s, 0))) {
                return true;
            }
        }
        return false;
    }

    private static boolean resolves(StructType type, Step step) {
        for (Field f : type.fields()) {
            if (step.selector().matches(step.index(), f.name())) {
                if (step.selector().isLast(step.index())) {
                    return true;
                }
                StructType child = childStruct(f.type());
                if (child != null && resolves(child, step.next())) {
                    return true;
                }
            } else if (f.isAnonymousMember() && resolves((StructType) f.type(), step)) {
                return true;
            }
        }
        return false;
    }

    private void members(StructType type, Long base, int depth, Show show, int width) {
        for (Field f : type.fields()) {
            if (show.steps() == null) {
                allMember(f, base, depth, show.levels(), width);
            } else {
                selectedMember(f, base, depth, show.steps(), width);
            }
        }
    }

    private void allMember(Field f, Long base, int depth, int levels, int width) {
        boolean block = options.blocks() && embedded(f) != null;
        boolean elements = showsElements(f, base);
        line(f, base, depth, width, block || elements);
        if (elements) {
            arrayElements(f, base, depth, levels, width);
        } else if (block || levels > 0 && !f.isBitfield()) {
            children(f, base, depth, Show.all(Math.max(0, levels - 1)), width, levels > 0);
        }
    }

    private void selectedMember(Field f, Long base, int depth, List<Step> steps, int width) {
        List<Step> advanced = new ArrayList<>();
        boolean complete = false;
        int dots = 0;
        for (Step step : steps) {
            if (step.selector().matches(step.index(), f.name())) {
                if (step.selector().isLast(step.index())) {
                    complete = true;
                    dots = Math.max(dots, step.selector().expandLevels());
                } else {
                    advanced.add(step.next());
                }
            }
        }
        if (!complete && advanced.isEmpty()) {
            if (f.isAnonymousMember() && leadsInside((StructType) f.type(), steps)) {
                line(f, base, depth, width, true);
                children(f, base, depth, Show.filtered(steps), width, false);
            }
            return;
        }
        int childLevels = complete ? Math.max(dots, options.recursion()) : 0;
        boolean pathExpansion = !advanced.isEmpty() || dots > 0;
        boolean elements = complete && showsElements(f, base);
        line(f, base, depth, width, elements || pathExpansion && embedded(f) != null);
        if (elements) {
            arrayElements(f, base, depth, Math.max(0, childLevels - 1), width);
        } else if (childLevels > 0) {
            children(f, base, depth, Show.all(childLevels - 1), width, true);
        } else if (!advanced.isEmpty()) {
            children(f, base, depth, Show.filtered(advanced), width, true);
        }
    }

    private static boolean leadsInside(StructType anonymous, List<Step> steps) {
        for (Step step : steps) {
            if (resolves(anonymous, step)) {
                return true;
            }
        }
        return false;
    }

    /** The sub-fields of {@code f}: an embedded struct's, or (when allowed) those of the struct a pointer points to. */
    private void children(Field f, Long base, int depth, Show show, int width, boolean followPointers) {
        StructType embedded = embedded(f);
        if (embedded != null) {
            members(embedded, base == null ? null : base + f.offset(), depth + 1, show, width);
            return;
        }
        StructType pointed = TypeText.pointedStruct(f.type());
        if (pointed == null || !followPointers) {
            return;
        }
        if (base == null) {
            members(pointed, null, depth + 1, show, width);
            return;
        }
        OptionalLong target = values.memory().quiet(base + f.offset(), 8);
        if (target.isPresent() && target.getAsLong() != 0) {
            members(pointed, target.getAsLong(), depth + 1, show, width);
        }
    }

    /** An array member of an instance whose elements get lines of their own: -a, or -b for an array of structs. */
    private boolean showsElements(Field f, Long base) {
        return base != null && f.type() instanceof ArrayType
                && (options.expandArrayMembers() || options.blocks() && arrayOfStructs(f) != null);
    }

    /**
     * Each element of an array member under an index line ({@code [00]}), a struct's members below it, any other
     * element's value after it: the docs example of -b on _ERESOURCE.OwnerThreads.
     */
    private void arrayElements(Field f, Long base, int depth, int levels, int width) {
        ArrayType array = (ArrayType) f.type();
        StructType element = arrayOfStructs(f);
        long size = array.element().size();
        int count = options.expandArrayMembers() ? Math.min(array.count(), options.arrayElements()) : array.count();
        String indent = options.noIndent() ? INDENT + " " : " ".repeat(INDENT.length() * (depth + 1) + 1);
        for (int i = 0; i < count; i++) {
            long address = base + f.offset() + i * size;
            String index = String.format("[%02d]", i);
            if (element != null) {
                emit(indent + index, index);
                members(element, address, depth + 1, Show.all(levels), width);
            } else {
                String text = index + " " + values.value(array.element(), address);
                emit(indent + text, text);
            }
        }
    }

    private void line(Field f, Long base, int depth, int width, boolean summaryOnly) {
        String offset = "";
        if (!options.omitOffsets()) {
            String hex = Long.toHexString(f.offset());
            offset = "+0x" + "0".repeat(Math.max(0, 3 - hex.length())) + hex + " ";
        }
        String text = text(f, base, summaryOnly);
        if (options.compact()) {
            emit(null, offset + f.name() + " " + text);
            return;
        }
        String indent = options.noIndent() ? INDENT : INDENT.repeat(depth + 1);
        String padding = " ".repeat(Math.max(0, width - f.name().length()));
        out.println(indent + offset + f.name() + padding + " : " + text);
    }

    /** One line of output, or with -c one more piece of the struct's single line. */
    private void emit(String line, String compactPiece) {
        if (!options.compact()) {
            out.println(line);
            return;
        }
        if (!compactLine.isEmpty()) {
            compactLine.append(' ');
        }
        compactLine.append(compactPiece.strip());
    }

    private String text(Field f, Long base, boolean summaryOnly) {
        if (base == null) {
            return options.verbose() ? TypeText.verbose(f) : TypeText.plain(f);
        }
        long address = base + f.offset();
        Type type = f.type();
        if (summaryOnly && type instanceof StructType s) {
            return s.isAnonymous() ? "" : values.summary(s, address);
        }
        if (summaryOnly && type instanceof ArrayType) {
            return "";
        }
        if (options.verbose() && !f.isBitfield()) {
            if (type instanceof StructType) {
                return TypeText.verbose(type);
            }
            if (type instanceof EnumType) {
                // dt -v puts an enum's value on the next line, flush left (transcript of dt -v -r 3 _IO_STACK_LOCATION)
                return TypeText.verbose(type) + System.lineSeparator() + values.member(f, address);
            }
        }
        return values.member(f, address);
    }

    private static StructType embedded(Field f) {
        return f.isBitfield() ? null : childStructEmbedded(f.type());
    }

    private static StructType childStructEmbedded(Type type) {
        return type instanceof StructType s && !s.isOpaque() && !s.fields().isEmpty() ? s : null;
    }

    /** The struct a path continues into: an embedded one, or the one a pointer points to ({@code Ldr.Length}). */
    private static StructType childStruct(Type type) {
        StructType embedded = childStructEmbedded(type);
        return embedded != null ? embedded : TypeText.pointedStruct(type);
    }

    private static StructType arrayOfStructs(Field f) {
        return f.type() instanceof ArrayType a ? childStructEmbedded(a.element()) : null;
    }

    /** One selector, at one segment of its path. */
    private record Step(FieldSelector selector, int index) {
        Step next() {
            return new Step(selector, index + 1);
        }
    }

    /** What to show of a struct's members: all, expanding {@code levels} more levels, or those {@code steps} select. */
    private record Show(int levels, List<Step> steps) {
        static Show all(int levels) {
            return new Show(levels, null);
        }

        static Show filtered(List<Step> steps) {
            return new Show(0, List.copyOf(steps));
        }
    }
}
