package dev.kdlab.exercises;

import dev.kdlab.scenario.Anomaly;
import dev.kdlab.scenario.Injection;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Each anomaly lab's ground truth: the injection record is what the lab's own solution commands find on
 * the lab's machine, and the same commands find nothing on the clean machine of the same seed.
 */
class AnomalyLabsTest {
    @TempDir
    static Path data;

    @TestFactory
    Stream<DynamicTest> injectedAnomalyIsVisibleAndAbsentOnTheCleanMachine() {
        return Exercises.catalog().all().stream().filter(e -> e.anomaly() != Anomaly.NONE)
                .flatMap(exercise -> Arrays.stream(BootedLabs.SEEDS)
                        .mapToObj(seed -> dynamicTest(exercise.id() + " seed " + seed, () -> check(exercise, seed))));
    }

    private static void check(Exercise exercise, long seed) {
        Injection injection = BootedLabs.SHARED.boot(seed, exercise.anomaly()).injection().orElseThrow();
        SolutionRun lab = new SolutionRun(seed, data);
        lab.run(".exercise start " + exercise.id() + " " + seed);
        Truth truth = lab.session.truth().orElseThrow();
        lab.follow(SolutionRun.solution(exercise.id()), truth.parameters());
        assertThat(lab.unmatched).as(lab.transcript.toString()).isEmpty();
        String[] parts = lab.answer.split("\\s+");
        switch (injection.anomaly()) {
            case HIDDEN_PROCESS -> {
                assertThat(parts[0]).isEqualToIgnoringCase(injection.imageName());
                assertThat(number(parts[1])).isEqualTo(injection.processId());
            }
            case STOLEN_TOKEN -> {
                assertThat(number(parts[0])).isEqualTo(injection.processId());
                assertThat(number(parts[1])).isEqualTo(injection.address());
            }
            case SPOOFED_PARENT -> assertThat(number(parts[0])).isEqualTo(injection.processId());
            case THREAD_OUTSIDE_MODULES -> assertThat(number(parts[1])).isEqualTo(injection.address());
            case HOLLOWED_PROCESS -> {
                assertThat(number(parts[0])).isEqualTo(injection.processId());
                assertThat(number(parts[1])).isEqualTo(injection.address());
            }
            case INJECTED_DLL -> assertThat(lab.transcript.toString()).containsPattern(
                    "(?i)" + Long.toHexString(injection.address() >>> 12) + "\\s+[0-9a-f]+\\s+\\d+ Mapped\\s+Exe\\s+\\S+\\s+\\S*"
                            + java.util.regex.Pattern.quote(parts[0]));
            case HOOKED_OBJECT_TYPE -> {
                assertThat(parts[0]).isEqualTo(injection.imageName());
                assertThat(number(parts[1])).isEqualTo(injection.address());
            }
            default -> throw new AssertionError(injection);
        }

        SolutionRun clean = new SolutionRun(seed, data);
        clean.follow(SolutionRun.solution(exercise.id()), truth.parameters());
        assertThat(clean.unmatched).as("the clean machine shows no anomaly:\n" + clean.transcript).isNotEmpty();
    }

    private static long number(String text) {
        return Notation.number(text, 16, name -> OptionalLong.empty()).orElseThrow().value();
    }
}
