package dev.kdlab.exercises;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every exercise's reference solution, run against two seeds as a learner would: start the exercise, type
 * the solution's commands, take the value their output shows and answer with it. The answer must be
 * graded correct and show the derivation; each typical wrong answer of the solution must get its
 * near-miss message and no credit.
 */
class ExerciseSolutionsTest {
    @TempDir
    static Path data;

    @TestFactory
    Stream<DynamicTest> everySolutionIsGradedCorrectOnTwoSeeds() {
        return Exercises.catalog().all().stream().flatMap(exercise -> Arrays.stream(BootedLabs.SEEDS)
                .mapToObj(seed -> dynamicTest(exercise.id() + " seed " + seed, () -> solve(exercise, seed))));
    }

    private static void solve(Exercise exercise, long seed) {
        // a solution that creates a process gets machines of its own; the shared ones stay as booted
        SolutionRun run = exercise.track() == Track.CREATION
                ? new SolutionRun(seed, data, (s, anomaly) -> dev.kdlab.scenario.LabMachines.boot(s, anomaly))
                : new SolutionRun(seed, data);
        String started = run.run(".exercise start " + exercise.id() + " " + seed);
        assertThat(started).as(started).contains("Task").doesNotContain("cannot be set up");
        Truth truth = run.session.truth().orElseThrow();
        assertThat(started).doesNotContainPattern("\\{[a-z]+\\}");
        run.follow(SolutionRun.solution(exercise.id()), truth.parameters());
        assertThat(run.unmatched).as(run.transcript.toString()).isEmpty();
        assertThat(run.answer).as("the solution's $$ answer").isNotNull();

        String verdict = run.run(".answer " + run.answer);
        assertThat(verdict).as(run.transcript.toString()).contains("Correct: " + truth.answer())
                .contains("How it follows from the bytes:");

        List<SolutionRun.Miss> misses = run.misses.stream()
                .filter(miss -> !miss.answer().toLowerCase(Locale.ROOT).equals(run.answer.toLowerCase(Locale.ROOT)))
                .toList();
        assertThat(misses).as("a typical wrong answer in " + exercise.id() + ".kd").isNotEmpty();
        for (SolutionRun.Miss miss : misses) {
            String refused = run.run(".answer " + miss.answer());
            assertThat(refused).as(run.transcript.toString()).contains(miss.fragment()).doesNotContain("Correct");
        }
    }
}
