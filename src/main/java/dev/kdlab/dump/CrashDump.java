package dev.kdlab.dump;

import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.PhysicalAddressException;
import dev.kdlab.memory.PhysicalMemory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A crash dump (DumpType 1 or 5) as physical memory: the file is memory-mapped and a frame's page is
 * found through the run table or the bitmap, so opening reads only the headers. A frame the dump
 * does not hold reads as zeros, as a free page of the machine did; an address past the dump's
 * physical range fails as a hole does.
 *
 * <p>Writes ({@code eq}, {@code ed}) never touch the file: a written page is copied into an
 * overlay the first time, as WinDbg keeps edits of a dump in its cache, and every later read sees
 * the edit.
 */
public final class CrashDump implements PhysicalMemory {
    private final Path file;
    private final DumpBytes bytes;
    private final DumpHeader header;
    private final PageIndex index;
    private final long size;
    private final NavigableMap<Long, byte[]> overlay = new TreeMap<>();
    private long generation;

    private CrashDump(Path file, DumpBytes bytes, DumpHeader header, PageIndex index) {
        this.file = file;
        this.bytes = bytes;
        this.header = header;
        this.index = index;
        this.size = index.frameCount() * PAGE_SIZE;
    }

    /** Opens a dump file; a file that is no readable dump fails with a one-line {@link DumpFormatException}. */
    public static CrashDump open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new DumpFormatException("is a directory");
        }
        DumpBytes bytes;
        try {
            bytes = DumpBytes.map(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(file.toString(), null, "permission denied");
        }
        return of(file, bytes);
    }

    /** A dump held in memory (tests, the fuzzer). */
    public static CrashDump of(byte[] contents) throws DumpFormatException {
        return of(null, DumpBytes.of(contents));
    }

    private static CrashDump of(Path file, DumpBytes bytes) throws DumpFormatException {
        DumpHeader header = DumpHeader.read(bytes);
        PageIndex index;
        if (header.type() == DumpType.FULL) {
            RunIndex runs = new RunIndex(header.runs());
            if (!bytes.holds(DumpLayout.HEADER_SIZE, runs.pageBytes())) {
                throw new DumpFormatException(String.format("truncated dump: the runs hold 0x%x pages (0x%x bytes "
                        + "after the header), the file has 0x%x bytes", runs.presentCount(), runs.pageBytes(),
                        bytes.size()));
            }
            index = runs;
        } else {
            index = BitmapIndex.read(bytes);
        }
        return new CrashDump(file, bytes, header, index);
    }

    /** The file this dump was opened from (null for one held in memory). */
    public Path file() {
        return file;
    }

    public DumpHeader header() {
        return header;
    }

    public long fileSize() {
        return bytes.size();
    }

    /** How many pages the file holds. */
    public long presentPages() {
        return index.presentCount();
    }

    /** Where the frame's page sits in the file, or -1 when the dump does not hold it. */
    public long fileOffsetOf(long pfn) {
        return index.fileOffset(pfn);
    }

    /** For a bitmap dump: the FDMP header's FirstPage and bit count, {-1, -1} for a run dump. */
    long[] bitmapGeometry() {
        return index instanceof BitmapIndex bitmap ? new long[] {bitmap.firstPage(), bitmap.bits()} : new long[] {-1, -1};
    }

    /** Whether the page index exists yet (it is built by the first read of a bitmap dump). */
    boolean indexBuilt() {
        return !(index instanceof BitmapIndex bitmap) || bitmap.built();
    }

    /** Pages edited since the dump was opened (kept in memory, never written to the file). */
    public int editedPages() {
        return overlay.size();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long generation() {
        return generation;
    }

    @Override
    public void read(long physicalAddress, byte[] into, int offset, int length) {
        forEachPage(physicalAddress, length, (done, page, inPage, chunk) -> {
            if (page.edited() != null) {
                System.arraycopy(page.edited(), inPage, into, offset + done, chunk);
            } else if (page.fileOffset() < 0) {
                Arrays.fill(into, offset + done, offset + done + chunk, (byte) 0);
            } else {
                bytes.get(page.fileOffset() + inPage, into, offset + done, chunk);
            }
        });
    }

    @Override
    public void read(long physicalAddress, ByteBuffer into, int length) {
        forEachPage(physicalAddress, length, (done, page, inPage, chunk) -> {
            if (page.edited() != null) {
                into.put(page.edited(), inPage, chunk);
            } else if (page.fileOffset() < 0) {
                into.put(new byte[chunk]);
            } else {
                bytes.get(page.fileOffset() + inPage, into, chunk);
            }
        });
    }

    /** Where a frame's bytes are: an edited copy, a page of the file, or nowhere (-1: zeros). */
    private record Page(byte[] edited, long fileOffset) {
    }

    @FunctionalInterface
    private interface PageChunk {
        void copy(int done, Page page, int inPage, int chunk);
    }

    /** Splits a read at page boundaries and finds each page once. */
    private void forEachPage(long physicalAddress, int length, PageChunk action) {
        checkRange(physicalAddress, length);
        for (int done = 0; done < length; ) {
            long at = physicalAddress + done;
            int inPage = (int) (at & (PAGE_SIZE - 1));
            int chunk = Math.min(length - done, PAGE_SIZE - inPage);
            long pfn = at >>> PAGE_SHIFT;
            byte[] edited = overlay.isEmpty() ? null : overlay.get(pfn);
            action.copy(done, new Page(edited, edited != null ? -1 : index.fileOffset(pfn)), inPage, chunk);
            done += chunk;
        }
    }

    /** A value within one page is read in place (a field read, a PTE of a walk): the overlay's page or the file's. */
    @Override
    public long readUnsigned(long physicalAddress, int length) {
        int inPage = (int) (physicalAddress & (PAGE_SIZE - 1));
        if (inPage <= PAGE_SIZE - length && physicalAddress >= 0 && physicalAddress <= size - length) {
            long pfn = physicalAddress >>> PAGE_SHIFT;
            byte[] edited = overlay.isEmpty() ? null : overlay.get(pfn);
            if (edited != null) {
                return LittleEndian.get(edited, inPage, length);
            }
            long at = index.fileOffset(pfn);
            return at < 0 ? 0 : bytes.getUnsigned(at + inPage, length);
        }
        return PhysicalMemory.super.readUnsigned(physicalAddress, length);
    }

    @Override
    public void write(long physicalAddress, byte[] from, int offset, int length) {
        checkRange(physicalAddress, length);
        generation++;
        while (length > 0) {
            int inPage = (int) (physicalAddress & (PAGE_SIZE - 1));
            int chunk = Math.min(length, PAGE_SIZE - inPage);
            long pfn = physicalAddress >>> PAGE_SHIFT;
            byte[] page = overlay.get(pfn);
            if (page == null) {
                page = new byte[PAGE_SIZE];
                read(pfn << PAGE_SHIFT, page, 0, PAGE_SIZE);
                overlay.put(pfn, page);
            }
            System.arraycopy(from, offset, page, inPage, chunk);
            physicalAddress += chunk;
            offset += chunk;
            length -= chunk;
        }
    }

    @Override
    public boolean isTouched(long pageFrameNumber) {
        return overlay.containsKey(pageFrameNumber) || index.fileOffset(pageFrameNumber) >= 0;
    }

    @Override
    public long nextTouched(long pageFrameNumber) {
        long present = index.nextPresent(pageFrameNumber);
        Long edited = overlay.ceilingKey(Math.max(pageFrameNumber, 0));
        if (edited == null) {
            return present;
        }
        return present < 0 ? edited : Math.min(present, edited);
    }

    private void checkRange(long physicalAddress, int length) {
        if (length < 0 || physicalAddress < 0 || physicalAddress > size - length) {
            throw new PhysicalAddressException(physicalAddress);
        }
    }
}
