package dev.kdlab.debugger.dt;

import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.PageFaultException;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.VirtualMemory;

import java.util.HashMap;
import java.util.Map;

/** Virtual memory of a few pages, for formatting tests: unmapped addresses fault as on the machine. */
public final class FakeMemory implements VirtualMemory {
    private static final int PAGE = PhysicalMemory.PAGE_SIZE;
    private final Map<Long, byte[]> pages = new HashMap<>();

    public FakeMemory map(long address, int length) {
        for (long page = address & -PAGE; page < address + length; page += PAGE) {
            pages.computeIfAbsent(page, p -> new byte[PAGE]);
        }
        return this;
    }

    public FakeMemory put(long address, int size, long value) {
        byte[] bytes = new byte[size];
        LittleEndian.put(bytes, 0, size, value);
        return put(address, bytes);
    }

    public FakeMemory put(long address, byte[] bytes) {
        map(address, bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            pages.get((address + i) & -PAGE)[(int) ((address + i) & (PAGE - 1))] = bytes[i];
        }
        return this;
    }

    @Override
    public long directoryTableBase() {
        return 0;
    }

    @Override
    public PhysicalMemory physical() {
        throw new UnsupportedOperationException();
    }

    @Override
    public long translate(long virtualAddress) throws PageFaultException {
        if (!pages.containsKey(virtualAddress & -PAGE)) {
            throw new PageFaultException(virtualAddress, null);
        }
        return virtualAddress;
    }

    @Override
    public void read(long virtualAddress, byte[] into, int offset, int length) throws MemoryAccessException {
        for (int i = 0; i < length; i++) {
            byte[] page = pages.get((virtualAddress + i) & -PAGE);
            if (page == null) {
                throw new MemoryAccessException(virtualAddress + i);
            }
            into[offset + i] = page[(int) ((virtualAddress + i) & (PAGE - 1))];
        }
    }

    @Override
    public void write(long virtualAddress, byte[] from, int offset, int length) {
        byte[] bytes = new byte[length];
        System.arraycopy(from, offset, bytes, 0, length);
        put(virtualAddress, bytes);
    }
}
