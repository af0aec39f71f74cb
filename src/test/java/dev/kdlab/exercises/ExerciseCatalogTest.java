package dev.kdlab.exercises;

import dev.kdlab.scenario.Anomaly;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalogue: every track's texts joined to a checker, three hints each, ids unique. */
class ExerciseCatalogTest {

    @Test
    void everyExerciseHasItsTextsAndAChecker() {
        List<Exercise> all = Exercises.catalog().all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(30);
        assertThat(all).extracting(Exercise::id).doesNotHaveDuplicates().allMatch(id -> id.matches("l[1-5]-[a-z0-9-]+"));
        for (Exercise exercise : all) {
            assertThat(exercise.hints()).as(exercise.id()).hasSize(3).allMatch(h -> !h.isBlank());
            assertThat(exercise.lesson()).as(exercise.id()).isNotBlank();
            assertThat(exercise.level()).as(exercise.id()).isEqualTo(exercise.id().charAt(1) - '0');
            assertThat(exercise.title()).as(exercise.id()).doesNotContain("{");
        }
        for (Track track : Track.values()) {
            assertThat(Exercises.catalog().of(track)).as(track.title()).isNotEmpty();
        }
        assertThat(Exercises.catalog().of(Track.ANOMALIES)).allMatch(e -> e.anomaly() != Anomaly.NONE);
    }

    @Test
    void aTextWithoutItsThirdHintIsRefused() {
        assertThatThrownBy(() -> ExerciseTexts.parse("t.txt", List.of("== l1-x", "title: X", "level: 1", "lesson: a",
                "task: b", "hint: 1", "hint: 2", "reveal: r"))).hasMessage("t.txt: l1-x has no hint");
    }
}
