package dev.kdlab.lang.alias;

import java.util.Arrays;

/**
 * A line after its aliases were replaced, with the way back: {@link #originalOffset(int)} maps a
 * position in the expanded text to where that text came from (the start of the alias reference for
 * text an alias put there), so a failing command can be placed in its script line.
 */
public final class ExpandedText {
    private final String text;
    private final int[] expandedStarts;
    private final int[] originalStarts;
    private final boolean[] replaced;

    ExpandedText(String text, int[] expandedStarts, int[] originalStarts, boolean[] replaced) {
        this.text = text;
        this.expandedStarts = expandedStarts;
        this.originalStarts = originalStarts;
        this.replaced = replaced;
    }

    /** A text in which nothing was replaced. */
    public static ExpandedText unchanged(String text) {
        return new ExpandedText(text, new int[] {0}, new int[] {0}, new boolean[] {false});
    }

    public String text() {
        return text;
    }

    /** True when no alias was replaced. */
    public boolean isUnchanged() {
        return expandedStarts.length == 1 && !replaced[0];
    }

    /** Where the character at {@code offset} of the expanded text came from in the original text. */
    public int originalOffset(int offset) {
        int segment = Arrays.binarySearch(expandedStarts, offset);
        if (segment < 0) {
            segment = -segment - 2;
        }
        segment = Math.max(0, segment);
        return replaced[segment] ? originalStarts[segment] : originalStarts[segment] + offset - expandedStarts[segment];
    }
}
