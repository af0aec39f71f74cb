package dev.kdlab.bench;

import dev.kdlab.types.TypeCatalog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Issue 4's cold target: loading the whole 19041 catalog under 150 ms. Each fork is a fresh JVM whose single timed
 * call is the first use of {@link TypeCatalog#nt()}: reading the resource, parsing every type and loading the
 * types package's classes, all in the interpreter, as at kdlab's start-up.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(10)
public class CatalogLoadBenchmark {

    @Benchmark
    public int loadCatalogCold() {
        return TypeCatalog.nt().all().size();
    }
}
