package dev.kdlab.exercises;

import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * A known wrong answer and what it shows the learner misunderstood (exercises-curriculum.md, Part 2):
 * an object header for a body, a list entry for its structure, a fast reference with its count bits, a
 * PFN for a physical address, a value read in the wrong process context.
 *
 * @param part   which part of the answer it is about (0 for the first)
 * @param number when a number answer is this near-miss (null: not a number near-miss)
 * @param name   when a name answer is this near-miss (null: not a name near-miss)
 */
record NearMiss(int part, LongPredicate number, Predicate<String> name, String message) {
    static NearMiss number(int part, long value, String message) {
        return new NearMiss(part, v -> v == value, null, message);
    }

    static NearMiss name(int part, String wrong, String message) {
        String normal = Notation.name(wrong);
        return new NearMiss(part, null, answer -> Notation.name(answer).equals(normal), message);
    }
}
