package dev.kdlab.dump;

import dev.kdlab.memory.LittleEndian;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A dump file's bytes by offset. A file is memory-mapped in 1 GiB windows (a mapping holds at most
 * 2 GiB), so opening costs nothing per page and the operating system pages in what is read; tests
 * and the fuzzer hand in bytes directly. A page never straddles two windows: pages start on page
 * boundaries and the windows are multiples of a page.
 */
final class DumpBytes {
    private static final int WINDOW_SHIFT = 30;
    private static final long WINDOW_SIZE = 1L << WINDOW_SHIFT;

    private final ByteBuffer[] windows;
    private final long size;

    private DumpBytes(ByteBuffer[] windows, long size) {
        this.windows = windows;
        this.size = size;
    }

    static DumpBytes map(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer[] windows = new ByteBuffer[(int) ((size + WINDOW_SIZE - 1) >>> WINDOW_SHIFT)];
            for (int i = 0; i < windows.length; i++) {
                long start = (long) i << WINDOW_SHIFT;
                MappedByteBuffer window = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(WINDOW_SIZE, size - start));
                windows[i] = window.order(ByteOrder.LITTLE_ENDIAN);
            }
            return new DumpBytes(windows, size);
        }
    }

    static DumpBytes of(byte[] bytes) {
        ByteBuffer[] windows = bytes.length == 0 ? new ByteBuffer[0]
                : new ByteBuffer[] {ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)};
        return new DumpBytes(windows, bytes.length);
    }

    long size() {
        return size;
    }

    /** Whether {@code length} bytes from {@code offset} lie inside the file. */
    boolean holds(long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= size && length <= size - offset;
    }

    void get(long offset, byte[] into, int at, int length) {
        while (length > 0) {
            ByteBuffer window = windows[(int) (offset >>> WINDOW_SHIFT)];
            int inWindow = (int) (offset & (WINDOW_SIZE - 1));
            int chunk = Math.min(length, window.limit() - inWindow);
            window.get(inWindow, into, at, chunk);
            offset += chunk;
            at += chunk;
            length -= chunk;
        }
    }

    /** Copies into a buffer at its position; the bytes lie in one window (a page never straddles two). */
    void get(long offset, ByteBuffer into, int length) {
        ByteBuffer window = windows[(int) (offset >>> WINDOW_SHIFT)];
        int inWindow = (int) (offset & (WINDOW_SIZE - 1));
        into.put(window.slice(inWindow, length));
    }

    long getLong(long offset) {
        return getUnsigned(offset, 8);
    }

    /** 1, 2, 4 or 8 bytes, zero-extended, read in place when they lie in one window. */
    long getUnsigned(long offset, int size) {
        int inWindow = (int) (offset & (WINDOW_SIZE - 1));
        ByteBuffer window = windows[(int) (offset >>> WINDOW_SHIFT)];
        if (inWindow + size > window.limit()) {
            byte[] bytes = new byte[size];
            get(offset, bytes, 0, size);
            return LittleEndian.get(bytes, 0, size);
        }
        return switch (size) {
            case 8 -> window.getLong(inWindow);
            case 4 -> Integer.toUnsignedLong(window.getInt(inWindow));
            case 2 -> Short.toUnsignedLong(window.getShort(inWindow));
            case 1 -> window.get(inWindow) & 0xffL;
            default -> throw new IllegalArgumentException("a value of " + size + " bytes");
        };
    }

    int getInt(long offset) {
        byte[] bytes = new byte[4];
        get(offset, bytes, 0, 4);
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
}
