package dev.kdlab.debugger.syntax;

/**
 * A positional argument of a command's synopsis: {@code Type} in {@code dt ... [module!]Type}.
 *
 * @param placeholder the word the synopsis uses ({@code Type}, {@code Address})
 * @param kind        what goes there
 * @param optional    written inside brackets
 * @param repeated    written with a trailing {@code ...}: it takes every following word
 */
public record Slot(String placeholder, ArgumentKind kind, boolean optional, boolean repeated) {
}
