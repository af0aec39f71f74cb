package dev.kdlab.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** x64 is little endian; these are the only byte-order helpers the project needs. */
public final class LittleEndian {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    /** One 8-byte load instead of eight: page walks read an entry per level, millions of times a second. */
    public static long getLong(byte[] b, int at) {
        return (long) LONGS.get(b, at);
    }

    /** Reads 1, 2, 4 or 8 bytes, zero-extended (one load each: every field read of the machine comes here). */
    public static long get(byte[] b, int at, int size) {
        return switch (size) {
            case 8 -> (long) LONGS.get(b, at);
            case 4 -> Integer.toUnsignedLong((int) INTS.get(b, at));
            case 2 -> Short.toUnsignedLong((short) SHORTS.get(b, at));
            case 1 -> b[at] & 0xffL;
            default -> {
                long value = 0;
                for (int i = size - 1; i >= 0; i--) {
                    value = value << 8 | (b[at + i] & 0xffL);
                }
                yield value;
            }
        };
    }

    public static void putLong(byte[] b, int at, long value) {
        LONGS.set(b, at, value);
    }

    public static void put(byte[] b, int at, int size, long value) {
        switch (size) {
            case 8 -> LONGS.set(b, at, value);
            case 4 -> INTS.set(b, at, (int) value);
            case 2 -> SHORTS.set(b, at, (short) value);
            case 1 -> b[at] = (byte) value;
            default -> {
                for (int i = 0; i < size; i++) {
                    b[at + i] = (byte) (value >>> (8 * i));
                }
            }
        }
    }
}
