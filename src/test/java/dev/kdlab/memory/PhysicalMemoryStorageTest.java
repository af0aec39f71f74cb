package dev.kdlab.memory;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The compact frame storage reads back exactly what was written, whatever its internal form. */
class PhysicalMemoryStorageTest {

    @Test
    void randomWritesReadBackLikeAFlatArray() {
        SparseRam memory = new SparseRam(1 << 20);
        byte[] reference = new byte[1 << 20];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            int at = random.nextInt(reference.length - 300);
            byte[] data = new byte[random.nextInt(1, i % 50 == 0 ? 300 : 12)];
            if (random.nextInt(4) != 0) {
                random.nextBytes(data);
            }
            memory.write(at, data, 0, data.length);
            System.arraycopy(data, 0, reference, at, data.length);
            if (i % 97 == 0) {
                int from = random.nextInt(reference.length - 9000);
                byte[] read = new byte[9000];
                memory.read(from, read, 0, read.length);
                for (int j = 0; j < read.length; j++) {
                    assertThat(read[j]).as("byte %x", from + j).isEqualTo(reference[from + j]);
                }
                long aligned = from & -8L;
                assertThat(memory.readLong(aligned)).isEqualTo(LittleEndian.getLong(reference, (int) aligned));
            }
        }
        byte[] all = new byte[reference.length];
        memory.read(0, all, 0, all.length);
        assertThat(all).isEqualTo(reference);
    }

    @Test
    void zerosWrittenToAnUntouchedFrameCostNothing() {
        SparseRam memory = new SparseRam(1 << 20);
        memory.write(0x3000, new byte[4096], 0, 4096);
        assertThat(memory.touchedFrames()).isZero();
        assertThat(memory.isTouched(3)).isFalse();
        memory.writeLong(0x3008, 0x1122334455667788L);
        assertThat(memory.isTouched(3)).isTrue();
        assertThat(memory.readLong(0x3008)).isEqualTo(0x1122334455667788L);
        assertThat(memory.readLong(0x3010)).isZero();
        byte[] page = new byte[4096];
        java.util.Arrays.fill(page, (byte) 0x5a);
        memory.write(0x3000, page, 0, page.length);
        assertThat(memory.frame(3)).isEqualTo(page);
        assertThat(memory.touchedFrames()).isEqualTo(1);
    }
}
