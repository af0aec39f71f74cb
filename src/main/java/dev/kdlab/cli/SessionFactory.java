package dev.kdlab.cli;

import dev.kdlab.debugger.Debugger;
import dev.kdlab.scenario.DefaultMachine;

import java.io.PrintStream;

/** Boots a machine and opens a debugger on it whose output goes to {@code out}. */
@FunctionalInterface
interface SessionFactory {

    CommandExecutor open(long seed, PrintStream out);

    SessionFactory DEFAULT_MACHINE =
            (seed, out) -> CommandExecutor.of(new Debugger(DefaultMachine.boot(seed), out));
}
