package dev.kdlab.debugger.stack;

import dev.kdlab.debugger.symbols.LoadedModule;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.pe.RuntimeFunction;
import dev.kdlab.pe.UnwindInfo;
import dev.kdlab.types.TypeCatalog;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Each module's exception directory as read from its mapped image: e_lfanew, then data directory 3
 * of the optional header, then the RUNTIME_FUNCTION table, binary-searched by RVA, and the
 * UNWIND_INFO each entry points at. Tables are read once per module and kept for the command.
 */
public final class UnwindTables {
    private static final int MAX_TABLE = 1 << 20;
    private static final RuntimeFunction[] NONE = new RuntimeFunction[0];
    private static final long E_LFANEW = TypeCatalog.nt().struct("_IMAGE_DOS_HEADER").offsetOf("e_lfanew");
    private static final long DATA_DIRECTORY = TypeCatalog.nt().struct("_IMAGE_NT_HEADERS64")
            .offsetOf("OptionalHeader.DataDirectory");

    /** A function's entry and its decoded unwind codes. */
    public record Entry(long begin, RuntimeFunction function, UnwindInfo info) {
    }

    private final Map<String, RuntimeFunction[]> tables = new HashMap<>();
    private final Map<String, UnwindInfo> infos = new HashMap<>();

    /** The function containing the address, if the module's exception directory has one. */
    public Optional<Entry> lookup(StackMemory memory, LoadedModule module, long address) {
        String key = module.name() + "@" + module.base();
        RuntimeFunction[] table = tables.computeIfAbsent(key, k -> read(memory, module.base()));
        long rva = address - module.base();
        int low = 0;
        int high = table.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            RuntimeFunction f = table[middle];
            if (rva < (f.beginAddress() & 0xffffffffL)) {
                high = middle - 1;
            } else if (!f.contains(rva)) {
                low = middle + 1;
            } else {
                UnwindInfo info = unwindInfo(memory, module.base(), f, key);
                return info == null ? Optional.empty()
                        : Optional.of(new Entry(module.base() + (f.beginAddress() & 0xffffffffL), f, info));
            }
        }
        return Optional.empty();
    }

    private UnwindInfo unwindInfo(StackMemory memory, long base, RuntimeFunction f, String module) {
        String key = module + "#" + f.unwindInfoAddress();
        if (infos.containsKey(key)) {
            return infos.get(key);
        }
        UnwindInfo info;
        try {
            long at = base + (f.unwindInfoAddress() & 0xffffffffL);
            byte[] header = memory.read(at, UnwindInfo.HEADER);
            byte[] bytes = memory.read(at, UnwindInfo.length(header[2] & 0xff));
            info = UnwindInfo.decode(bytes, 0);
        } catch (MemoryAccessException | IllegalArgumentException e) {
            info = null;
        }
        infos.put(key, info);
        return info;
    }

    private static RuntimeFunction[] read(StackMemory memory, long base) {
        try {
            long ntHeaders = base + (LittleEndian.get(memory.read(base + E_LFANEW, 4), 0, 4));
            byte[] directory = memory.read(ntHeaders + DATA_DIRECTORY + 8L * RuntimeFunction.DATA_DIRECTORY_INDEX, 8);
            long rva = LittleEndian.get(directory, 0, 4);
            int size = (int) LittleEndian.get(directory, 4, 4);
            if (rva == 0 || size <= 0 || size > MAX_TABLE) {
                return NONE;
            }
            byte[] bytes = memory.read(base + rva, size);
            RuntimeFunction[] table = new RuntimeFunction[size / RuntimeFunction.SIZE];
            for (int i = 0; i < table.length; i++) {
                table[i] = RuntimeFunction.decode(bytes, i * RuntimeFunction.SIZE);
            }
            return table;
        } catch (MemoryAccessException e) {
            return NONE;
        }
    }
}
