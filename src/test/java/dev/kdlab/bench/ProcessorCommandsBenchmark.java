package dev.kdlab.bench;

import dev.kdlab.debugger.Debugger;
import dev.kdlab.scenario.DefaultMachine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * How long the processor, target and PEB/TEB commands take on the default machine, each run as a
 * user types it (parse, read bytes through the page tables, format). Output is discarded.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProcessorCommandsBenchmark {
    @Param({"!pcr", "!prcb", "!cpuinfo", "vertarget", "!peb", "!teb", "x nt!*", "dps nt!KiProcessorBlock L4"})
    public String command;

    private Debugger debugger;

    @Setup
    public void boot() {
        debugger = new Debugger(DefaultMachine.boot(DefaultMachine.DEFAULT_SEED), new PrintStream(OutputStream.nullOutputStream()));
    }

    @Benchmark
    public boolean run() {
        return debugger.execute(command);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(ProcessorCommandsBenchmark.class.getSimpleName()).build()).run();
    }
}
