package dev.kdlab.debugger.dx;

import dev.kdlab.debugger.Columns;
import dev.kdlab.memory.MemoryAccessException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dx -g}: the expression's elements as the rows of a grid, their properties (or fields) as its columns,
 * the first column their keys ({@code [0x4]}). A cell shows a value's summary, or its type when it has none. In a
 * terminal the grid is drawn with box-drawing characters; elsewhere (scripts, logs, tests) it is drawn as the
 * WinDbg console draws it, with {@code =} and {@code -}. {@code -gc N} cuts cells to N characters. Like the
 * tree display, it shows the first 100 elements, then a {@code [...]} row.
 */
final class GridPrinter {
    private final PrintStream out;
    private final Format format;
    private final boolean boxes;
    private final int cellWidth;
    private final long skip;
    private final Runnable poll;

    GridPrinter(PrintStream out, Format format, boolean boxes, int cellWidth, long skip, Runnable poll) {
        this.out = out;
        this.format = format;
        this.boxes = boxes;
        this.cellWidth = cellWidth;
        this.skip = skip;
        this.poll = poll;
    }

    void print(ModelValue value) {
        List<String> keys = new ArrayList<>();
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        boolean more = false;
        long index = 0;
        Iterator<Child> children = value.children(format).iterator();
        while (children.hasNext()) {
            poll.run();
            Child child = children.next();
            if (index++ < skip) {
                continue;
            }
            if (rows.size() == TreePrinter.CONTAINER_LIMIT) {
                more = true;
                break;
            }
            keys.add(child.prefix() + child.name());
            rows.add(cells(child, columns));
        }
        if (rows.isEmpty() && !TreePrinter.isContainer(value)) {
            rows.add(new LinkedHashMap<>(Map.of("", cell(value))));   // one value: a grid of one cell
            keys.add("");
            columns.add("");
        }
        draw(keys, rows, columns, more);
    }

    /** A row's cells by column: its children's values, or its own value under a column without a name. */
    private Map<String, String> cells(Child child, List<String> columns) {
        Map<String, String> cells = new LinkedHashMap<>();
        ModelValue row;
        try {
            row = child.value().get();
        } catch (MemoryAccessException e) {
            return one(columns, TreePrinter.unreadable(e));
        }
        boolean scalar = row.intrinsic() || row instanceof NativeValue n && n.isScalar();
        if (scalar || !row.children(format).iterator().hasNext()) {
            return one(columns, cell(row));
        }
        for (Child c : row.children(format)) {
            String name = c.name();
            if (!columns.contains(name)) {
                columns.add(name);
            }
            String text;
            try {
                text = cell(c.value().get());
            } catch (MemoryAccessException e) {
                text = TreePrinter.unreadable(e);
            } catch (ModelError e) {
                text = e.getMessage();
            }
            cells.put(name, text);
        }
        return cells;
    }

    private static Map<String, String> one(List<String> columns, String text) {
        if (!columns.contains("")) {
            columns.add(0, "");
        }
        Map<String, String> cells = new LinkedHashMap<>();
        cells.put("", text);
        return cells;
    }

    private String cell(ModelValue value) {
        try {
            String summary = value.summary(format);
            if (summary != null) {
                return summary;
            }
            return value.typeName() == null ? "" : "[Type: " + value.typeName() + "]";
        } catch (MemoryAccessException e) {
            return TreePrinter.unreadable(e);
        }
    }

    private void draw(List<String> keys, List<Map<String, String>> rows, List<String> columns, boolean more) {
        int keyWidth = 0;
        for (String key : keys) {
            keyWidth = Math.max(keyWidth, key.length());
        }
        if (more) {
            keyWidth = Math.max(keyWidth, "[...]".length());
        }
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = cut(columns.get(c)).length();
            for (Map<String, String> row : rows) {
                widths[c] = Math.max(widths[c], cut(row.getOrDefault(columns.get(c), "")).length());
            }
        }
        List<String> header = new ArrayList<>();
        header.add(Columns.pad("", keyWidth));
        for (int c = 0; c < columns.size(); c++) {
            header.add(Columns.pad(cut(columns.get(c)), widths[c]));
        }
        rule(keyWidth, widths, boxes ? "┌─┬┐" : "====");
        row(header, boxes ? "│" : "=", boxes ? "│" : "=");
        rule(keyWidth, widths, boxes ? "├─┼┤" : "====");
        for (int r = 0; r < rows.size(); r++) {
            List<String> cells = new ArrayList<>();
            cells.add(Columns.pad(keys.get(r), keyWidth));
            for (int c = 0; c < columns.size(); c++) {
                cells.add(Columns.pad(cut(rows.get(r).getOrDefault(columns.get(c), "")), widths[c]));
            }
            row(cells, boxes ? "│" : "=", boxes ? "│" : "-");
        }
        if (more) {
            List<String> cells = new ArrayList<>();
            cells.add(Columns.pad("[...]", keyWidth));
            for (int width : widths) {
                cells.add(Columns.pad("", width));
            }
            row(cells, boxes ? "│" : "=", boxes ? "│" : "-");
        }
        rule(keyWidth, widths, boxes ? "└─┴┘" : "====");
    }

    /** A cell's text, cut to -gc's width. */
    private String cut(String text) {
        return cellWidth > 0 && text.length() > cellWidth ? text.substring(0, cellWidth) : text;
    }

    /** A row: the outer border, then each cell between blanks, separated by {@code inner}. */
    private void row(List<String> cells, String outer, String inner) {
        StringBuilder line = new StringBuilder(outer);
        for (int i = 0; i < cells.size(); i++) {
            line.append(' ').append(cells.get(i)).append(' ').append(i == cells.size() - 1 ? outer : inner);
        }
        out.println(line);
    }

    /** A horizontal rule; {@code parts} is left corner, line, crossing, right corner. */
    private void rule(int keyWidth, int[] widths, String parts) {
        StringBuilder line = new StringBuilder().append(parts.charAt(0));
        line.append(String.valueOf(parts.charAt(1)).repeat(keyWidth + 2));
        for (int width : widths) {
            line.append(parts.charAt(2)).append(String.valueOf(parts.charAt(1)).repeat(width + 2));
        }
        out.println(line.append(parts.charAt(3)));
    }
}
