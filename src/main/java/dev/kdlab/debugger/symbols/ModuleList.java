package dev.kdlab.debugger.symbols;

import dev.kdlab.debugger.StructReader;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.target.Module;
import dev.kdlab.target.Symbols;
import dev.kdlab.types.TypeCatalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The modules addresses resolve against: the kernel's (from the target's symbols) and, for one
 * process, the user modules of its PEB loader list, read from that process's memory and matched
 * with the symbol store by file name, as WinDbg does after {@code .reload /user}.
 */
public final class ModuleList {
    private static final int MAX_MODULES = 1024;
    private final List<LoadedModule> modules;

    private ModuleList(List<LoadedModule> modules) {
        this.modules = List.copyOf(modules);
    }

    /** Kernel modules only. */
    public static ModuleList kernel(Symbols symbols) {
        List<LoadedModule> modules = new ArrayList<>();
        for (Module m : symbols.modules()) {
            modules.add(new LoadedModule(m.name(), m.base(), m.size(), symbols.rvas(m.name())));
        }
        return new ModuleList(modules);
    }

    /** These kernel modules plus the user modules of the process whose PEB is at {@code peb} in {@code memory}. */
    public ModuleList withUserModules(Symbols symbols, VirtualMemory memory, long peb) {
        List<LoadedModule> all = new ArrayList<>(userModules(symbols, memory, peb));
        all.addAll(modules);
        return new ModuleList(all);
    }

    private static List<LoadedModule> userModules(Symbols symbols, VirtualMemory memory, long peb) {
        List<LoadedModule> user = new ArrayList<>();
        if (peb == 0) {
            return user;
        }
        try {
            long ldr = new StructReader(memory, "_PEB", peb).get("Ldr");
            long head = ldr + TypeCatalog.nt().struct("_PEB_LDR_DATA").offsetOf("InLoadOrderModuleList");
            for (long link = memory.readLong(head); link != head && user.size() < MAX_MODULES; link = memory.readLong(link)) {
                StructReader entry = new StructReader(memory, "_LDR_DATA_TABLE_ENTRY", link);
                String file = entry.unicodeString("BaseDllName");
                user.add(new LoadedModule(moduleName(file), entry.get("DllBase"), entry.get("SizeOfImage"),
                        symbols.imageSymbols(file).orElse(java.util.Map.of())));
            }
        } catch (MemoryAccessException e) {
            // the loader list ends where it can no longer be read, as WinDbg's module walk does
        }
        return user;
    }

    /** "KERNEL32.DLL" -> KERNEL32, "cmd.exe" -> cmd: the module name WinDbg shows. */
    static String moduleName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot <= 0 ? fileName : fileName.substring(0, dot);
    }

    public List<LoadedModule> modules() {
        return modules;
    }

    public Optional<LoadedModule> find(long address) {
        for (LoadedModule m : modules) {
            if (m.contains(address)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    public Optional<LoadedModule> named(String name) {
        for (LoadedModule m : modules) {
            if (m.name().equalsIgnoreCase(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code module!symbol}, or the module's base for {@code module!}; a null module searches all,
     * and a bare module name ({@code ? ntdll}) is the module's base, as in WinDbg.
     */
    public OptionalLong address(String module, String symbol) {
        if (module == null) {
            Optional<LoadedModule> named = named(symbol);
            if (named.isPresent()) {
                return OptionalLong.of(named.get().base());
            }
        }
        for (LoadedModule m : modules) {
            if (module != null && !m.name().equalsIgnoreCase(module)) {
                continue;
            }
            Optional<Long> at = symbol.isEmpty() ? Optional.of(m.base()) : m.address(symbol);
            if (at.isPresent()) {
                return OptionalLong.of(at.get());
            }
        }
        return OptionalLong.empty();
    }

    /**
     * How a call site is shown: {@code nt!KiSwapThread+0x500}, {@code DumpIt+0x16d7} for a module
     * without symbols, or the bare address ({@code 0x00007ffe`5ee4d0e4}, {@code 0x12e}) outside any module.
     */
    public String describe(long address) {
        Optional<LoadedModule> module = find(address);
        if (module.isEmpty()) {
            return bare(address);
        }
        LoadedModule m = module.get();
        Optional<LoadedModule.Symbol> symbol = m.nearestAtOrBelow(address);
        if (symbol.isEmpty()) {
            return m.name() + offset(address - m.base());
        }
        return symbol.get().qualifiedName() + offset(address - symbol.get().address());
    }

    /** An address outside every module, as a call site prints it: 32-bit values short, others with a backtick. */
    public static String bare(long address) {
        if ((address >>> 32) == 0) {
            return "0x" + Long.toHexString(address);
        }
        return String.format(Locale.ROOT, "0x%08x`%08x", address >>> 32, address & 0xffffffffL);
    }

    private static String offset(long displacement) {
        return displacement == 0 ? "" : "+0x" + Long.toHexString(displacement);
    }
}
