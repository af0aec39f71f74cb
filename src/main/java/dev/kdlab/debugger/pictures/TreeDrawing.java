package dev.kdlab.debugger.pictures;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a tree as text, one node a line with its detail lines under it, children joined to their
 * parent by branch lines: the process tree of {@code !kdlab.pstree} and the page walk of
 * {@code !walk} (a chain, each level the only child of the one above).
 */
public final class TreeDrawing {
    private final Glyphs glyphs;
    private final PrintStream out;

    public TreeDrawing(Glyphs glyphs, PrintStream out) {
        this.glyphs = glyphs;
        this.out = out;
    }

    /** A node: its line, lines that belong to it (drawn under it, indented with its children), its children. */
    public record Node(String line, List<String> details, List<Node> children) {
        public Node(String line) {
            this(line, new ArrayList<>(), new ArrayList<>());
        }

        public Node detail(String text) {
            details.add(text);
            return this;
        }

        public Node child(Node node) {
            children.add(node);
            return node;
        }
    }

    /** A root node flush left, its children below it. */
    public void root(Node node) {
        out.println(node.line());
        draw(node, "");
    }

    /** Nodes drawn as the children of an invisible root: each starts with a branch. */
    public void children(List<Node> nodes, String indent) {
        for (int i = 0; i < nodes.size(); i++) {
            boolean last = i == nodes.size() - 1;
            Node node = nodes.get(i);
            out.println(indent + (last ? glyphs.last() : glyphs.branch()) + node.line());
            draw(node, indent + (last ? glyphs.past() : glyphs.through()));
        }
    }

    private void draw(Node node, String indent) {
        for (String detail : node.details()) {
            out.println(indent + detail);
        }
        children(node.children(), indent);
    }
}
