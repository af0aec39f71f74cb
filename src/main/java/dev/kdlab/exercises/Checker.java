package dev.kdlab.exercises;

/** Derives an exercise's task and answer from its machine's bytes. */
@FunctionalInterface
public interface Checker {
    Truth derive(Lab lab);
}
