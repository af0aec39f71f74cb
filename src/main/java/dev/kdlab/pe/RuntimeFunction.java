package dev.kdlab.pe;

/**
 * One RUNTIME_FUNCTION of the exception directory (IMAGE_DIRECTORY_ENTRY_EXCEPTION, data directory
 * 3): the RVAs where a function begins and ends, and the RVA of its UNWIND_INFO. The table is
 * sorted by BeginAddress, so a debugger finds the entry for an address by binary search.
 */
public record RuntimeFunction(int beginAddress, int endAddress, int unwindInfoAddress) {
    public static final int SIZE = 12;
    public static final int DATA_DIRECTORY_INDEX = 3;

    public boolean contains(long rva) {
        return rva >= (beginAddress & 0xffffffffL) && rva < (endAddress & 0xffffffffL);
    }

    public void encode(byte[] into, int offset) {
        putInt(into, offset, beginAddress);
        putInt(into, offset + 4, endAddress);
        putInt(into, offset + 8, unwindInfoAddress);
    }

    public static RuntimeFunction decode(byte[] bytes, int offset) {
        return new RuntimeFunction(getInt(bytes, offset), getInt(bytes, offset + 4), getInt(bytes, offset + 8));
    }

    private static void putInt(byte[] b, int at, int value) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (value >>> 8 * i);
        }
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
