package dev.kdlab.bench;

import dev.kdlab.memory.AddressSpace;
import dev.kdlab.memory.FrameAllocator;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.PageFaultException;
import dev.kdlab.memory.PageMapper;
import dev.kdlab.memory.PageWalker;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.SparseRam;
import dev.kdlab.memory.Pte;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The paging speed targets of issue 3, on one core: translations through the TLB for a working set
 * of 64 pages (>= 50 M/s), 4-level walks with no TLB (>= 10 M/s), and reading 1 MiB of contiguous
 * virtual memory (>= 1 GB/s; the score is reads of 1 MiB per second). Run it as README's
 * "Development" section says.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PagingBenchmark {
    private static final int WORKING_SET = 64;
    private static final int MIB_PAGES = 256;
    private static final long CR3 = 0x1ad000;
    private static final long BASE = 0x0000_02a0_4000_0000L;

    private PhysicalMemory memory;
    private AddressSpace space;
    private final long[] addresses = new long[WORKING_SET];
    private final byte[] buffer = new byte[MIB_PAGES * PhysicalMemory.PAGE_SIZE];

    @Setup
    public void mapMemory() throws MemoryAccessException {
        memory = new SparseRam(1L << 32);
        FrameAllocator frames = new FrameAllocator(memory, 19045);
        frames.claim(CR3 >>> 12);
        PageMapper mapper = new PageMapper(memory, frames);
        for (int page = 0; page < MIB_PAGES; page++) {
            mapper.map(CR3, BASE + (long) page * PhysicalMemory.PAGE_SIZE, frames.allocate(), Pte.USER_DATA);
        }
        space = new AddressSpace(memory, CR3);
        space.write(BASE, buffer, 0, buffer.length);   // every frame holds data, as a process's pages do
        for (int i = 0; i < WORKING_SET; i++) {
            addresses[i] = BASE + (long) i * PhysicalMemory.PAGE_SIZE + 8L * i;
        }
    }

    @Benchmark
    @OperationsPerInvocation(WORKING_SET)
    public long tlbTranslations() throws PageFaultException {
        long sum = 0;
        for (long va : addresses) {
            sum += space.translate(va);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(WORKING_SET)
    public long uncachedWalks() throws PageFaultException {
        long sum = 0;
        for (long va : addresses) {
            sum += PageWalker.translate(memory, CR3, va);
        }
        return sum;
    }

    @Benchmark
    public byte[] readOneMebibyte() throws MemoryAccessException {
        space.read(BASE, buffer, 0, buffer.length);
        return buffer;
    }

    /** Runs this benchmark alone (arguments, if any, go to JMH as on its command line). */
    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args.length > 0 ? args : new String[] {PagingBenchmark.class.getSimpleName()});
    }
}
