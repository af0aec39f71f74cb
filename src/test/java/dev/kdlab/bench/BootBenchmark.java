package dev.kdlab.bench;

import dev.kdlab.kernel.init.Kernel;
import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.scenario.ScaleMachine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Boot times (issue 5 targets): the default machine under 150 ms warm; the scale scenario
 * (10,000 processes, 100,000 threads) under 5 s (now in a 2 GiB heap, see below). Run with the command in README,
 * "Development".
 */
public class BootBenchmark {

    /** One boot of the default machine, averaged over warm iterations. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5, time = 2)
    @Measurement(iterations = 5, time = 2)
    @Fork(value = 1, jvmArgsAppend = "-Xmx1g")
    public Kernel defaultMachine() {
        return DefaultMachine.bootKernel(DefaultMachine.DEFAULT_SEED);
    }

    /**
     * The scale machine, each boot timed on its own. Since every process holds real handles and VADs
     * (issue 11) its memory keeps about 960 MB live, which no longer leaves a 1 GiB heap room to work:
     * it runs in 2 GiB.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 3)
    @Fork(value = 1, jvmArgsAppend = "-Xmx2g")
    public Kernel scaleMachine() {
        return ScaleMachine.bootKernel(DefaultMachine.DEFAULT_SEED);
    }
}
