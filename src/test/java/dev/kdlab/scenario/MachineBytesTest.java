package dev.kdlab.scenario;

import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.target.Target;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Same scenario + seed = same bytes. The digest covers every frame of physical memory that holds
 * something other than zeros (its number and its 4 KiB), so any change to what the kernel writes changes it. A change
 * that should not alter the machine (a refactoring) must leave it as it is; a change that alters
 * the machine on purpose updates it here, in the same commit.
 */
class MachineBytesTest {
    static final String DEFAULT_MACHINE_DIGEST = "23c32237684b05f8ce2ecf6ae667a1b424ca3d5141279464c062ccc1725c0a45";

    private static final byte[] ZERO_FRAME = new byte[PhysicalMemory.PAGE_SIZE];

    static String digest(Target target) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        PhysicalMemory physical = target.physical();
        byte[] frame = new byte[PhysicalMemory.PAGE_SIZE];
        byte[] number = new byte[8];
        for (long pfn = 0; pfn <= physical.highestPageFrameNumber(); pfn++) {
            if (!physical.isTouched(pfn)) {
                continue;
            }
            physical.read(pfn << PhysicalMemory.PAGE_SHIFT, frame, 0, frame.length);
            if (java.util.Arrays.equals(frame, ZERO_FRAME)) {
                continue;   // written with zeros only: the same as never written
            }
            for (int i = 0; i < 8; i++) {
                number[i] = (byte) (pfn >>> (8 * i));
            }
            sha.update(number);
            sha.update(frame);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void theDefaultMachineIsTheSameByteForByte() throws Exception {
        Target target = DefaultMachine.boot(DefaultMachine.DEFAULT_SEED);
        assertThat(digest(target)).isEqualTo(DEFAULT_MACHINE_DIGEST);
    }

    @Test
    void twoBootsOfOneSeedAreIdentical() throws Exception {
        assertThat(digest(DefaultMachine.boot(7))).isEqualTo(digest(DefaultMachine.boot(7)));
    }
}
