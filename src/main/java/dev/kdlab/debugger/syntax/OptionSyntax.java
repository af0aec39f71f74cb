package dev.kdlab.debugger.syntax;

import java.util.Optional;

/**
 * An option or keyword of a command as its synopsis writes it: {@code -b}, {@code /P}, {@code -y}
 * followed by a {@code Field}, lm's {@code m} followed by a {@code Pattern}, dt's {@code -a[N]}
 * with a number glued on.
 *
 * @param text  as typed: {@code -y}, {@code /p}, {@code v}
 * @param value the kind of the argument that follows it, if it takes one
 */
public record OptionSyntax(String text, Optional<ArgumentKind> value) {

    /** True for options written with a '-' or '/', false for lm-style bare keywords ({@code v}, {@code 1m}). */
    public boolean isSwitch() {
        return text.startsWith("-") || text.startsWith("/");
    }
}
