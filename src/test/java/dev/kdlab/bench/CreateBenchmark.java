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

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * {@code .create C:\Windows\System32\notepad.exe} warm, without breakpoints (target: under 5 ms): the
 * whole NtCreateUserProcess flow on its own thread, the trace recorded, and the new process printed as
 * {@code !process <addr> 0}. Every call adds a process to the machine; iterations are short so the
 * machine stays a desktop's size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class CreateBenchmark {
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private Debugger debugger;

    @Setup
    public void boot() {
        debugger = new Debugger(DefaultMachine.boot(DefaultMachine.DEFAULT_SEED),
                new PrintStream(output, false, StandardCharsets.UTF_8));
    }

    @Benchmark
    public int createNotepad() {
        output.reset();
        debugger.execute(".create C:\\Windows\\System32\\notepad.exe");
        return output.size();
    }
}
