package dev.kdlab.bench;

import dev.kdlab.debugger.Debugger;
import dev.kdlab.scenario.DefaultMachine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Threads and stacks: {@code !process 0 7} over the whole default machine (target: under 100 ms),
 * one thread's {@code k} after {@code .thread}, and booting the default machine, which now includes
 * settling every thread into its wait (ThreadActivity).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StackBenchmark {
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private Debugger debugger;
    private String thread;

    @Setup
    public void boot() {
        debugger = new Debugger(DefaultMachine.boot(DefaultMachine.DEFAULT_SEED),
                new PrintStream(output, false, StandardCharsets.UTF_8));
        debugger.execute("!process 0 4 explorer.exe");
        String listing = output.toString(StandardCharsets.UTF_8);
        int at = listing.indexOf("THREAD ") + "THREAD ".length();
        thread = listing.substring(at, at + 16);
    }

    @Benchmark
    public int processZeroSeven() {
        output.reset();
        debugger.execute("!process 0 7");
        return output.size();
    }

    @Benchmark
    public int stackOfOneThread() {
        output.reset();
        debugger.execute(".thread " + thread);
        debugger.execute("kv");
        return output.size();
    }

    @Benchmark
    public Object bootDefaultMachine() {
        return DefaultMachine.bootKernel(DefaultMachine.DEFAULT_SEED);
    }

    /** Runs in-process; the README's {@code exec:exec} command forks JMH as usual. */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(StackBenchmark.class.getSimpleName()).build()).run();
    }
}
