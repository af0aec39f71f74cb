package dev.kdlab.cli;

import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Debugger;
import dev.kdlab.dump.DumpFormatException;
import dev.kdlab.dump.DumpType;
import dev.kdlab.exercises.ExerciseSession;
import dev.kdlab.exercises.Exercises;
import dev.kdlab.exercises.ProgressStore;
import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.scenario.DumpTargets;
import dev.kdlab.scenario.LabMachines;
import dev.kdlab.scenario.ScaleMachine;
import dev.kdlab.target.DumpTarget;
import dev.kdlab.target.Target;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.concurrent.CompletionException;

/** Boots a machine (or opens a dump) and opens a debugger on it whose output goes to {@code out}. */
@FunctionalInterface
interface SessionFactory {

    CommandExecutor open(long seed, PrintStream out);

    SessionFactory DEFAULT_MACHINE = (seed, out) -> executor(Snapshots.machine("default", seed)
            .orElseGet(() -> DefaultMachine.boot(seed)), out, seed);

    /**
     * --scenario scale: 10,000 processes and 100,000 threads, for measuring. Always booted: its
     * snapshot would be a 3.7 GB dump.
     */
    SessionFactory SCALE_MACHINE = (seed, out) -> executor(ScaleMachine.boot(seed), out);

    /** {@code -z FILE}: a debugger over a crash dump, after WinDbg's lines saying what was loaded. */
    static CommandExecutor openDump(Path file, PrintStream out) throws IOException {
        return executor(loadDump(file, out), out);
    }

    /**
     * A debugger whose {@code .opendump} opens dumps as {@code -z} does. It is built on another thread
     * while the caller goes on (an interactive prompt shows at once); the first command waits for it.
     */
    static CommandExecutor executor(Target target, PrintStream out) {
        return executor(target, out, DefaultMachine.DEFAULT_SEED);
    }

    /**
     * The progress file's folder: {@code -Dkdlab.data=DIR} when given (tests), else the XDG data
     * directory ({@code $XDG_DATA_HOME/kdlab} or {@code ~/.local/share/kdlab}).
     */
    static Path progressDirectory() {
        String configured = System.getProperty("kdlab.data");
        return configured != null ? Path.of(configured)
                : ProgressStore.defaultDirectory(System.getenv(), System.getProperty("user.home"));
    }

    /** As above; exercises started without a seed boot {@code exerciseSeed} (the session's {@code --seed}). */
    static CommandExecutor executor(Target target, PrintStream out, long exerciseSeed) {
        CompletableFuture<Debugger> debugger = CompletableFuture.supplyAsync(() -> {
            Debugger built = new Debugger(target, out);
            ExerciseSession.install(built, Exercises::catalog, new ProgressStore(progressDirectory(), Clock.systemUTC()),
                    LabMachines::boot, exerciseSeed);
            built.onOpenDump((file, output) -> {
                try {
                    return loadDump(Path.of(file), output);
                } catch (IOException e) {
                    throw new CommandException("Could not open dump file [" + file + "]: " + reason(e));
                }
            });
            return built;
        });
        return new CommandExecutor() {
            private long maxSteps = -1;

            @Override
            public boolean execute(String line, Consumer<String> echo) {
                return debugger().execute(line, echo);
            }

            @Override
            public boolean quitRequested() {
                return debugger.isDone() && debugger().quitRequested();
            }

            @Override
            public String prompt() {
                return debugger.isDone() ? debugger().prompt() : target.isLive() ? Debugger.PROMPT : "kd> ";
            }

            @Override
            public void interrupt() {
                if (debugger.isDone()) {
                    debugger().interrupt();
                }
            }

            @Override
            public synchronized void limitSteps(long steps) {
                maxSteps = steps;
                if (debugger.isDone()) {
                    debugger().limits().setStepLimit(steps);
                }
            }

            @Override
            public void onClearScreen(Runnable clear) {
                debugger.thenAccept(built -> built.onClearScreen(clear));
            }

            /** The debugger, once built, with what was asked of it before. */
            private synchronized Debugger debugger() {
                Debugger built;
                try {
                    built = debugger.join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException cause ? cause : e;
                }
                if (maxSteps >= 0) {
                    built.limits().setStepLimit(maxSteps);
                    maxSteps = -1;
                }
                return built;
            }
        };
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
