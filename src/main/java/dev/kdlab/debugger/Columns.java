package dev.kdlab.debugger;

/**
 * Left-justified columns without {@link String#format}: extension output prints thousands of
 * such lines ({@code !process 0 7}), and the formatter's parsing would dominate its time.
 */
public final class Columns {
    private Columns() {
    }

    /** The text followed by blanks up to {@code width} (the text whole when longer). */
    public static String pad(String text, int width) {
        if (text.length() >= width) {
            return text;
        }
        StringBuilder padded = new StringBuilder(width).append(text);
        while (padded.length() < width) {
            padded.append(' ');
        }
        return padded.toString();
    }

    public static String pad(long number, int width) {
        return pad(Long.toString(number), width);
    }

    /** A number in at least {@code digits} decimal digits, zero-filled (02, 003). */
    public static String zeros(long number, int digits) {
        String text = Long.toString(number);
        return text.length() >= digits ? text : "0".repeat(digits - text.length()) + text;
    }
}
