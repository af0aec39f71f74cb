package dev.kdlab.bench;

import dev.kdlab.debugger.Debugger;
import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.scenario.ScaleMachine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** {@code !process 0 0} over the scale machine's 10,000 processes (target: under 300 ms), output kept in memory. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class ProcessListBenchmark {
    private final ByteArrayOutputStream output = new ByteArrayOutputStream(4 << 20);
    private Debugger scale;

    @Setup(Level.Trial)
    public void boot() {
        scale = new Debugger(ScaleMachine.boot(DefaultMachine.DEFAULT_SEED),
                new PrintStream(output, false, StandardCharsets.UTF_8));
    }

    @Benchmark
    public int processListOfTheScaleMachine() {
        output.reset();
        scale.execute("!process 0 0");
        return output.size();
    }
}
