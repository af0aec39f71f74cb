package dev.kdlab.dump;

import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.SparseRam;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/** Small machines and header facts for the dump tests: seeded, so every run writes the same bytes. */
final class DumpFixtures {
    static final long DTB = 0x1ad000;
    static final long KDBG = 0xfffff802_1ac00a60L;
    static final long LOADED_MODULES = 0xfffff802_1ac2a2b0L;
    static final long ACTIVE_PROCESSES = 0xfffff802_1ac1e5e0L;
    static final long PFN_DATABASE = 0xffffb400_00000000L;
    static final long SYSTEM_TIME = 0x01da_1b2c_3d4e_5f60L;
    static final long UP_TIME = 0x0000_0002_5a01_7c80L;

    private DumpFixtures() {
    }

    static DumpFacts facts() {
        return new DumpFacts(19041, DTB, PFN_DATABASE, LOADED_MODULES, ACTIVE_PROCESSES, 4,
                DumpFacts.MANUALLY_INITIATED_CRASH, new long[4], KDBG,
                ContextRecord.kernelStop(0xfffff802_1a5f5900L, 0xfffff802_1de6ec48L), SYSTEM_TIME, UP_TIME,
                "kdlab test dump");
    }

    /** {@code ram} bytes of RAM with every frame of {@code runs} ({start, count} pairs) filled with seeded bytes. */
    static SparseRam memory(long ram, long... runs) {
        SparseRam memory = new SparseRam(ram);
        SplittableRandom random = new SplittableRandom(runs.length);
        byte[] page = new byte[PhysicalMemory.PAGE_SIZE];
        for (int i = 0; i < runs.length; i += 2) {
            for (long pfn = runs[i]; pfn < runs[i] + runs[i + 1]; pfn++) {
                random.nextBytes(page);
                memory.write(pfn << 12, page, 0, page.length);
            }
        }
        return memory;
    }

    /** Memory with {@code count} frames written far enough apart that each is a run of its own. */
    static SparseRam scattered(long ram, int count) {
        long[] runs = new long[2 * count];
        for (int i = 0; i < count; i++) {
            runs[2 * i] = 0x100 + 3L * i;
            runs[2 * i + 1] = 1;
        }
        return memory(ram, runs);
    }

    static ByteBuffer little(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
