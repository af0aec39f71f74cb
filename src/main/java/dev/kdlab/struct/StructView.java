package dev.kdlab.struct;

import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.types.StructType;

import java.nio.charset.StandardCharsets;

/**
 * One structure instance in memory, read and written field by field by name through an address
 * space: the kernel writes the machine with it, the debugger reads it with it, so they cannot
 * disagree about an offset. Every get and put goes to memory at once; an unmapped address fails with
 * {@link dev.kdlab.memory.MemoryAccessException}.
 */
public final class StructView extends StructFields<StructView> {
    private final VirtualMemory memory;

    public StructView(VirtualMemory memory, StructType type, long address) {
        super(type, address);
        this.memory = memory;
    }

    public VirtualMemory memory() {
        return memory;
    }

    /** A copy of this structure to edit and write back at once. */
    public StructBuffer buffer() {
        return StructBuffer.read(memory, type, address);
    }

    /** The text a UNICODE_STRING field describes, read from its buffer. */
    public String unicodeString(String path) {
        int length = (int) get(path + ".Length");
        long buffer = get(path + ".Buffer");
        if (length == 0) {
            return "";
        }
        return new String(memory.read(buffer, length), StandardCharsets.UTF_16LE);
    }

    @Override
    long readUnit(int offset, int size) {
        return memory.readUnsigned(address + offset, size);
    }

    @Override
    void writeUnit(int offset, int size, long value) {
        memory.writeUnsigned(address + offset, size, value);
    }

    @Override
    byte[] readBytes(int offset, int length) {
        return memory.read(address + offset, length);
    }

    @Override
    void writeBytes(int offset, byte[] bytes) {
        memory.write(address + offset, bytes, 0, bytes.length);
    }
}
