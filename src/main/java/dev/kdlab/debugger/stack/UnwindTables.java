package dev.kdlab.debugger.stack;

import dev.kdlab.debugger.symbols.LoadedModule;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.pe.ImageBytes;
import dev.kdlab.pe.PeFormatException;
import dev.kdlab.pe.PeHeaders;
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

    /** A function's entry and its decoded unwind codes. */
    public record Entry(long begin, RuntimeFunction function, UnwindInfo info) {
    }

    private final Map<String, RuntimeFunction[]> tables = new HashMap<>();
    private final Map<String, UnwindInfo> infos = new HashMap<>();
    private final TypeCatalog types;

    public UnwindTables(TypeCatalog types) {
        this.types = types;
    }

    /** The function containing the address, if the module's exception directory has one. */
    public Optional<Entry> lookup(StackMemory memory, LoadedModule module, long address) {
        String key = module.name() + "@" + module.base();
        RuntimeFunction[] table = tables.computeIfAbsent(key, k -> read(memory, module.base(), types));
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

    private static RuntimeFunction[] read(StackMemory memory, long base, TypeCatalog types) {
        ImageBytes image = (rva, into) -> memory.readAvailable(base + rva, into);
        try {
            PeHeaders.DataDirectory directory = PeHeaders.read(image, types).directory(RuntimeFunction.DATA_DIRECTORY_INDEX);
            long rva = directory.virtualAddress();
            long size = directory.size();
            if (rva == 0 || size <= 0 || size > MAX_TABLE) {
                return NONE;
            }
            byte[] bytes = image.require(rva, (int) size);
            RuntimeFunction[] table = new RuntimeFunction[(int) size / RuntimeFunction.SIZE];
            for (int i = 0; i < table.length; i++) {
                table[i] = RuntimeFunction.decode(bytes, i * RuntimeFunction.SIZE);
            }
            return table;
        } catch (PeFormatException e) {
            return NONE;
        }
    }
}
