package dev.kdlab.memory;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SparseRam keeps a frame as the 64-byte chunks written so far, moving them as others arrive: what
 * it hands back must be exactly what a flat page written the same way holds, whatever the order.
 */
class SparseRamTest {
    private static final int FRAMES = 4;

    @Test
    void chunkedFramesReadBackWhatWasWrittenInAnyOrder() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 20; round++) {
            SparseRam ram = new SparseRam(FRAMES * 4096L);
            byte[] expected = new byte[FRAMES * 4096];
            for (int write = 0; write < 400; write++) {
                int size = new int[] {1, 2, 4, 8, 3, 16, 64, 100, 700}[random.nextInt(9)];
                int at = random.nextInt(expected.length - size);
                if (size <= 8 && random.nextBoolean()) {
                    long value = random.nextInt(4) == 0 ? 0 : random.nextLong();
                    ram.writeUnsigned(at, size, value);
                    LittleEndian.put(expected, at, size, value);
                } else {
                    byte[] bytes = new byte[size];
                    if (random.nextInt(4) != 0) {
                        random.nextBytes(bytes);
                    }
                    ram.write(at, bytes, 0, size);
                    System.arraycopy(bytes, 0, expected, at, size);
                }
                int probe = random.nextInt(expected.length - 8);
                assertThat(ram.readUnsigned(probe, 8)).isEqualTo(LittleEndian.getLong(expected, probe));
            }
            byte[] actual = new byte[expected.length];
            ram.read(0, actual, 0, actual.length);
            assertThat(Arrays.equals(actual, expected)).as("round %d", round).isTrue();
        }
    }

    /** Writing zeros where nothing was written stores nothing: the frame stays untouched. */
    @Test
    void zerosOnAnUntouchedFrameAllocateNothing() {
        SparseRam ram = new SparseRam(FRAMES * 4096L);
        ram.writeUnsigned(0x1008, 8, 0);
        ram.write(0x2000, new byte[64], 0, 64);
        assertThat(ram.touchedFrames()).isZero();
        ram.writeUnsigned(0x1008, 2, 0xbeef);
        assertThat(ram.touchedFrames()).isEqualTo(1);
        assertThat(ram.readUnsigned(0x1008, 2)).isEqualTo(0xbeef);
    }

    /**
     * A cached translation was built from non-zero entries only, so filling in a zero entry of a
     * walked table (mapping a new page) keeps the table generation; overwriting a used one bumps it,
     * by either write path.
     */
    @Test
    void onlyOverwritingAUsedEntryOfAWalkedTableChangesTheTableGeneration() {
        SparseRam ram = new SparseRam(FRAMES * 4096L);
        ram.writeLong(0x1000, 0x5003);
        ram.readTableEntry(0x1000);
        long generation = ram.tableGeneration();
        ram.writeLong(0x1008, 0x6003);
        ram.write(0x1010, new byte[] {3, 0x70, 0, 0, 0, 0, 0, 0}, 0, 8);
        assertThat(ram.tableGeneration()).isEqualTo(generation);
        ram.writeLong(0x1008, 0x7003);
        assertThat(ram.tableGeneration()).isEqualTo(generation + 1);
        ram.write(0x1000, new byte[8], 0, 8);
        assertThat(ram.tableGeneration()).isEqualTo(generation + 2);
        ram.writeLong(0x2000, 1);
        assertThat(ram.tableGeneration()).as("a frame no walk read").isEqualTo(generation + 2);
    }
}
