package dev.kdlab.cli;

import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Debugger;
import dev.kdlab.dump.DumpFormatException;
import dev.kdlab.dump.DumpType;
import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.scenario.DumpTargets;
import dev.kdlab.scenario.ScaleMachine;
import dev.kdlab.target.DumpTarget;
import dev.kdlab.target.Target;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Boots a machine (or opens a dump) and opens a debugger on it whose output goes to {@code out}. */
@FunctionalInterface
interface SessionFactory {

    CommandExecutor open(long seed, PrintStream out);

    SessionFactory DEFAULT_MACHINE = (seed, out) -> executor(DefaultMachine.boot(seed), out);

    /** --scenario scale: 10,000 processes and 100,000 threads, for measuring. */
    SessionFactory SCALE_MACHINE = (seed, out) -> executor(ScaleMachine.boot(seed), out);

    /** {@code -z FILE}: a debugger over a crash dump, after WinDbg's lines saying what was loaded. */
    static CommandExecutor openDump(Path file, PrintStream out) throws IOException {
        return executor(loadDump(file, out), out);
    }

    /** A debugger whose {@code .opendump} opens dumps as {@code -z} does. */
    static CommandExecutor executor(Target target, PrintStream out) {
        Debugger debugger = new Debugger(target, out);
        debugger.onOpenDump((file, output) -> {
            try {
                return loadDump(Path.of(file), output);
            } catch (IOException e) {
                throw new CommandException("Could not open dump file [" + file + "]: " + reason(e));
            }
        });
        return CommandExecutor.of(debugger);
    }

    private static Target loadDump(Path file, PrintStream out) throws IOException {
        DumpTargets.Opened opened = DumpTargets.open(file);
        DumpTarget target = opened.target();
        out.println();
        out.println("Loading Dump File [" + target.dump().file().toAbsolutePath().normalize() + "]");
        out.println(target.dump().header().type() == DumpType.FULL
                ? "Kernel Complete Dump File: Full address space is available"
                : "Kernel Bitmap Dump File: Full address space is available");
        out.println();
        opened.notes().forEach(out::println);
        return target;
    }

    /** Why a dump could not be opened, in one line. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof DumpFormatException) {
            return e.getMessage();
        }
        return ErrorLine.describe(e);
    }
}
