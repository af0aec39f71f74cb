package dev.kdlab.dump;

import dev.kdlab.memory.PhysicalMemory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;

/**
 * Writes physical memory as a complete kernel dump. DumpType 1 (the header's run table) when the
 * present frames form at most 42 runs, otherwise DumpType 5 with an {@code FDMP} bitmap
 * (crashdump-format.md 1, "Writer recommendation").
 *
 * <p>The file is streamed: the header, then the pages in frame order through one 1 MiB buffer, so a
 * dump of any size costs the same heap. It is written to a temporary file beside the target and
 * renamed over it only when complete, so a failed write (a full disk, a read-only folder) leaves
 * neither a partial dump nor the temporary file, and says why.
 */
public final class CrashDumpWriter {
    private static final int BUFFER_PAGES = 512;

    /** Which layout to write. */
    public enum Layout {
        /** DumpType 1 when the present frames fit the run table, else the bitmap (what {@code .dump /f} writes). */
        FITTING,
        /** Always the bitmap form (what {@code .dump /ka} writes). */
        BITMAP
    }

    /** Opens the temporary file for writing: a seam for tests that need a disk to fill up. */
    @FunctionalInterface
    interface ChannelOpener {
        FileChannel open(Path file) throws IOException;
    }

    private final ChannelOpener opener;

    public CrashDumpWriter() {
        this(file -> FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
    }

    CrashDumpWriter(ChannelOpener opener) {
        this.opener = opener;
    }

    public WrittenDump write(PhysicalMemory memory, DumpFacts facts, Path file, Layout layout) throws DumpWriteException {
        PresentFrames frames = PresentFrames.of(memory);
        if (frames.presentCount() == 0) {
            throw new DumpWriteException("physical memory holds no pages to dump");
        }
        List<PresentFrames.Run> runs = frames.runs(DumpLayout.MAX_WRITTEN_RUNS);
        boolean full = layout == Layout.FITTING && runs.size() <= DumpLayout.MAX_WRITTEN_RUNS;
        Path target = file.toAbsolutePath();
        Path temporary = createTemporary(target);
        try {
            WrittenDump written;
            try (FileChannel channel = opener.open(temporary)) {
                written = full ? writeFull(channel, memory, facts, runs, target)
                        : writeBitmap(channel, memory, facts, frames, target);
            }
            moveIntoPlace(temporary, target);
            return written;
        } catch (IOException e) {
            throw new DumpWriteException("cannot write " + target + ": " + reason(e) + "; nothing was written", e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    private static WrittenDump writeFull(FileChannel channel, PhysicalMemory memory, DumpFacts facts,
                                         List<PresentFrames.Run> runs, Path target) throws IOException {
        long pages = runs.stream().mapToLong(PresentFrames.Run::pageCount).sum();
        long size = DumpLayout.HEADER_SIZE + pages * DumpLayout.PAGE_SIZE;
        writeFully(channel, DumpHeaderWriter.header(facts, DumpType.FULL, runs, size));
        PageStream stream = new PageStream(channel, memory);
        for (PresentFrames.Run run : runs) {
            for (long pfn = run.basePage(); pfn < run.endPage(); pfn++) {
                stream.add(pfn);
            }
        }
        stream.flush();
        return new WrittenDump(target, DumpType.FULL, pages, runs.size(), size);
    }

    private static WrittenDump writeBitmap(FileChannel channel, PhysicalMemory memory, DumpFacts facts,
                                           PresentFrames frames, Path target) throws IOException {
        long bits = (frames.frameCount() + 63) & -64L;
        long firstPage = DumpHeaderWriter.firstPage(bits);
        long pages = frames.presentCount();
        long size = firstPage + pages * DumpLayout.PAGE_SIZE;
        // The header's descriptor keeps describing the machine's RAM: one run over all of it.
        List<PresentFrames.Run> ram = List.of(new PresentFrames.Run(0, frames.frameCount()));
        writeFully(channel, DumpHeaderWriter.header(facts, DumpType.BITMAP, ram, size));
        writeFully(channel, DumpHeaderWriter.bitmapHeader(frames.bitmap(bits), bits, pages, firstPage));
        PageStream stream = new PageStream(channel, memory);
        for (long pfn = frames.nextPresent(0); pfn >= 0; pfn = frames.nextPresent(pfn + 1)) {
            stream.add(pfn);
        }
        stream.flush();
        return new WrittenDump(target, DumpType.BITMAP, pages, 1, size);
    }

    /**
     * Copies frames into one direct buffer of {@value #BUFFER_PAGES} pages and writes it out whenever
     * it fills: a frame is copied once on its way to the file (a heap buffer would be copied again
     * into a direct one by the channel).
     */
    private static final class PageStream {
        private final FileChannel channel;
        private final PhysicalMemory memory;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_PAGES * DumpLayout.PAGE_SIZE);

        PageStream(FileChannel channel, PhysicalMemory memory) {
            this.channel = channel;
            this.memory = memory;
        }

        void add(long pfn) throws IOException {
            memory.read(pfn * DumpLayout.PAGE_SIZE, buffer, DumpLayout.PAGE_SIZE);
            if (!buffer.hasRemaining()) {
                flush();
            }
        }

        void flush() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }
    }

    private static void writeFully(FileChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static Path createTemporary(Path target) throws DumpWriteException {
        Path folder = target.getParent();
        try {
            Path temporary = Files.createTempFile(folder, "." + target.getFileName() + ".", ".partial");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system's default permissions stand
            }
            return temporary;
        } catch (IOException e) {
            throw new DumpWriteException("cannot write " + target + ": " + reason(e) + "; nothing was written", e);
        }
    }

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // the temporary file sits beside the target with a leading dot; nothing else to do
        }
    }

    /** Why a file operation failed, in the words a user knows. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied (is the folder read-only?)";
        }
        if (e instanceof NoSuchFileException) {
            return "no such folder";
        }
        String text = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : String.valueOf(e.getMessage());
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left")) {
            return "the disk is full (no space left on device)";
        }
        if (lower.contains("read-only file system")) {
            return "read-only file system";
        }
        if (lower.contains("quota")) {
            return "disk quota exceeded";
        }
        return text.isBlank() ? e.getClass().getSimpleName() : text.strip().lines().findFirst().orElse(text);
    }
}
