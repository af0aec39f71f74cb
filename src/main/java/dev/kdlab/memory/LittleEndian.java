package dev.kdlab.memory;

/** x64 is little endian; these are the only byte-order helpers the project needs. */
public final class LittleEndian {
    private LittleEndian() {
    }

    public static long getLong(byte[] b, int at) {
        return (b[at] & 0xffL)
                | (b[at + 1] & 0xffL) << 8
                | (b[at + 2] & 0xffL) << 16
                | (b[at + 3] & 0xffL) << 24
                | (b[at + 4] & 0xffL) << 32
                | (b[at + 5] & 0xffL) << 40
                | (b[at + 6] & 0xffL) << 48
                | (b[at + 7] & 0xffL) << 56;
    }

    /** Reads 1, 2, 4 or 8 bytes, zero-extended. */
    public static long get(byte[] b, int at, int size) {
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = value << 8 | (b[at + i] & 0xffL);
        }
        return value;
    }

    public static void putLong(byte[] b, int at, long value) {
        put(b, at, 8, value);
    }

    public static void put(byte[] b, int at, int size, long value) {
        for (int i = 0; i < size; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }
}
