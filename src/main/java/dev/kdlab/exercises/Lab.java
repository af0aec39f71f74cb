package dev.kdlab.exercises;

import dev.kdlab.scenario.Injection;
import dev.kdlab.target.Target;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * What a checker gets: the reads of the exercise's machine, a random stream of its own for choosing the
 * task's subject (which process, which thread: the same seed chooses the same), for an anomaly lab the
 * injection record it must confirm by bytes, and {@code scratch}: another machine of the same seed, booted
 * on demand, for a checker that must run the kernel (a process creation) without touching the learner's.
 */
public record Lab(Reads reads, SplittableRandom variant, long seed, Optional<Injection> injection,
                  Supplier<Target> scratch) {
    /** One of the items, chosen by the seed. */
    public <T> T pick(List<T> items) {
        if (items.isEmpty()) {
            throw new IllegalStateException("nothing to choose from");
        }
        return items.get(variant.nextInt(items.size()));
    }

    public Injection injected() {
        return injection.orElseThrow(() -> new IllegalStateException("this lab's machine has no injection"));
    }
}
