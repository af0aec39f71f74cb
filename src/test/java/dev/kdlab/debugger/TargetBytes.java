package dev.kdlab.debugger;

import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.target.Target;
import dev.kdlab.types.StructType;
import dev.kdlab.types.TypeCatalog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-side reads of a target by bytes only: list walks, fields by catalog offset, strings, SIDs,
 * and a PspCidTable lookup done by hand (independent of the debugger's own HandleTables).
 */
final class TargetBytes {
    static final TypeCatalog TYPES = TypeCatalog.nt();
    static final StructType EPROCESS = TYPES.struct("_EPROCESS");
    static final StructType ETHREAD = TYPES.struct("_ETHREAD");

    private final Target target;
    private final VirtualMemory kernel;

    TargetBytes(Target target) {
        this.target = target;
        this.kernel = target.kernelSpace();
    }

    VirtualMemory kernel() {
        return kernel;
    }

    long symbol(String name) {
        // nt's PDB in the target's symbol store, at the base the version block gives
        return target.versionBlock().kernBase() + target.symbolStore().lookup("ntoskrnl.exe").orElseThrow()
                .rva(name).orElseThrow();
    }

    long read(long address, StructType type, String path) throws MemoryAccessException {
        return read(kernel, address, type, path);
    }

    static long read(VirtualMemory memory, long address, StructType type, String path) throws MemoryAccessException {
        var f = type.path(path);
        if (f.field().isBitfield()) {
            return memory.readUnsigned(address + f.offset(), f.field().bitfieldUnitBytes()) >>> f.field().bitPosition()
                    & f.field().bitMask();
        }
        return memory.readUnsigned(address + f.offset(), (int) f.field().type().size());
    }

    /** The entries of a LIST_ENTRY chain, as the containing records' addresses; checks each Blink. */
    List<Long> walk(VirtualMemory memory, long head, long linkOffset) throws MemoryAccessException {
        List<Long> items = new ArrayList<>();
        long previous = head;
        for (long link = memory.readLong(head); link != head; link = memory.readLong(link)) {
            if (memory.readLong(link + 8) != previous) {
                throw new AssertionError(String.format("Blink of %x is not %x", link, previous));
            }
            items.add(link - linkOffset);
            previous = link;
            if (items.size() > 200_000) {
                throw new AssertionError("list at " + Long.toHexString(head) + " does not end");
            }
        }
        return items;
    }

    List<Long> processes() throws MemoryAccessException {
        return walk(kernel, symbol("PsActiveProcessHead"), EPROCESS.offsetOf("ActiveProcessLinks"));
    }

    List<Long> threads(long eprocess) throws MemoryAccessException {
        return walk(kernel, eprocess + EPROCESS.offsetOf("ThreadListHead"), ETHREAD.offsetOf("ThreadListEntry"));
    }

    String imageName(long eprocess) throws MemoryAccessException {
        byte[] name = kernel.read(eprocess + EPROCESS.offsetOf("ImageFileName"), 15);
        int length = 0;
        while (length < name.length && name[length] != 0) {
            length++;
        }
        return new String(name, 0, length, StandardCharsets.ISO_8859_1);
    }

    /** The process's own view of memory (its DirectoryTableBase). */
    VirtualMemory userSpace(long eprocess) throws MemoryAccessException {
        return target.addressSpace(read(eprocess, EPROCESS, "Pcb.DirectoryTableBase"));
    }

    static String unicode(VirtualMemory memory, long unicodeString) throws MemoryAccessException {
        int length = memory.readShort(unicodeString);
        return length == 0 ? "" : new String(memory.read(memory.readLong(unicodeString + 8), length),
                StandardCharsets.UTF_16LE);
    }

    /** S-1-5-21-... from a binary SID. */
    String sid(long address) throws MemoryAccessException {
        int count = kernel.readByte(address + 1);
        long authority = 0;
        for (int i = 2; i < 8; i++) {
            authority = authority << 8 | kernel.readByte(address + i);
        }
        StringBuilder text = new StringBuilder("S-1-" + authority);
        for (int i = 0; i < count; i++) {
            text.append('-').append(kernel.readInt(address + 8 + 4L * i));
        }
        return text.toString();
    }

    /** The user SID of a process's primary token. */
    String tokenUser(long eprocess) throws MemoryAccessException {
        long token = read(eprocess, EPROCESS, "Token") & ~0xfL;
        long userAndGroups = read(token, TYPES.struct("_TOKEN"), "UserAndGroups");
        return sid(kernel.readLong(userAndGroups));
    }

    /** PspCidTable by hand: TableCode levels, 256 entries a page, ObjectPointerBits at bit 20. */
    long cidLookup(long cid) throws MemoryAccessException {
        long table = kernel.readLong(symbol("PspCidTable"));
        long tableCode = read(table, TYPES.struct("_HANDLE_TABLE"), "TableCode");
        long index = cid / 4;
        long base = tableCode & ~3L;
        long page = switch ((int) (tableCode & 3)) {
            case 0 -> base;
            case 1 -> kernel.readLong(base + 8 * (index / 256));
            default -> kernel.readLong(kernel.readLong(base + 8 * (index / (256 * 512))) + 8 * (index / 256 % 512));
        };
        return (kernel.readLong(page + 16 * (index % 256)) >> 20) << 4;
    }

    /** A handle in use, read by hand: its value, the object header its entry points at, the access it grants. */
    record Handle(long value, long header, long grantedAccess) {
    }

    /**
     * A process's handle table by hand: TableCode levels, 256 sixteen-byte entries a page, ObjectPointerBits at bit
     * 20 (the header's address shifted right by 4, extended from bit 47), GrantedAccessBits in the low 25 bits of
     * the second quadword; handle values are entry indexes times four, entry 0 unused.
     */
    List<Handle> handles(long eprocess) throws MemoryAccessException {
        long table = read(eprocess, EPROCESS, "ObjectTable");
        List<Handle> handles = new ArrayList<>();
        if (table == 0) {
            return handles;
        }
        var tableType = TYPES.struct("_HANDLE_TABLE");
        long tableCode = read(table, tableType, "TableCode");
        long limit = read(table, tableType, "NextHandleNeedingPool") / 4;
        long base = tableCode & ~3L;
        for (long index = 1; index < limit; index++) {
            long page = switch ((int) (tableCode & 3)) {
                case 0 -> base;
                case 1 -> kernel.readLong(base + 8 * (index / 256));
                default -> kernel.readLong(kernel.readLong(base + 8 * (index / (256 * 512))) + 8 * (index / 256 % 512));
            };
            long low = kernel.readLong(page + 16 * (index % 256));
            if (low >>> 20 != 0) {
                handles.add(new Handle(4 * index, (low >> 20) << 4, kernel.readLong(page + 16 * (index % 256) + 8)
                        & 0x1ffffff));
            }
        }
        return handles;
    }
}
