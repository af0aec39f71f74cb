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
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Issue 11's targets, warm, on the default machine, each as a user types it with the output
 * discarded: {@code !handle 0 3} over every process (about 27,000 handles with their object
 * blocks), and {@code !vad} for every process (its context set with {@code .process /p}); each
 * under 100 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class ObjectCommandsBenchmark {
    private Debugger debugger;
    private final List<String> processes = new ArrayList<>();

    @Setup
    public void boot() {
        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        Debugger lister = new Debugger(DefaultMachine.boot(DefaultMachine.DEFAULT_SEED),
                new PrintStream(listing, true, StandardCharsets.UTF_8));
        lister.execute("!process 0 0");
        for (String line : listing.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("PROCESS ")) {
                processes.add(line.substring(8).trim());
            }
        }
        debugger = new Debugger(lister.session().target(), new PrintStream(OutputStream.nullOutputStream()));
    }

    /** Every handle of every process with its object block. */
    @Benchmark
    public boolean handlesOfAllProcesses() {
        return debugger.execute("!handle 0 3 0");
    }

    /** The VAD table of every process, each in its own context. */
    @Benchmark
    public int vadOfEveryProcess() {
        int ok = 0;
        for (String process : processes) {
            debugger.execute(".process /p " + process);
            if (debugger.execute("!vad")) {
                ok++;
            }
        }
        return ok;
    }
}
