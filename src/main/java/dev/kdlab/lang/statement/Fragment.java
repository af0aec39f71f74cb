package dev.kdlab.lang.statement;

/**
 * A piece of a command line kept as text: a block's commands (without the braces), a condition
 * (without its parentheses), a part of a {@code .for} head. {@code offset} is where the text starts
 * in the line it came from, so that an error inside it can be placed in the script it came from.
 */
public record Fragment(String text, int offset) {

    /** An absent part, such as the empty condition of {@code .for (;;)}. */
    public static Fragment empty(int offset) {
        return new Fragment("", offset);
    }

    public boolean isBlank() {
        return text.isBlank();
    }
}
