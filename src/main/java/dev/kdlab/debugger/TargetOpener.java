package dev.kdlab.debugger;

import dev.kdlab.target.Target;

import java.io.PrintStream;

/**
 * How a session opens a dump file ({@code .opendump}): the command line knows how to read a dump
 * and find its symbols; the debugger only swaps its target for the one it gets. What the user
 * should know about the dump (its symbols, say) is printed to {@code out}.
 */
@FunctionalInterface
public interface TargetOpener {

    Target open(String file, PrintStream out) throws CommandException;
}
