package dev.kdlab.bench;

import dev.kdlab.debugger.Debugger;
import dev.kdlab.debugger.completion.Completer;
import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.scenario.ScaleMachine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * One Tab on the scale machine (10,000 processes, 100,000 threads; target: under 50 ms each; the machine
 * needs a 2 GiB heap, as BootBenchmark's scale boot does, since objects, handles and VADs came): a
 * command name, a type, a nested field, a symbol, every process (addresses with their image names),
 * image names, and the implicit process's threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class CompletionBenchmark {
    @Param({"!pe", "dt nt!_EPRO", "dt nt!_EPROCESS Pcb.Dir", "? nt!Ps", ".process ", "!process 0 0 note", ".thread "})
    public String line;

    private Completer completer;

    @Setup(Level.Trial)
    public void boot() {
        Debugger scale = new Debugger(ScaleMachine.boot(DefaultMachine.DEFAULT_SEED),
                new PrintStream(OutputStream.nullOutputStream()));
        completer = scale.completer();
    }

    @Benchmark
    public int tab() {
        return completer.complete(line, line.length()).candidates().size();
    }
}
