package dev.kdlab.debugger.stack;

import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.VirtualMemory;

import java.util.HashMap;
import java.util.Map;

/**
 * What a stack walk reads: kernel addresses through the kernel's page tables, user addresses
 * through the page tables of the process whose stack it is, or not at all when that process is
 * not the debugger's context (then user frames cannot be read, as in a dump without them). Pages
 * are read once per walk.
 */
public final class StackMemory {
    private static final long KERNEL_SPACE = 0xffff8000_00000000L;
    private static final byte[] UNREADABLE = new byte[0];

    private final VirtualMemory kernel;
    private final VirtualMemory user;
    private final Map<Long, byte[]> pages = new HashMap<>();

    /** @param user the owning process's memory, or null when its user half is not readable */
    public StackMemory(VirtualMemory kernel, VirtualMemory user) {
        this.kernel = kernel;
        this.user = user;
    }

    public boolean readsUserMemory() {
        return user != null;
    }

    public long readLong(long address) throws MemoryAccessException {
        int offset = (int) (address & (PhysicalMemory.PAGE_SIZE - 1));
        if (offset > PhysicalMemory.PAGE_SIZE - 8) {
            byte[] bytes = read(address, 8);
            return LittleEndian.getLong(bytes, 0);
        }
        return LittleEndian.getLong(page(address), offset);
    }

    public byte[] read(long address, int length) throws MemoryAccessException {
        byte[] bytes = new byte[length];
        for (int done = 0; done < length; ) {
            long at = address + done;
            int offset = (int) (at & (PhysicalMemory.PAGE_SIZE - 1));
            int chunk = Math.min(length - done, PhysicalMemory.PAGE_SIZE - offset);
            System.arraycopy(page(at), offset, bytes, done, chunk);
            done += chunk;
        }
        return bytes;
    }

    /** Fills {@code into} from {@code address} as far as pages can be read; returns how many bytes were. */
    public int readAvailable(long address, byte[] into) {
        int done = 0;
        while (done < into.length) {
            long at = address + done;
            int offset = (int) (at & (PhysicalMemory.PAGE_SIZE - 1));
            int chunk = Math.min(into.length - done, PhysicalMemory.PAGE_SIZE - offset);
            try {
                System.arraycopy(page(at), offset, into, done, chunk);
            } catch (MemoryAccessException e) {
                return done;
            }
            done += chunk;
        }
        return done;
    }

    private byte[] page(long address) throws MemoryAccessException {
        long page = address & -PhysicalMemory.PAGE_SIZE;
        byte[] bytes = pages.get(page);
        if (bytes == null) {
            bytes = fetch(page);
            pages.put(page, bytes);
        }
        if (bytes == UNREADABLE) {
            throw new MemoryAccessException(address);
        }
        return bytes;
    }

    private byte[] fetch(long page) {
        VirtualMemory memory = Long.compareUnsigned(page, KERNEL_SPACE) >= 0 ? kernel : user;
        if (memory == null) {
            return UNREADABLE;
        }
        try {
            return memory.read(page, PhysicalMemory.PAGE_SIZE);
        } catch (MemoryAccessException e) {
            return UNREADABLE;
        }
    }
}
