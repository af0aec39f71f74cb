package dev.kdlab.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Runs the dt and catalog benchmarks (README, "Development"): the same as {@code org.openjdk.jmh.Main} with their names. */
public final class DtBenchmarks {
    private DtBenchmarks() {
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder()
                .include(DtBenchmark.class.getName())
                .include(CatalogLoadBenchmark.class.getName())
                .build()).run();
    }
}
