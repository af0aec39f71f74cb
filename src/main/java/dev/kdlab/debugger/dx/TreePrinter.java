package dev.kdlab.debugger.dx;

import dev.kdlab.debugger.Columns;
import dev.kdlab.memory.MemoryAccessException;

import java.io.PrintStream;
import java.util.Iterator;
import java.util.Map;

/**
 * dx's display (transcripts 2.10, 6.8): the expression's line, then its children indented four blanks a level,
 * as deep as {@code -r} says (one level by default). A line is the name padded to 16 columns, then
 * {@code " : value"}, {@code " [Switch To]"} for what WinDbg links, {@code " [Type: T]"} for natives, and with
 * {@code -h} the help text in brackets; a field's offset ({@code [+0x440] }) comes before its name. The
 * expression's own line is the expression and 16 blanks, except for strings, numbers and booleans, which read
 * {@code @$curprocess.Name : EngHost.exe}. A container shows its first 100 elements, then {@code [...]}
 * ({@code -c N} starts after N of them). A value that cannot be read shows WinDbg's
 * {@code Unable to read memory at Address 0x38} on its line.
 */
final class TreePrinter {
    static final int NAME_WIDTH = 16;
    static final int CONTAINER_LIMIT = 100;
    /** The deepest -r that is followed: deeper than any structure a user reads, shallow enough for the stack. */
    static final int MAX_RECURSION = 64;
    private static final String INDENT = "    ";

    private final PrintStream out;
    private final Format format;
    private final int depth;
    private final boolean help;
    private final boolean verbose;
    private final long skip;
    private final Runnable poll;

    TreePrinter(PrintStream out, Format format, int depth, boolean help, boolean verbose, long skip, Runnable poll) {
        this.out = out;
        this.format = format;
        this.depth = Math.min(depth, MAX_RECURSION);
        this.help = help;
        this.verbose = verbose;
        this.skip = skip;
        this.poll = poll;
    }

    /** The expression's line and its children; a failure on the expression's own line is the command's error. */
    void print(String expression, ModelValue value) {
        String line;
        if (value.intrinsic()) {
            line = expression + " : " + value.summary(format);
        } else {
            line = expression + " ".repeat(NAME_WIDTH) + tail(value, value.help());
        }
        out.println(line);
        if (depth > 0) {
            children(value, 1, skip);
        }
        if (verbose) {
            for (Map.Entry<String, String> method : Methods.of(value, poll).entrySet()) {
                out.println(INDENT + Columns.pad(method.getKey(), NAME_WIDTH) + " [" + method.getValue() + "]");
            }
        }
    }

    private void children(ModelValue value, int level, long skipped) {
        boolean container = isContainer(value);
        long shown = 0;
        long index = 0;
        Iterator<Child> children = value.children(format).iterator();
        while (children.hasNext()) {
            poll.run();
            Child child = children.next();
            if (index++ < skipped) {
                continue;
            }
            if (container && shown == CONTAINER_LIMIT) {
                out.println(INDENT.repeat(level) + Columns.pad("[...]", NAME_WIDTH));
                return;
            }
            shown++;
            line(child, level);
        }
    }

    private void line(Child child, int level) {
        String name = INDENT.repeat(level) + child.prefix() + Columns.pad(child.name(), NAME_WIDTH);
        ModelValue value;
        String tail;
        try {
            value = child.value().get();
            tail = tail(value, child.help());
        } catch (MemoryAccessException e) {
            out.println(name + " : " + unreadable(e));
            return;
        } catch (ModelError e) {
            out.println(name + " : " + e.getMessage());
            return;
        }
        out.println(name + tail);
        if (level < depth) {
            try {
                children(value, level + 1, 0);
            } catch (MemoryAccessException e) {
                out.println(INDENT.repeat(level + 1) + unreadable(e));
            }
        }
    }

    /** What follows a name: the value, the link, the type, the help. */
    private String tail(ModelValue value, String helpText) {
        String summary = value.summary(format);
        StringBuilder tail = new StringBuilder();
        if (summary != null) {
            tail.append(" : ").append(summary);
        }
        if (value.switchable()) {
            tail.append(" [Switch To]");
        }
        if (value.typeName() != null) {
            tail.append(" [Type: ").append(value.typeName()).append(']');
        }
        if (help && helpText != null) {
            tail.append(" [").append(helpText).append(']');
        }
        return tail.toString();
    }

    static String unreadable(MemoryAccessException e) {
        return "Unable to read memory at Address 0x" + Long.toHexString(e.address());
    }

    static boolean isContainer(ModelValue value) {
        return value instanceof ModelCollection
                || value instanceof NativeValue n && n.type() instanceof dev.kdlab.types.ArrayType;
    }
}
