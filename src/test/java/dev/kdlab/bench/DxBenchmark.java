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

/**
 * dx over the scale machine's 10,000 processes and 100,000 threads (target: under a second): the first hundred of a
 * Select (what dx shows), the last hundred (every process passed over), a grid, a Where over every process's name,
 * and a Sum over every thread list. Output kept in memory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class DxBenchmark {
    private final ByteArrayOutputStream output = new ByteArrayOutputStream(4 << 20);
    private Debugger scale;

    @Setup(Level.Trial)
    public void boot() {
        scale = new Debugger(ScaleMachine.boot(DefaultMachine.DEFAULT_SEED),
                new PrintStream(output, false, StandardCharsets.UTF_8));
    }

    private int run(String line) {
        output.reset();
        if (!scale.execute(line)) {
            throw new IllegalStateException(output.toString(StandardCharsets.UTF_8));
        }
        return output.size();
    }

    @Benchmark
    public int selectNames() {
        return run("dx @$cursession.Processes.Select(p => p.Name)");
    }

    @Benchmark
    public int selectNamesOfTheLastHundred() {
        return run("dx -c 9950 @$cursession.Processes.Select(p => p.Name)");
    }

    @Benchmark
    public int gridOfNamesAndIds() {
        return run("dx -g @$cursession.Processes.Select(p => new { Name = p.Name, Id = p.Id })");
    }

    @Benchmark
    public int whereNameCount() {
        return run("dx @$cursession.Processes.Where(p => p.Name == \"notepad.exe\").Count()");
    }

    @Benchmark
    public int threadCountSum() {
        return run("dx @$cursession.Processes.Select(p => p.Threads.Count()).Sum()");
    }
}
