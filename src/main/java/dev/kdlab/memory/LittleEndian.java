package dev.kdlab.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** x64 is little endian; these are the only byte-order helpers the project needs. */
public final class LittleEndian {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    /** One 8-byte load instead of eight: page walks read an entry per level, millions of times a second. */
    public static long getLong(byte[] b, int at) {
        return (long) LONGS.get(b, at);
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
        LONGS.set(b, at, value);
    }

    public static void put(byte[] b, int at, int size, long value) {
        for (int i = 0; i < size; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }
}
