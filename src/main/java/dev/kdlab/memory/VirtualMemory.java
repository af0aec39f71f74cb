package dev.kdlab.memory;

/** Memory as one address space sees it: every access is translated through its page tables. */
public interface VirtualMemory {

    long directoryTableBase();

    PhysicalMemory physical();

    long translate(long virtualAddress) throws PageFaultException;

    void read(long virtualAddress, byte[] into, int offset, int length) throws MemoryAccessException;

    void write(long virtualAddress, byte[] from, int offset, int length) throws MemoryAccessException;

    default boolean isReadable(long virtualAddress) {
        try {
            translate(virtualAddress);
            return true;
        } catch (PageFaultException e) {
            return false;
        }
    }

    /** Reads as many bytes as are mapped from the start, stopping at the first unmapped page. */
    default int readAvailable(long virtualAddress, byte[] into, int offset, int length) {
        int done = 0;
        while (done < length) {
            long at = virtualAddress + done;
            int chunk = (int) Math.min(length - done, PhysicalMemory.PAGE_SIZE - (at & (PhysicalMemory.PAGE_SIZE - 1)));
            try {
                read(at, into, offset + done, chunk);
            } catch (MemoryAccessException e) {
                return done;
            }
            done += chunk;
        }
        return done;
    }

    default byte[] read(long virtualAddress, int length) throws MemoryAccessException {
        byte[] bytes = new byte[length];
        read(virtualAddress, bytes, 0, length);
        return bytes;
    }

    /** 1, 2, 4 or 8 bytes, zero-extended. */
    default long readUnsigned(long virtualAddress, int size) throws MemoryAccessException {
        byte[] bytes = new byte[size];
        read(virtualAddress, bytes, 0, size);
        return LittleEndian.get(bytes, 0, size);
    }

    default long readLong(long virtualAddress) throws MemoryAccessException {
        return readUnsigned(virtualAddress, 8);
    }

    default long readInt(long virtualAddress) throws MemoryAccessException {
        return readUnsigned(virtualAddress, 4);
    }

    default int readShort(long virtualAddress) throws MemoryAccessException {
        return (int) readUnsigned(virtualAddress, 2);
    }

    default int readByte(long virtualAddress) throws MemoryAccessException {
        return (int) readUnsigned(virtualAddress, 1);
    }

    default void writeUnsigned(long virtualAddress, int size, long value) throws MemoryAccessException {
        byte[] bytes = new byte[size];
        LittleEndian.put(bytes, 0, size, value);
        write(virtualAddress, bytes, 0, size);
    }

    default void writeLong(long virtualAddress, long value) throws MemoryAccessException {
        writeUnsigned(virtualAddress, 8, value);
    }

    default void writeInt(long virtualAddress, long value) throws MemoryAccessException {
        writeUnsigned(virtualAddress, 4, value);
    }
}
