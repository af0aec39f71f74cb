package dev.kdlab.dump;

import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.SparseRam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The writer's output, byte for byte against crashdump-format.md 2-4, and what a failed write leaves (nothing). */
class CrashDumpWriterTest {
    @TempDir
    Path folder;

    @Test
    void fewRunsMakeAFullDumpWithEveryHeaderFieldWhereTheSpecPutsIt() throws IOException {
        SparseRam memory = DumpFixtures.memory(64L << 20, 0x100, 3, 0x200, 1, 0x3fff, 1);
        WrittenDump written = new CrashDumpWriter().write(memory, DumpFixtures.facts(), folder.resolve("full.dmp"),
                CrashDumpWriter.Layout.FITTING);

        byte[] file = Files.readAllBytes(folder.resolve("full.dmp"));
        ByteBuffer h = DumpFixtures.little(file);
        assertThat(written.type()).isEqualTo(DumpType.FULL);
        assertThat(written.runs()).isEqualTo(3);
        assertThat(file.length).isEqualTo(0x2000 + 5 * 0x1000).isEqualTo((int) written.fileSize());
        assertThat(new String(file, 0, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PAGEDU64");
        assertThat(h.getInt(0x8)).isEqualTo(0xf);
        assertThat(h.getInt(0xc)).isEqualTo(19041);
        assertThat(h.getLong(0x10)).isEqualTo(DumpFixtures.DTB);
        assertThat(h.getLong(0x18)).isEqualTo(DumpFixtures.PFN_DATABASE);
        assertThat(h.getLong(0x20)).isEqualTo(DumpFixtures.LOADED_MODULES);
        assertThat(h.getLong(0x28)).isEqualTo(DumpFixtures.ACTIVE_PROCESSES);
        assertThat(h.getInt(0x30)).isEqualTo(0x8664);
        assertThat(h.getInt(0x34)).isEqualTo(4);
        assertThat(h.getInt(0x38)).isEqualTo(0xe2);
        assertThat(h.getInt(0x3c)).isZero();
        assertThat(Arrays.copyOfRange(file, 0x40, 0x80)).containsOnly(0);   // parameters, VersionUser
        assertThat(h.getLong(0x80)).isEqualTo(DumpFixtures.KDBG);
        assertThat(h.getInt(0x88)).isEqualTo(3);
        assertThat(h.getInt(0x8c)).isZero();
        assertThat(h.getLong(0x90)).isEqualTo(5);
        assertThat(new long[] {h.getLong(0x98), h.getLong(0xa0), h.getLong(0xa8), h.getLong(0xb0), h.getLong(0xb8),
                h.getLong(0xc0)}).containsExactly(0x100, 3, 0x200, 1, 0x3fff, 1);
        assertThat(Arrays.copyOfRange(file, 0xc8, 0x348)).containsOnly(0);   // the rest of the union
        assertThat(h.getInt(0x378)).isEqualTo(0x10001f);
        assertThat(h.getInt(0x37c)).isEqualTo(0x1f80).isEqualTo(h.getInt(0x460));   // kdmp-parser's MxCsr check
        assertThat(h.getShort(0x380)).isEqualTo((short) 0x10);
        assertThat(h.getShort(0x38a)).isEqualTo((short) 0x18);
        assertThat(h.getLong(0x440)).isEqualTo(0xfffff802_1a5f5900L);
        assertThat(Arrays.copyOfRange(file, 0x818, 0xf98)).containsOnly(0);   // context tail, exception record
        assertThat(h.getInt(0xf98)).isEqualTo(1);
        assertThat(h.getInt(0xf9c)).isZero();
        assertThat(h.getLong(0xfa0)).isEqualTo(file.length);
        assertThat(h.getLong(0xfa8)).isEqualTo(DumpFixtures.SYSTEM_TIME);
        assertThat(new String(file, 0xfb0, 16, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("kdlab test dump\0");
        assertThat(Arrays.copyOfRange(file, 0xfb0 + 15, 0x1030)).containsOnly(0);
        assertThat(h.getLong(0x1030)).isEqualTo(DumpFixtures.UP_TIME);
        assertThat(new int[] {h.getInt(0x1038), h.getInt(0x103c), h.getInt(0x1040), h.getInt(0x1044), h.getInt(0x1048)})
                .containsExactly(0, 0, 1, 0x110, 0);
        assertThat(new byte[] {file[0x104c], file[0x104d], file[0x104e], file[0x104f]}).containsExactly(0, 2, 0, 0);
        assertThat(h.getLong(0x1050)).isZero();   // Attributes, BootId
        for (int at = 0x1058; at < 0x2000; at += 4) {
            assertThat(h.getInt(at)).as("reserved dword at %x", at).isEqualTo(0x45474150);
        }
        // pages in run order: run 0's three, then 0x200, then 0x3fff
        long[] order = {0x100, 0x101, 0x102, 0x200, 0x3fff};
        for (int i = 0; i < order.length; i++) {
            assertThat(Arrays.copyOfRange(file, 0x2000 + 0x1000 * i, 0x3000 + 0x1000 * i)).isEqualTo(memory.frame(order[i]));
        }
    }

    @Test
    void moreThanFortyTwoRunsMakeABitmapDump() throws IOException {
        SparseRam memory = DumpFixtures.scattered(64L << 20, 43);
        WrittenDump written = new CrashDumpWriter().write(memory, DumpFixtures.facts(), folder.resolve("bitmap.dmp"),
                CrashDumpWriter.Layout.FITTING);

        byte[] file = Files.readAllBytes(folder.resolve("bitmap.dmp"));
        ByteBuffer h = DumpFixtures.little(file);
        long bits = (64L << 20) / 0x1000;   // 0x4000 frames, already a multiple of 64
        long firstPage = (0x2038 + bits / 8 + 0xfff) & -0x1000L;
        assertThat(written.type()).isEqualTo(DumpType.BITMAP);
        assertThat(h.getInt(0xf98)).isEqualTo(5);
        assertThat(h.getInt(0x88)).isEqualTo(1);   // the descriptor keeps describing RAM
        assertThat(new long[] {h.getLong(0x90), h.getLong(0x98), h.getLong(0xa0)}).containsExactly(bits, 0, bits);
        assertThat(new String(file, 0x2000, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("FDMPDUMP");
        assertThat(h.getInt(0x2008)).isZero();
        assertThat(h.getLong(0x2020)).isEqualTo(firstPage);
        assertThat(h.getLong(0x2028)).isEqualTo(43);
        assertThat(h.getLong(0x2030)).isEqualTo(bits);
        assertThat(file[0x2038 + 0x100 / 8]).isEqualTo((byte) 0b0100_1001);   // frames 0x100, 0x103, 0x106
        assertThat(h.getLong(0xfa0)).isEqualTo(file.length).isEqualTo(firstPage + 43 * 0x1000);
        assertThat(Arrays.copyOfRange(file, (int) firstPage + 0x1000, (int) firstPage + 0x2000))
                .isEqualTo(memory.frame(0x103));
    }

    @Test
    void theBitmapFormCanBeAskedForWhenRunsWouldFit() throws IOException {
        SparseRam memory = DumpFixtures.memory(1L << 20, 0x10, 2);
        WrittenDump written = new CrashDumpWriter().write(memory, DumpFixtures.facts(), folder.resolve("ka.dmp"),
                CrashDumpWriter.Layout.BITMAP);
        assertThat(written.type()).isEqualTo(DumpType.BITMAP);
        assertThat(written.pages()).isEqualTo(2);
    }

    @Test
    void aFullDiskLeavesNeitherADumpNorItsTemporaryFileAndKeepsTheOldDump() throws IOException {
        Path target = folder.resolve("machine.dmp");
        Files.writeString(target, "an older dump");
        CrashDumpWriter writer = new CrashDumpWriter(file -> new FillingChannel(
                FileChannel.open(file, StandardOpenOption.WRITE), 0x3000));

        assertThatThrownBy(() -> writer.write(DumpFixtures.memory(1L << 20, 0x10, 8), DumpFixtures.facts(), target,
                CrashDumpWriter.Layout.FITTING))
                .isInstanceOf(DumpWriteException.class)
                .hasMessage("cannot write " + target + ": the disk is full (no space left on device); nothing was written");
        assertThat(Files.readString(target)).isEqualTo("an older dump");
        try (Stream<Path> left = Files.list(folder)) {
            assertThat(left).containsExactly(target);
        }
    }

    @Test
    void aFolderThatRefusesTheFileSaysSo() {
        Path target = folder.resolve("machine.dmp");
        CrashDumpWriter writer = new CrashDumpWriter(file -> {
            throw new AccessDeniedException(file.toString());
        });
        assertThatThrownBy(() -> writer.write(DumpFixtures.memory(1L << 20, 0x10, 1), DumpFixtures.facts(), target,
                CrashDumpWriter.Layout.FITTING))
                .hasMessage("cannot write " + target + ": permission denied (is the folder read-only?); nothing was written");
        assertThat(folder.toFile().list()).isEmpty();
    }

    @Test
    void aReadOnlyFolderOnDisk() throws IOException {
        Path readOnly = Files.createDirectory(folder.resolve("ro"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(readOnly), "the user can write anywhere (root): the seam test covers this");
            Path target = readOnly.resolve("machine.dmp");
            assertThatThrownBy(() -> new CrashDumpWriter().write(DumpFixtures.memory(1L << 20, 0x10, 1),
                    DumpFixtures.facts(), target, CrashDumpWriter.Layout.FITTING))
                    .hasMessageContaining("permission denied");
            assertThat(readOnly.toFile().list()).isEmpty();
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void emptyMemoryIsRefused() {
        assertThatThrownBy(() -> new CrashDumpWriter().write(new SparseRam(1L << 20), DumpFixtures.facts(),
                folder.resolve("empty.dmp"), CrashDumpWriter.Layout.FITTING))
                .hasMessage("physical memory holds no pages to dump");
        assertThat(folder.toFile().list()).isEmpty();
    }

    @Test
    void aDumpReadsBackAsTheMemoryItWasWrittenFrom() throws IOException {
        for (SparseRam memory : new SparseRam[] {DumpFixtures.memory(16L << 20, 0x100, 40, 0xf00, 2),
                DumpFixtures.scattered(16L << 20, 100)}) {
            Path file = folder.resolve("round.dmp");
            new CrashDumpWriter().write(memory, DumpFixtures.facts(), file, CrashDumpWriter.Layout.FITTING);
            CrashDump dump = CrashDump.open(file);
            assertThat(dump.size()).isEqualTo(dump.header().type() == DumpType.FULL ? 0xf02L << 12 : 16L << 20);
            for (long pfn = 0; pfn < dump.size() >>> 12; pfn++) {
                assertThat(dump.isTouched(pfn)).isEqualTo(memory.isTouched(pfn));
                assertThat(dump.frame(pfn)).isEqualTo(memory.frame(pfn));
            }
            assertThat(dump.readLong(0x100L << 12)).isEqualTo(memory.readLong(0x100L << 12));
        }
    }

    @Test
    void aDumpOfADumpIsTheSameFile() throws IOException {
        for (CrashDumpWriter.Layout layout : CrashDumpWriter.Layout.values()) {
            Path first = folder.resolve("first.dmp");
            Path second = folder.resolve("second.dmp");
            new CrashDumpWriter().write(DumpFixtures.memory(4L << 20, 0x100, 40, 0x3f0, 2), DumpFixtures.facts(), first, layout);
            new CrashDumpWriter().write(CrashDump.open(first), DumpFixtures.facts(), second, layout);
            assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
        }
    }

    /** A disk that fills up after {@code room} bytes, as ENOSPC reaches Java. */
    private static final class FillingChannel extends DelegatingChannel {
        private long room;

        FillingChannel(FileChannel file, long room) {
            super(file);
            this.room = room;
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            if (source.remaining() > room) {
                throw new IOException("No space left on device");
            }
            room -= source.remaining();
            return super.write(source);
        }
    }
}
