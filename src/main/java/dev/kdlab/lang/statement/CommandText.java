package dev.kdlab.lang.statement;

/**
 * One command as typed: its name and the raw text of its arguments.
 *
 * @param name            lower case: {@code "dt"}, {@code "!process"}, {@code ".process"}, {@code "?"},
 *                        {@code "??"}, {@code "~"}, {@code "$$>a<"}
 * @param arguments       the text after the name, without leading or trailing blanks (may be empty)
 * @param argumentsColumn the index in the command text where the arguments start (where they would
 *                        start, at the end of the text, when there are none); for caret errors
 * @param writtenName     the name as typed: {@code aS} and {@code as} differ only in case
 */
public record CommandText(String name, String arguments, int argumentsColumn, String writtenName) {

    public CommandText(String name, String arguments, int argumentsColumn) {
        this(name, arguments, argumentsColumn, name);
    }

    /** True for extension commands ({@code !process}). */
    public boolean isExtension() {
        return name.startsWith("!");
    }

    /** True for meta-commands ({@code .process}). */
    public boolean isMeta() {
        return name.startsWith(".");
    }
}
