package dev.kdlab.cli;

import dev.kdlab.debugger.Debugger;
import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.scenario.ScaleMachine;

import java.io.PrintStream;

/** Boots a machine and opens a debugger on it whose output goes to {@code out}. */
@FunctionalInterface
interface SessionFactory {

    CommandExecutor open(long seed, PrintStream out);

    SessionFactory DEFAULT_MACHINE =
            (seed, out) -> CommandExecutor.of(new Debugger(DefaultMachine.boot(seed), out));

    /** --scenario scale: 10,000 processes and 100,000 threads, for measuring. */
    SessionFactory SCALE_MACHINE =
            (seed, out) -> CommandExecutor.of(new Debugger(ScaleMachine.boot(seed), out));
}
