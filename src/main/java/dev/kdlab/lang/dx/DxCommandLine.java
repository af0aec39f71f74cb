package dev.kdlab.lang.dx;

import java.util.List;

/**
 * A dx command's arguments as read by {@link DxParsing}: its options, its expression (a parse tree of
 * grammar/dev/kdlab/lang/DxParser.g4, null when only options were given) with the text it was written as (its
 * format specifier included, as dx echoes it), and
 * the format specifier after the expression's comma ({@code x}, {@code d}), or null.
 *
 * <p>Options (Microsoft Learn, debuggercmds/dx--display-visualizer-variables-): {@code -r[N]} recursion
 * ({@link #recursion()} is -1 when not given: one level), {@code -g} a grid, {@code -gc N} its cell width,
 * {@code -c N} skip N elements of a container, {@code -h} help text, {@code -v} verbose (methods too),
 * {@code -n} native structures only (no visualizers), {@code -id a,b,c} the session, process and thread the
 * expression is evaluated in, {@code -?} usage.
 */
public record DxCommandLine(int recursion, boolean grid, int gridCellWidth, long containerSkip, boolean help,
                            boolean verbose, boolean nativeOnly, boolean usage, List<String> ids,
                            DxParser.ExprContext expression, String expressionText, String format) {
}
