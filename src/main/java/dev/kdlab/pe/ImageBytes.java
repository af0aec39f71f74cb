package dev.kdlab.pe;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An image's bytes by RVA, wherever the image is: mapped in a target's memory (the debugger reads
 * it through page tables) or a file. The PE readers of this package read through it only.
 */
@FunctionalInterface
public interface ImageBytes {

    /** Copies the bytes at {@code rva} into {@code into} as far as they can be read; returns how many were. */
    int read(long rva, byte[] into);

    /** Exactly {@code length} bytes at {@code rva}, or a format exception naming what could not be read. */
    default byte[] require(long rva, int length) throws PeFormatException {
        byte[] bytes = new byte[length];
        if (read(rva, bytes) < length) {
            throw new PeFormatException(String.format("cannot read %d bytes at RVA %x", length, rva));
        }
        return bytes;
    }

    /** A 1-, 2-, 4- or 8-byte little-endian value, zero-extended. */
    static long unsigned(byte[] bytes, long offset, long size) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = (int) offset;
        return switch ((int) size) {
            case 1 -> bytes[at] & 0xffL;
            case 2 -> buffer.getShort(at) & 0xffffL;
            case 4 -> buffer.getInt(at) & 0xffffffffL;
            case 8 -> buffer.getLong(at);
            default -> throw new IllegalArgumentException("no integer of " + size + " bytes");
        };
    }
}
