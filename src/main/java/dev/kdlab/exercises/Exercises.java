package dev.kdlab.exercises;

import dev.kdlab.exercises.checks.AnomalyChecks;
import dev.kdlab.exercises.checks.CreationChecks;
import dev.kdlab.exercises.checks.LoaderChecks;
import dev.kdlab.exercises.checks.ObjectChecks;
import dev.kdlab.exercises.checks.PagingChecks;
import dev.kdlab.exercises.checks.ProcessChecks;
import dev.kdlab.scenario.Anomaly;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every exercise: the texts of each track's resource file joined to the checker its track's checks class
 * defines for the same id. A text without a checker, or a checker without a text, fails at load.
 */
public final class Exercises {
    private static volatile Exercises catalog;

    private final List<Exercise> all;

    private Exercises(List<Exercise> all) {
        this.all = List.copyOf(all);
    }

    /** What a track's checks class defines: an id, the machine it needs, its checker. */
    public interface Definitions {
        void add(String id, Anomaly anomaly, Checker checker);
    }

    public static Exercises catalog() {
        Exercises loaded = catalog;
        if (loaded == null) {
            loaded = load();
            catalog = loaded;
        }
        return loaded;
    }

    private static Exercises load() {
        List<Exercise> all = new ArrayList<>();
        for (Track track : Track.values()) {
            Map<String, ExerciseTexts.Text> texts = ExerciseTexts.read(track);
            Map<String, Definition> definitions = new LinkedHashMap<>();
            Definitions add = (id, anomaly, checker) -> {
                if (definitions.put(id, new Definition(anomaly, checker)) != null) {
                    throw new IllegalStateException("exercise defined twice: " + id);
                }
            };
            switch (track) {
                case PROCESSES -> ProcessChecks.define(add);
                case PAGING -> PagingChecks.define(add);
                case LOADER -> LoaderChecks.define(add);
                case OBJECTS -> ObjectChecks.define(add);
                case CREATION -> CreationChecks.define(add);
                case ANOMALIES -> AnomalyChecks.define(add);
            }
            for (ExerciseTexts.Text text : texts.values()) {
                Definition definition = definitions.remove(text.id());
                if (definition == null) {
                    throw new IllegalStateException("exercise " + text.id() + " has a text but no checker");
                }
                all.add(new Exercise(text.id(), track, text.level(), text.title(), text.lesson(), text.task(),
                        text.hints(), text.reveal(), definition.anomaly(), definition.checker()));
            }
            if (!definitions.isEmpty()) {
                throw new IllegalStateException("exercises with a checker but no text: " + definitions.keySet());
            }
        }
        return new Exercises(all);
    }

    private record Definition(Anomaly anomaly, Checker checker) {
    }

    public List<Exercise> all() {
        return all;
    }

    public Optional<Exercise> find(String id) {
        return all.stream().filter(e -> e.id().equalsIgnoreCase(id)).findFirst();
    }

    public List<Exercise> of(Track track) {
        return all.stream().filter(e -> e.track() == track).toList();
    }
}
