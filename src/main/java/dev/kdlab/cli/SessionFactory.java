package dev.kdlab.cli;

import dev.kdlab.debugger.Debugger;
import dev.kdlab.dump.DumpFormatException;
import dev.kdlab.exercises.ExerciseSession;
import dev.kdlab.exercises.Exercises;
import dev.kdlab.exercises.ProgressStore;
import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.scenario.LabMachines;
import dev.kdlab.scenario.ScaleMachine;
import dev.kdlab.target.Target;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.concurrent.CompletionException;

/** Boots a machine (or opens a dump) and opens a debugger on it whose output goes to {@code out}. */
@FunctionalInterface
interface SessionFactory {

    CommandExecutor open(long seed, PrintStream out);

    SessionFactory DEFAULT_MACHINE = (seed, out) -> executor(Snapshots.machine("default", seed)
            .orElseGet(() -> DefaultMachine.boot(seed)), out, seed, () -> DefaultMachine.boot(seed));

    /**
     * --scenario scale: 10,000 processes and 100,000 threads, for measuring. Always booted: its
     * snapshot would be a 3.7 GB dump.
     */
    SessionFactory SCALE_MACHINE = (seed, out) -> executor(ScaleMachine.boot(seed), out);

    /** {@code -z FILE}: a debugger over a crash dump, after WinDbg's lines saying what was loaded. */
    static CommandExecutor openDump(Path file, PrintStream out) throws IOException {
        return executor(DumpOpening.load(file, out), out);
    }

    /**
     * A debugger whose {@code .opendump} opens dumps as {@code -z} does. It is built on another thread
     * while the caller goes on (an interactive prompt shows at once); the first command waits for it.
     */
    static CommandExecutor executor(Target target, PrintStream out) {
        return executor(target, out, DefaultMachine.DEFAULT_SEED, null);
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

    /**
     * As above; exercises started without a seed boot {@code exerciseSeed} (the session's {@code --seed}).
     *
     * @param runnable the booted machine a snapshot session switches to when .create or .kill runs its kernel, or null
     */
    static CommandExecutor executor(Target target, PrintStream out, long exerciseSeed,
                                    java.util.function.Supplier<Target> runnable) {
        CompletableFuture<Debugger> debugger = CompletableFuture.supplyAsync(() -> {
            Debugger built = new Debugger(target, out);
            if (runnable != null && target.processLab().isEmpty()) {
                built.session().onRunnableMachine(runnable);
            }
            ExerciseSession.install(built, Exercises::catalog, new ProgressStore(progressDirectory(), Clock.systemUTC()),
                    LabMachines::boot, exerciseSeed);
            built.onOpenDump(new DumpOpening());
            return built;
        });
        return new CommandExecutor() {
            private long maxSteps = -1;
            private final List<Consumer<Debugger>> pending = new ArrayList<>();

            @Override
            public boolean execute(String line, Consumer<String> echo) {
                return built().execute(line, echo);
            }

            @Override
            public boolean quitRequested() {
                return debugger.isDone() && built().quitRequested();
            }

            @Override
            public String prompt() {
                // on a dump the prompt depends on its processors (0: kd>): the debugger knows them
                return debugger.isDone() || !target.isLive() ? built().prompt() : Debugger.PROMPT;
            }

            @Override
            public void interrupt() {
                if (debugger.isDone()) {
                    built().interrupt();
                }
            }

            @Override
            public synchronized void limitSteps(long steps) {
                maxSteps = steps;
                if (debugger.isDone()) {
                    built().limits().setStepLimit(steps);
                }
            }

            @Override
            public void onClearScreen(Runnable clear) {
                withDebugger(built -> built.onClearScreen(clear));
            }

            /**
             * The action runs once: as soon as the debugger is built, and in any case before the first
             * command runs on it (a log opened by --html sees the first command).
             */
            @Override
            public void withDebugger(Consumer<Debugger> action) {
                synchronized (this) {
                    pending.add(action);
                }
                debugger.thenAccept(this::runPending);
            }

            private synchronized void runPending(Debugger built) {
                List<Consumer<Debugger>> actions = List.copyOf(pending);
                pending.clear();
                actions.forEach(action -> action.accept(built));
            }

            /** The debugger, once built, with what was asked of it before. */
            private synchronized Debugger built() {
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
                runPending(built);
                return built;
            }
        };
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
