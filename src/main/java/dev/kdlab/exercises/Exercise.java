package dev.kdlab.exercises;

import dev.kdlab.scenario.Anomaly;

import java.util.List;

/**
 * One exercise: its texts (from the track's resource file) and the machine and checker behind them.
 *
 * @param hints    three, from a nudge to nearly the answer
 * @param reveal   shown after the last hint by {@code .reveal}; {@code {answer}} is filled in
 */
public record Exercise(String id, Track track, int level, String title, String lesson, String task, List<String> hints,
                       String reveal, Anomaly anomaly, Checker checker) {
    public static final int HINTS = 3;
}
