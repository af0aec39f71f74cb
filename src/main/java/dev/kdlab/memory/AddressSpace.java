package dev.kdlab.memory;

/**
 * A paging layer over physical memory, rooted at one CR3. Switching process context means using
 * another AddressSpace over the same physical memory, nothing more.
 *
 * <p>A small direct-mapped TLB caches page translations. Any write to a frame a walk has read a
 * paging entry from (a PTE edited with {@code eq}, say) bumps the memory's table generation and so
 * flushes it, which is stricter than a CPU but keeps edits visible at once, as WinDbg shows them.
 */
public final class AddressSpace implements VirtualMemory {
    private static final int TLB_ENTRIES = 64;
    private static final long PAGE_MASK = PhysicalMemory.PAGE_SIZE - 1;

    private final PhysicalMemory memory;
    private final long directoryTableBase;
    private final long[] tlbPage = new long[TLB_ENTRIES];
    private final long[] tlbFrame = new long[TLB_ENTRIES];
    private long tlbGeneration = -1;

    public AddressSpace(PhysicalMemory memory, long directoryTableBase) {
        this.memory = memory;
        this.directoryTableBase = directoryTableBase;
    }

    @Override
    public long directoryTableBase() {
        return directoryTableBase;
    }

    @Override
    public PhysicalMemory physical() {
        return memory;
    }

    public PageWalk walk(long virtualAddress) {
        return PageWalker.walk(memory, directoryTableBase, virtualAddress);
    }

    @Override
    public long translate(long virtualAddress) throws PageFaultException {
        long generation = memory.tableGeneration();
        if (tlbGeneration != generation) {
            java.util.Arrays.fill(tlbPage, 1);   // 1 is never a page number with the low bits clear
            tlbGeneration = generation;
        }
        long page = virtualAddress & ~PAGE_MASK;
        int slot = (int) ((page >>> PhysicalMemory.PAGE_SHIFT) & (TLB_ENTRIES - 1));
        if (tlbPage[slot] == page) {
            return tlbFrame[slot] | (virtualAddress & PAGE_MASK);
        }
        long physical = PageWalker.translate(memory, directoryTableBase, virtualAddress);
        tlbPage[slot] = page;
        tlbFrame[slot] = physical & ~PAGE_MASK;
        return physical;
    }

    @Override
    public void read(long virtualAddress, byte[] into, int offset, int length) throws MemoryAccessException {
        int done = 0;
        while (done < length) {
            long at = virtualAddress + done;
            int chunk = (int) Math.min(length - done, PhysicalMemory.PAGE_SIZE - (at & PAGE_MASK));
            memory.read(physicalFor(at), into, offset + done, chunk);
            done += chunk;
        }
    }

    /** A value within one page is read through one translation, without a buffer. */
    @Override
    public long readUnsigned(long virtualAddress, int size) throws MemoryAccessException {
        if (withinOnePage(virtualAddress, size)) {
            return memory.readUnsigned(physicalFor(virtualAddress), size);
        }
        return VirtualMemory.super.readUnsigned(virtualAddress, size);
    }

    @Override
    public void writeUnsigned(long virtualAddress, int size, long value) throws MemoryAccessException {
        if (withinOnePage(virtualAddress, size)) {
            memory.writeUnsigned(physicalFor(virtualAddress), size, value);
        } else {
            VirtualMemory.super.writeUnsigned(virtualAddress, size, value);
        }
    }

    @Override
    public void write(long virtualAddress, byte[] from, int offset, int length) throws MemoryAccessException {
        if (withinOnePage(virtualAddress, length)) {
            memory.write(physicalFor(virtualAddress), from, offset, length);
            return;
        }
        // Translate every page first so that a write across an unmapped page changes nothing.
        long[] physical = new long[(int) (((virtualAddress & PAGE_MASK) + length + PAGE_MASK) >>> PhysicalMemory.PAGE_SHIFT)];
        for (int i = 0, done = 0; done < length; i++) {
            long at = virtualAddress + done;
            physical[i] = physicalFor(at);
            done += (int) Math.min(length - done, PhysicalMemory.PAGE_SIZE - (at & PAGE_MASK));
        }
        for (int i = 0, done = 0; done < length; i++) {
            long at = virtualAddress + done;
            int chunk = (int) Math.min(length - done, PhysicalMemory.PAGE_SIZE - (at & PAGE_MASK));
            memory.write(physical[i], from, offset + done, chunk);
            done += chunk;
        }
    }

    private static boolean withinOnePage(long virtualAddress, int length) {
        return (virtualAddress & PAGE_MASK) + length <= PhysicalMemory.PAGE_SIZE;
    }

    private long physicalFor(long virtualAddress) throws MemoryAccessException {
        try {
            long physical = translate(virtualAddress);
            if (!memory.contains(physical)) {
                throw new MemoryAccessException(virtualAddress);
            }
            return physical;
        } catch (PageFaultException e) {
            throw new MemoryAccessException(virtualAddress);
        }
    }
}
