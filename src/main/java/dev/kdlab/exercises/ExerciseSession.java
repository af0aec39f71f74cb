package dev.kdlab.exercises;

import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.CommandSpec;
import dev.kdlab.debugger.Debugger;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.syntax.ArgumentKind;
import dev.kdlab.scenario.LabMachine;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The exercise a debugger session is running, and the commands that drive it: {@code .exercise list |
 * start <id> [seed] | status | reset [all]}, {@code .hint}, {@code .answer <value>}, {@code .reveal}.
 * Starting an exercise boots its machine and switches the session to it; the checker derives the answer
 * from that machine's bytes at once, before the learner can edit them. The prompt shows the exercise.
 */
public final class ExerciseSession {
    private static final String INDENT = "  ";

    private final Debugger debugger;
    private final Supplier<Exercises> catalogSource;
    private Exercises catalog;
    private final ProgressStore store;
    private final LabBooter booter;
    private final long defaultSeed;
    private Running running;

    /** The exercise under way, and how many of its hints this session has shown. */
    private static final class Running {
        final Exercise exercise;
        final long seed;
        final Truth truth;
        final Grader grader;
        int hintsShown;

        Running(Exercise exercise, long seed, Truth truth, Grader grader) {
            this.exercise = exercise;
            this.seed = seed;
            this.truth = truth;
            this.grader = grader;
        }
    }

    private ExerciseSession(Debugger debugger, Supplier<Exercises> catalog, ProgressStore store, LabBooter booter,
                            long defaultSeed) {
        this.debugger = debugger;
        this.catalogSource = catalog;
        this.store = store;
        this.booter = booter;
        this.defaultSeed = defaultSeed;
    }

    /**
     * Adds the exercise commands to a debugger; the catalogue is read when first needed; exercises
     * started without a seed use {@code defaultSeed}.
     */
    public static ExerciseSession install(Debugger debugger, Supplier<Exercises> catalog, ProgressStore store, LabBooter booter,
                                          long defaultSeed) {
        ExerciseSession session = new ExerciseSession(debugger, catalog, store, booter, defaultSeed);
        debugger.register(CommandSpec.of(".exercise", ".exercise list | start ExerciseId [Seed] | status | reset [all]",
                "Practice exercises: list them, start one on its seeded machine, show or reset progress",
                session::exercise));
        debugger.register(CommandSpec.of(".hint", ".hint", "The running exercise's next hint (three, then .reveal)",
                session::hint));
        debugger.register(CommandSpec.of(".answer", ".answer Value",
                "Answer the running exercise (hex, 0x, 0n, backticks, names as WinDbg writes them)",
                session::answer));
        debugger.register(CommandSpec.of(".reveal", ".reveal",
                "After the last hint: the running exercise's answer and how it follows from the bytes",
                session::reveal));
        debugger.registry().registerWords(ArgumentKind.EXERCISE, () -> ids(catalog.get()));
        return session;
    }

    /** Every exercise's id with its title, in catalogue order: what Tab offers after {@code .exercise start}. */
    private static Map<String, String> ids(Exercises catalog) {
        Map<String, String> ids = new LinkedHashMap<>();
        catalog.all().forEach(exercise -> ids.put(exercise.id(), exercise.title()));
        return ids;
    }

    private void exercise(Invocation invocation) throws CommandException {
        String[] words = invocation.command().arguments().strip().split("\\s+");
        PrintStream out = invocation.out();
        switch (words[0]) {
            case "list" -> list(out);
            case "start" -> {
                if (words.length < 2 || words.length > 3) {
                    throw new CommandException("Usage: .exercise start <id> [seed]   (.exercise list shows the ids)");
                }
                start(words[1], words.length == 3 ? seed(words[2]) : defaultSeed, out);
            }
            case "status" -> status(out);
            case "reset" -> reset(words.length > 1 ? words[1] : null, out);
            default -> {
                out.println("Usage: .exercise list              the exercises by track, solved ones marked [x]");
                out.println("       .exercise start <id> [seed]  boot the exercise's machine, show its lesson and task");
                out.println("       .exercise status            the running exercise: task, hints, attempts");
                out.println("       .exercise reset [all]       forget the running exercise's progress and boot it "
                        + "again (all: every exercise's)");
                out.println("Then: .hint, .answer <value>, .reveal (after the third hint).");
            }
        }
    }

    private Exercises catalog() {
        if (catalog == null) {
            catalog = catalogSource.get();
        }
        return catalog;
    }

    private static long seed(String text) throws CommandException {
        Optional<Notation.Reading> seed = Notation.number(text, 10, name -> OptionalLong.empty());
        if (seed.isEmpty()) {
            throw new CommandException("The seed is a number: '" + text + "' is not one");
        }
        return seed.get().value();
    }

    /** {@code .exercise list}. */
    public void list(PrintStream out) {
        Map<String, Progress> progress = store.all(out::println);
        int solved = 0;
        for (Track track : Track.values()) {
            List<Exercise> exercises = catalog().of(track);
            if (exercises.isEmpty()) {
                continue;
            }
            out.println(track.title());
            for (Exercise exercise : exercises) {
                boolean done = progress.getOrDefault(exercise.id(), Progress.NONE).solved();
                solved += done ? 1 : 0;
                out.printf("%s[%s] %-28s L%d  %s%n", INDENT, done ? "x" : " ", exercise.id(), exercise.level(),
                        exercise.title());
            }
        }
        out.printf("%d of %d solved. Start one with .exercise start <id> [seed].%n", solved, catalog().all().size());
    }

    /** {@code .exercise start}: boots the machine, derives the truth, switches the session, prints lesson and task. */
    public void start(String id, long seed, PrintStream out) throws CommandException {
        Exercise exercise = catalog().find(id).orElseThrow(() -> new CommandException(
                "No exercise '" + id + "' (.exercise list shows them)"));
        LabMachine machine;
        Reads reads;
        Truth truth;
        try {
            machine = booter.boot(seed, exercise.anomaly());
            reads = new Reads(machine.target());
            truth = exercise.checker().derive(new Lab(reads, variant(exercise, seed), seed, machine.injection(),
                    () -> booter.boot(seed, exercise.anomaly()).target()));
        } catch (RuntimeException e) {
            throw new CommandException("Exercise " + exercise.id() + " cannot be set up on seed " + seed + ": "
                    + e.getMessage() + " (try another seed)");
        }
        Grader grader = new Grader(name -> symbol(reads, name));
        debugger.session().switchTarget(machine.target());
        debugger.session().setPromptLabel(exercise.id());
        running = new Running(exercise, seed, truth, grader);
        out.printf("Exercise %s (level %d, %s), seed %d: %s%n", exercise.id(), exercise.level(),
                exercise.track().title(), seed, exercise.title());
        out.println();
        out.println("Lesson");
        indent(out, truth.fill(exercise.lesson()));
        out.println();
        out.println("Task");
        indent(out, truth.fill(exercise.task()));
        out.println();
        out.println("Answer with .answer <value>; .hint gives a hint (three in all), .exercise status shows the task again.");
    }

    /** The seed's own stream for the checker's choices: the same exercise and seed choose the same subject. */
    static SplittableRandom variant(Exercise exercise, long seed) {
        return new SplittableRandom(seed * 0x9e37_79b9_7f4a_7c15L + exercise.id().hashCode());
    }

    private static OptionalLong symbol(Reads reads, String name) {
        try {
            return OptionalLong.of(reads.symbolQuietly(name.startsWith("nt!") ? name.substring(3) : name));
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private void status(PrintStream out) throws CommandException {
        Running now = current();
        Progress progress = store.of(now.exercise.id(), out::println);
        out.printf("Exercise %s, seed %d: %s%n", now.exercise.id(), now.seed, now.exercise.title());
        indent(out, now.truth.fill(now.exercise.task()));
        out.printf("Hints: %d of %d shown. Answers tried: %d. %s%n", now.hintsShown, Exercise.HINTS,
                progress.attempts(), progress.solved() ? "Solved." : "Not solved yet.");
    }

    private void reset(String what, PrintStream out) throws CommandException {
        if ("all".equals(what)) {
            store.reset(null, out::println);
            out.println("Progress of every exercise forgotten.");
            return;
        }
        if (what != null) {
            throw new CommandException("Usage: .exercise reset [all]");
        }
        Running now = current();
        store.reset(now.exercise.id(), out::println);
        out.println("Progress of " + now.exercise.id() + " forgotten; its machine boots again as it was.");
        start(now.exercise.id(), now.seed, out);
    }

    private void hint(Invocation invocation) throws CommandException {
        Running now = current();
        PrintStream out = invocation.out();
        int shown = now.hintsShown;
        if (shown == Exercise.HINTS) {
            out.println("That was the last hint. .reveal shows the answer and how it follows from the bytes.");
            return;
        }
        now.hintsShown = ++shown;
        out.printf("Hint %d of %d:%n", shown, Exercise.HINTS);
        indent(out, now.truth.fill(now.exercise.hints().get(shown - 1)));
        if (shown == Exercise.HINTS) {
            out.println("(No more hints: .reveal shows the answer.)");
        }
        Progress progress = store.of(now.exercise.id(), out::println);
        store.put(now.exercise.id(), progress.hinted(shown), out::println);
    }

    private void answer(Invocation invocation) throws CommandException {
        Running now = current();
        PrintStream out = invocation.out();
        String text = invocation.command().arguments().strip();
        if (text.isEmpty()) {
            throw new CommandException("Usage: .answer <value>");
        }
        Grader.Verdict verdict = now.grader.grade(now.truth, text);
        verdict.lines().forEach(out::println);
        Progress progress = store.of(now.exercise.id(), out::println);
        store.put(now.exercise.id(), progress.attempted(verdict.correct()), out::println);
        if (verdict.correct()) {
            out.println("Correct: " + now.truth.answer());
            out.println("How it follows from the bytes:");
            now.truth.derivation().forEach(line -> out.println(INDENT + line));
            out.println("(.exercise list shows what is next.)");
        } else if (now.hintsShown < Exercise.HINTS) {
            out.println("Try again, or take a hint with .hint.");
        }
    }

    private void reveal(Invocation invocation) throws CommandException {
        Running now = current();
        PrintStream out = invocation.out();
        if (now.hintsShown < Exercise.HINTS) {
            throw new CommandException(String.format("The answer is revealed after the last hint: %d of %d hints shown "
                    + "(.hint)", now.hintsShown, Exercise.HINTS));
        }
        out.println("Answer: " + now.truth.answer());
        indent(out, now.truth.fill(now.exercise.reveal()));
        out.println("How it follows from the bytes:");
        now.truth.derivation().forEach(line -> out.println(INDENT + line));
    }

    private Running current() throws CommandException {
        if (running == null) {
            throw new CommandException("No exercise is running: .exercise list shows them, .exercise start <id> starts one");
        }
        return running;
    }

    /** The running exercise's truth, for tests and the command line. */
    public Optional<Truth> truth() {
        return Optional.ofNullable(running).map(r -> r.truth);
    }

    private static void indent(PrintStream out, String text) {
        text.lines().forEach(line -> out.println(line.isEmpty() ? "" : INDENT + line));
    }
}
