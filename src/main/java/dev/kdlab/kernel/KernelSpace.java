package dev.kdlab.kernel;

import dev.kdlab.struct.StructBuffer;
import dev.kdlab.struct.StructView;
import dev.kdlab.memory.AddressSpace;
import dev.kdlab.memory.FrameAllocator;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.PageMapper;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.Pte;

import java.nio.charset.StandardCharsets;

/** The kernel half of memory as the System process sees it, plus the means to map more of it. */
public final class KernelSpace {
    private final PhysicalMemory physical;
    private final FrameAllocator frames;
    private final PageMapper mapper;
    private final AddressSpace system;

    public KernelSpace(PhysicalMemory physical, FrameAllocator frames, long systemDirectoryTableBase) {
        this.physical = physical;
        this.frames = frames;
        this.mapper = new PageMapper(physical, frames);
        this.system = new AddressSpace(physical, systemDirectoryTableBase);
    }

    public PhysicalMemory physical() {
        return physical;
    }

    public FrameAllocator frames() {
        return frames;
    }

    public PageMapper mapper() {
        return mapper;
    }

    /** Kernel virtual memory (System's CR3; the kernel half is the same in every process). */
    public AddressSpace memory() {
        return system;
    }

    public StructView struct(String type, long address) {
        return NtTypes.view(system, type, address);
    }

    /** A structure written as one batch on {@link StructView#flush()}. */
    public StructBuffer batch(String type, long address) {
        return NtTypes.buffer(system, type, address);
    }

    /** A structure in memory the caller just allocated (zeros), written as one batch on flush; nothing is read. */
    public StructBuffer fresh(String type, long address) {
        return StructBuffer.fresh(system, NtTypes.struct(type), address);
    }

    /** Kernel writes go to memory the kernel mapped itself; a miss is a bug in the emulator. */
    public void write(long address, byte[] bytes) {
        try {
            system.write(address, bytes, 0, bytes.length);
        } catch (MemoryAccessException e) {
            throw unmapped("wrote to", e);
        }
    }

    public void write64(long address, long value) {
        try {
            system.writeLong(address, value);
        } catch (MemoryAccessException e) {
            throw unmapped("wrote to", e);
        }
    }

    public long read(long address, int size) {
        try {
            return system.readUnsigned(address, size);
        } catch (MemoryAccessException e) {
            throw unmapped("read", e);
        }
    }

    private static IllegalStateException unmapped(String access, MemoryAccessException e) {
        return new IllegalStateException(String.format("kernel %s unmapped %016x", access, e.address()), e);
    }

    /** A NUL-terminated UTF-16LE copy of the text, as Windows keeps strings. */
    public void writeWide(long address, String text) {
        write(address, (text + "\0").getBytes(StandardCharsets.UTF_16LE));
    }

    /** Backs {@code pages} pages from {@code address} with fresh frames, as kernel data. */
    public void mapData(long address, long pages) {
        for (long i = 0; i < pages; i++) {
            mapper.ensureMapped(system.directoryTableBase(), address + i * PhysicalMemory.PAGE_SIZE, Pte.KERNEL_DATA);
        }
    }
}
