package dev.kdlab.dump;

import dev.kdlab.memory.PhysicalAddressException;
import dev.kdlab.memory.SparseRam;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reader: a dump serves its pages, keeps edits to itself, opens lazily, and refuses every kind
 * of corrupt or hostile file with one line that says what is wrong.
 */
class CrashDumpReaderTest {
    @TempDir
    static Path folder;
    private static byte[] full;
    private static byte[] bitmap;

    @BeforeAll
    static void writeDumps() throws IOException {
        CrashDumpWriter writer = new CrashDumpWriter();
        writer.write(DumpFixtures.memory(1L << 20, 0x10, 2, 0x40, 1), DumpFixtures.facts(), folder.resolve("full.dmp"),
                CrashDumpWriter.Layout.FITTING);
        writer.write(DumpFixtures.memory(1L << 20, 0x10, 2, 0x40, 1), DumpFixtures.facts(), folder.resolve("bitmap.dmp"),
                CrashDumpWriter.Layout.BITMAP);
        full = Files.readAllBytes(folder.resolve("full.dmp"));
        bitmap = Files.readAllBytes(folder.resolve("bitmap.dmp"));
    }

    @Test
    void theHeaderReadsBackAsWritten() throws IOException {
        DumpHeader header = CrashDump.open(folder.resolve("bitmap.dmp")).header();
        assertThat(header.type()).isEqualTo(DumpType.BITMAP);
        assertThat(header.buildNumber()).isEqualTo(19041);
        assertThat(header.directoryTableBase()).isEqualTo(DumpFixtures.DTB);
        assertThat(header.kdDebuggerDataBlock()).isEqualTo(DumpFixtures.KDBG);
        assertThat(header.psActiveProcessHead()).isEqualTo(DumpFixtures.ACTIVE_PROCESSES);
        assertThat(header.processorCount()).isEqualTo(4);
        assertThat(header.bugCheckCode()).isEqualTo(0xe2);
        assertThat(header.comment()).isEqualTo("kdlab test dump");
        assertThat(header.systemUpTime()).isEqualTo(DumpFixtures.UP_TIME);
        assertThat(ContextRecord.rip(header.context())).isEqualTo(0xfffff802_1a5f5900L);
        assertThat(header.requiredDumpSpace()).isEqualTo(bitmap.length);
    }

    @Test
    void editsGoToAnOverlayAndNeverToTheFile() throws IOException {
        Path file = folder.resolve("full.dmp");
        CrashDump dump = CrashDump.open(file);
        SparseRam source = DumpFixtures.memory(1L << 20, 0x10, 2, 0x40, 1);
        long generation = dump.generation();

        dump.writeLong(0x10008, 0x1122334455667788L);
        dump.writeLong(0x20000, 0xabcdefL);   // a frame the dump does not hold

        assertThat(dump.readLong(0x10008)).isEqualTo(0x1122334455667788L);
        assertThat(dump.readLong(0x10000)).isEqualTo(source.readLong(0x10000));   // the rest of the page stays
        assertThat(dump.readLong(0x20000)).isEqualTo(0xabcdefL);
        assertThat(dump.isTouched(0x20)).isTrue();
        assertThat(dump.generation()).isGreaterThan(generation);
        assertThat(dump.editedPages()).isEqualTo(2);
        assertThat(Files.readAllBytes(file)).isEqualTo(full);
        assertThat(CrashDump.open(file).readLong(0x10008)).isEqualTo(source.readLong(0x10008));
    }

    @Test
    void framesTheDumpLacksReadAsZerosAndAddressesPastItFail() throws IOException {
        CrashDump dump = CrashDump.of(bitmap);
        assertThat(dump.frame(0x11)).isEqualTo(DumpFixtures.memory(1L << 20, 0x10, 2, 0x40, 1).frame(0x11));
        assertThat(dump.frame(0x30)).containsOnly(0);
        assertThat(dump.isTouched(0x30)).isFalse();
        assertThatThrownBy(() -> dump.readLong(1L << 20)).isInstanceOf(PhysicalAddressException.class);
        assertThatThrownBy(() -> dump.read((1L << 20) - 4, new byte[8], 0, 8)).isInstanceOf(PhysicalAddressException.class);
    }

    @Test
    void aBitmapDumpBuildsItsPageIndexOnTheFirstReadNotWhenItOpens() throws IOException {
        CrashDump dump = CrashDump.of(bitmap);
        assertThat(dump.indexBuilt()).isFalse();
        dump.readLong(0x40000);
        assertThat(dump.indexBuilt()).isTrue();
    }

    /** A 4 GiB dump (sparse on disk) opens in well under 200 ms: only the headers are read. */
    @Test
    void aFourGigabyteDumpOpensAtOnce() throws IOException {
        long pages = 1L << 20;
        Path runs = sparseDump("4g-full.dmp", full, 0x2000 + pages * 0x1000, h -> h
                .putInt(0x88, 1).putLong(0x90, pages).putLong(0x98, 0).putLong(0xa0, pages).putLong(0xfa0, 0x2000 + pages * 0x1000));
        long firstPage = (0x2038 + pages / 8 + 0xfff) & -0x1000L;
        Path bits = sparseDump("4g-bitmap.dmp", bitmap, firstPage + pages * 0x1000, h -> h
                .putLong(0x2020, firstPage).putLong(0x2028, pages).putLong(0x2030, pages));
        try (RandomAccessFile file = new RandomAccessFile(bits.toFile(), "rw")) {
            byte[] ones = new byte[(int) (pages / 8)];
            Arrays.fill(ones, (byte) 0xff);
            file.seek(0x2038);
            file.write(ones);
        }
        for (Path file : new Path[] {runs, bits}) {
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                CrashDump dump = CrashDump.open(file);
                best = Math.min(best, System.nanoTime() - start);
                assertThat(dump.size()).isEqualTo(4L << 30);
            }
            assertThat(best / 1_000_000).as("open time of %s in ms", file.getFileName()).isLessThan(200);
            CrashDump dump = CrashDump.open(file);
            assertThat(dump.fileOffsetOf(pages - 1)).isEqualTo(Files.size(file) - 0x1000);
        }
    }

    private static Path sparseDump(String name, byte[] template, long size, Consumer<ByteBuffer> edit) throws IOException {
        byte[] header = Arrays.copyOf(template, template == bitmap ? 0x2038 : 0x2000);
        edit.accept(ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN));
        Path file = folder.resolve(name);
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(size);
            out.write(header);
        }
        return file;
    }

    @Test
    void presentFramesAreFoundWithoutVisitingTheHoles() throws IOException {
        for (byte[] contents : new byte[][] {full, bitmap}) {
            CrashDump dump = CrashDump.of(contents);
            assertThat(dump.nextTouched(0)).isEqualTo(0x10);
            assertThat(dump.nextTouched(0x11)).isEqualTo(0x11);
            assertThat(dump.nextTouched(0x12)).isEqualTo(0x40);
            assertThat(dump.nextTouched(0x41)).isEqualTo(-1);
            dump.writeLong(0x30000, 1);
            assertThat(dump.nextTouched(0x12)).isEqualTo(0x30);
        }
        // a run far up in the physical address space: the dump spans 4 PiB and holds 5 pages
        CrashDump far = CrashDump.of(edit(full, h -> h.putLong(0xa8, 0xfffffff000L)));
        assertThat(far.size()).isEqualTo((0xfffffff000L + 1) << 12);
        assertThat(far.nextTouched(0x12)).isEqualTo(0xfffffff000L);
        assertThat(DumpValidator.check(far)).isNotEmpty();
    }

    // Corrupt and hostile files: one line each, never a stack trace, a hang or a huge allocation.

    @Test
    void truncatedFiles() {
        assertRefused(new byte[5], "not a crash dump: the file is only 5 bytes long");
        assertRefused(Arrays.copyOf(full, 0x1000), "truncated dump: the file is 0x1000 bytes, shorter than its 0x2000-byte header");
        assertRefused(Arrays.copyOf(full, full.length - 1), "truncated dump: the runs hold 0x3 pages (0x3000 bytes after the "
                + "header), the file has 0x4fff bytes");
        assertRefused(Arrays.copyOf(bitmap, 0x2010), "truncated dump: the file ends inside the bitmap header at 0x2000");
        assertRefused(Arrays.copyOf(bitmap, bitmap.length - 0x1000), "truncated dump: 0x3 pages from offset 0x3000 need "
                + "0x6000 bytes, the file has 0x5000");
    }

    @Test
    void wrongSignatures() {
        assertRefused(edit(full, h -> h.putInt(0, 0x464c457f)), "not a crash dump: it begins with 0x464c457f where a dump has 'PAGE'");
        assertRefused(edit(full, h -> h.putInt(4, 0x504d5544)), "a 32-bit crash dump ('PAGEDUMP'): kdlab reads 64-bit dumps ('PAGEDU64')");
        assertRefused(edit(full, h -> h.putInt(4, 0x45474150)), "not a crash dump: 'PAGE' is followed by 'PAGE', not 'DU64'");
        assertRefused(edit(bitmap, h -> h.putInt(0x2000, 0x45474150)), "the bitmap header at 0x2000 begins with 'PAGE' 'DUMP' "
                + "where a bitmap dump has 'FDMP' (or 'SDMP') 'DUMP'");
        assertRefused(edit(full, h -> h.putInt(0x30, 0x14c)), "the dump's machine type is 0x14c; kdlab reads x64 dumps (0x8664)");
    }

    @Test
    void dumpTypesThatAreNotCompleteDumps() {
        assertRefused(edit(full, h -> h.putInt(0xf98, 4)), "DumpType 4 (triage (minidump)) is not a complete memory dump; "
                + "kdlab reads DumpType 1 (runs) and 5 (bitmap)");
        assertRefused(edit(full, h -> h.putInt(0xf98, 9)), "DumpType 9 (a new RDMP dump of recent WinDbg) is not supported; "
                + "kdlab reads DumpType 1 (runs) and 5 (bitmap): write it with .dump /f instead");
        assertRefused(edit(full, h -> h.putInt(0xf98, 0x45474150)), "unknown DumpType 0x45474150; kdlab reads DumpType 1 "
                + "(runs) and 5 (bitmap)");
    }

    @Test
    void runTablesOutOfRange() {
        assertRefused(edit(full, h -> h.putInt(0x88, 0x45474150)), "the run table was never filled in (NumberOfRuns reads 'PAGE')");
        assertRefused(edit(full, h -> h.putInt(0x88, 0)), "run table out of range: NumberOfRuns is 0, a header holds 1 to 43 runs");
        assertRefused(edit(full, h -> h.putInt(0x88, -1)), "run table out of range: NumberOfRuns is 4294967295, a header holds "
                + "1 to 43 runs");
        assertRefused(edit(full, h -> h.putLong(0xa8, 0x10)), "run 1 (base page 0x10) overlaps or precedes run 0: runs must ascend");
        assertRefused(edit(full, h -> h.putLong(0xb0, 0)), "run 1 of the run table is empty");
        assertRefused(edit(full, h -> h.putLong(0xa0, 0x7fffffffffffffffL)), "run 0 (base page 0x10, 0x7fffffffffffffff pages) "
                + "lies outside the physical address space");
        assertRefused(edit(full, h -> h.putLong(0xb0, 0x10000000L)), "truncated dump: the runs hold 0x10000002 pages "
                + "(0x10000002000 bytes after the header), the file has 0x5000 bytes");
    }

    @Test
    void absurdBitmaps() {
        assertRefused(edit(bitmap, h -> h.putLong(0x2030, 0)), "absurd bitmap size: 0x0 bits (a bitmap covers 1 to 0x7fffffff frames)");
        assertRefused(edit(bitmap, h -> h.putLong(0x2030, Long.MIN_VALUE)), "absurd bitmap size: 0x8000000000000000 bits "
                + "(a bitmap covers 1 to 0x7fffffff frames)");
        assertRefused(edit(bitmap, h -> h.putLong(0x2030, 0x7fffffffL)), "the bitmap (0x10000000 bytes from 0x2038) runs past "
                + "the end of the file (0x6000 bytes)");
        assertRefused(edit(bitmap, h -> h.putLong(0x2020, 0x3001)), "the first page's offset 0x3001 is not page aligned");
        assertRefused(edit(bitmap, h -> h.putLong(0x2020, 0x2000)), "the first page's offset 0x2000 is inside the bitmap");
        assertRefused(edit(bitmap, h -> h.putLong(0x2028, 0x45474150)), "the bitmap header says 0x45474150 pages are present, "
                + "the bitmap has 0x3 bits set");
    }

    @Test
    void aDirectoryOrAMissingFileIsNoDump() {
        assertThatThrownBy(() -> CrashDump.open(folder)).hasMessage("is a directory");
        assertThatThrownBy(() -> CrashDump.open(folder.resolve("none.dmp"))).hasMessageContaining("no such file");
    }

    private static byte[] edit(byte[] dump, Consumer<ByteBuffer> change) {
        byte[] copy = dump.clone();
        change.accept(ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN));
        return copy;
    }

    private static void assertRefused(byte[] contents, String message) {
        assertThatThrownBy(() -> CrashDump.of(contents)).isInstanceOf(DumpFormatException.class).hasMessage(message);
    }
}
