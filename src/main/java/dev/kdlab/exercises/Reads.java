package dev.kdlab.exercises;

import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.target.Target;
import dev.kdlab.types.FieldPath;
import dev.kdlab.types.StructType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A checker's reads of the machine, through {@link Target} only, each one written down as it is made
 * (structure, address, field, offset, value) so that a solved exercise can show how its answer follows
 * from the bytes. List walks are written down as one line per walk (where it started, through which
 * field, how many entries), the reads of the entries the answer rests on one line each.
 */
public final class Reads {
    private static final String KERNEL_FILE = "ntoskrnl.exe";

    private final Target target;
    private final VirtualMemory kernel;
    private final List<String> log = new ArrayList<>();

    public Reads(Target target) {
        this.target = target;
        this.kernel = target.kernelSpace();
    }

    public Target target() {
        return target;
    }

    public VirtualMemory kernel() {
        return kernel;
    }

    /** The derivation so far. */
    public List<String> log() {
        return List.copyOf(log);
    }

    /** A step of the derivation that is a computation, not a read. */
    public void note(String format, Object... args) {
        log.add(String.format(format, args));
    }

    /** An nt! symbol's address: the kernel base from the version block plus the RVA nt's PDB gives. */
    public long symbol(String name) {
        long address = symbolQuietly(name);
        log.add("nt!" + name + " = " + address(address));
        return address;
    }

    /** The same, not written down (a lookup the derivation does not rest on). */
    public long symbolQuietly(String name) {
        return target.versionBlock().kernBase() + target.symbolStore().lookup(KERNEL_FILE).orElseThrow()
                .rva(name).orElseThrow(() -> new IllegalStateException("no symbol nt!" + name));
    }

    public StructType type(String name) {
        return target.types().struct(name);
    }

    public long offset(String type, String path) {
        return type(type).offsetOf(path);
    }

    /** A field in kernel memory. */
    public long field(String type, long address, String path) {
        return field(kernel, type, address, path);
    }

    /** A field in an address space; bitfields come out shifted and masked. */
    public long field(VirtualMemory memory, String type, long address, String path) {
        long value = peek(memory, type, address, path);
        FieldPath field = type(type).path(path);
        log.add(String.format("%s %s +0x%x %s = %s", type, address(address), field.offset(), path, hex(value)));
        return value;
    }

    /** A field read that the derivation does not rest on (scanning candidates); not written down. */
    public long peek(VirtualMemory memory, String type, long address, String path) {
        FieldPath field = type(type).path(path);
        if (field.field().isBitfield()) {
            return memory.readUnsigned(address + field.offset(), field.field().bitfieldUnitBytes())
                    >>> field.field().bitPosition() & field.field().bitMask();
        }
        return memory.readUnsigned(address + field.offset(), (int) field.field().type().size());
    }

    /** A quadword in kernel memory. */
    public long pointer(long address) {
        return pointer(kernel, address);
    }

    public long pointer(VirtualMemory memory, long address) {
        long value = memory.readLong(address);
        log.add(String.format("poi(%s) = %s", address(address), hex(value)));
        return value;
    }

    /** A quadword of physical memory. */
    public long physical(long address) {
        byte[] bytes = new byte[8];
        target.physical().read(address, bytes, 0, 8);
        long value = dev.kdlab.memory.LittleEndian.getLong(bytes, 0);
        log.add(String.format("physical %s = %s", address(address), hex(value)));
        return value;
    }

    /** A fixed array of ANSI characters up to its NUL (ImageFileName). */
    public String ansi(String type, long address, String path) {
        String text = peekAnsi(type, address, path);
        log.add(String.format("%s %s +0x%x %s = \"%s\"", type, address(address), offset(type, path), path, text));
        return text;
    }

    public String peekAnsi(String type, long address, String path) {
        FieldPath field = type(type).path(path);
        byte[] bytes = kernel.read(address + field.offset(), (int) field.field().type().size());
        int length = 0;
        while (length < bytes.length && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    /** A UNICODE_STRING field's text, its buffer read in the same address space. */
    public String unicode(VirtualMemory memory, String type, long address, String path) {
        long at = address + offset(type, path);
        long buffer = memory.readLong(at + 8);
        String text = peekUnicode(memory, type, address, path);
        log.add(String.format("%s %s +0x%x %s = \"%s\" (Buffer %s)", type, address(address), offset(type, path), path,
                text, address(buffer)));
        return text;
    }

    public String peekUnicode(VirtualMemory memory, String type, long address, String path) {
        long at = address + offset(type, path);
        int length = (int) memory.readUnsigned(at, 2);
        long buffer = memory.readLong(at + 8);
        return new String(memory.read(buffer, length), StandardCharsets.UTF_16LE);
    }

    /**
     * The records on a LIST_ENTRY ring: each Flink from {@code head} until it comes back, minus the link's
     * offset in the record (CONTAINING_RECORD). Written down as one line.
     */
    public List<Long> walk(VirtualMemory memory, long head, String type, String linkField) {
        List<Long> records = peekWalk(memory, head, type(type).offsetOf(linkField));
        log.add(String.format("walk %s from %s through %s.%s: %d entries", linkField, address(head), type, linkField,
                records.size()));
        return records;
    }

    public static final int MAX_LINKS = 100_000;

    public List<Long> peekWalk(VirtualMemory memory, long head, long linkOffset) {
        List<Long> records = new ArrayList<>();
        for (long link = memory.readLong(head); link != head && records.size() < MAX_LINKS; link = memory.readLong(link)) {
            records.add(link - linkOffset);
        }
        return records;
    }

    /** The process's address space, through its DirectoryTableBase. */
    public VirtualMemory processSpace(long eprocess) {
        long directoryTableBase = field("_EPROCESS", eprocess, "Pcb.DirectoryTableBase");
        return target.addressSpace(directoryTableBase);
    }

    /** Readable without a fault. */
    public static boolean readable(VirtualMemory memory, long address) {
        try {
            memory.readUnsigned(address, 1);
            return true;
        } catch (MemoryAccessException e) {
            return false;
        }
    }

    /** An address as WinDbg prints a 64-bit one: {@code ffffe089`7de77040}. */
    public static String address(long value) {
        return String.format("%08x`%08x", value >>> 32, value & 0xffff_ffffL);
    }

    /** A value as a hex literal. */
    public static String hex(long value) {
        return Long.compareUnsigned(value, 0xffff_ffffL) > 0 ? address(value) : "0x" + Long.toHexString(value);
    }
}
