package dev.kdlab.bench;

import dev.kdlab.dump.ContextRecord;
import dev.kdlab.dump.CrashDump;
import dev.kdlab.dump.CrashDumpWriter;
import dev.kdlab.dump.DumpFacts;
import dev.kdlab.dump.WrittenDump;
import dev.kdlab.memory.SparseRam;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 13 targets: the writer streams at least 1 GB/s of page data (here 512 MiB of written
 * frames, one dump per operation: page data / time = throughput), and a 4 GiB dump opens in
 * under 200 ms (a sparse file, so only the headers are real).
 */
@State(Scope.Benchmark)
public class DumpBenchmark {
    private static final int PAGES = 128 * 1024;   // 512 MiB
    private Path folder;
    private SparseRam memory;
    private DumpFacts facts;
    private Path fourGigabytes;

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        folder = Files.createTempDirectory("kdlab-dump-bench");
        memory = new SparseRam(1L << 30);
        SplittableRandom random = new SplittableRandom(13);
        byte[] page = new byte[4096];
        for (long pfn = 0x100; pfn < 0x100 + PAGES; pfn++) {
            random.nextBytes(page);
            memory.write(pfn << 12, page, 0, page.length);
        }
        facts = new DumpFacts(19041, 0x1ad000, 0, 0, 0, 1, DumpFacts.MANUALLY_INITIATED_CRASH, new long[4], 0,
                ContextRecord.kernelStop(0, 0), 0, 0, "bench");
        Path template = folder.resolve("template.dmp");
        SparseRam onePage = new SparseRam(1L << 20);
        onePage.writeLong(0, 1);
        new CrashDumpWriter().write(onePage, facts, template, CrashDumpWriter.Layout.FITTING);
        byte[] header = Files.readAllBytes(template);
        long pages = 1L << 20;
        ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putInt(0x88, 1).putLong(0x90, pages).putLong(0x98, 0)
                .putLong(0xa0, pages).putLong(0xfa0, 0x2000 + pages * 4096);
        fourGigabytes = folder.resolve("4g.dmp");
        try (RandomAccessFile file = new RandomAccessFile(fourGigabytes.toFile(), "rw")) {
            file.setLength(0x2000 + pages * 4096);
            file.write(header, 0, 0x2000);
        }
    }

    /** Each dump is a new file, as a user's first dump is: replacing the last one would time its deletion too. */
    @TearDown(Level.Invocation)
    public void removeDump() throws IOException {
        Files.deleteIfExists(folder.resolve("bench.dmp"));
    }

    @TearDown(Level.Trial)
    public void clean() throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** One 512 MiB dump (DumpType 1, a single run). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 3)
    @Measurement(iterations = 3, time = 5)
    @Fork(value = 1, jvmArgsAppend = "-Xmx2g")
    public WrittenDump write512MiB() throws IOException {
        return new CrashDumpWriter().write(memory, facts, folder.resolve("bench.dmp"), CrashDumpWriter.Layout.FITTING);
    }

    /** The same pages as a bitmap dump. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 3)
    @Measurement(iterations = 3, time = 5)
    @Fork(value = 1, jvmArgsAppend = "-Xmx2g")
    public WrittenDump write512MiBBitmap() throws IOException {
        return new CrashDumpWriter().write(memory, facts, folder.resolve("bench.dmp"), CrashDumpWriter.Layout.BITMAP);
    }

    /** Opening a 4 GiB dump: the header, the run table, the mapping. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 2)
    @Fork(value = 1, jvmArgsAppend = "-Xmx2g")
    public CrashDump open4GiB() throws IOException {
        return CrashDump.open(fourGigabytes);
    }
}
