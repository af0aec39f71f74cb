package dev.kdlab.debugger.code;

import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.stack.StackMemory;
import dev.kdlab.debugger.stack.UnwindTables;
import dev.kdlab.debugger.symbols.LoadedModule;
import dev.kdlab.debugger.symbols.ModuleList;
import dev.kdlab.disasm.Decoder;
import dev.kdlab.disasm.Instruction;
import dev.kdlab.disasm.MasmSyntax;
import dev.kdlab.memory.VirtualMemory;

import java.io.PrintStream;
import java.util.Optional;

/**
 * Code as the unassemble commands see it in the implicit process's context: instructions decoded
 * from target memory, addresses named after the kernel's and the process's modules, label lines,
 * and the extent of a function from its image's exception directory (.pdata).
 */
public final class CodeView {
    /**
     * KUSER_SHARED_DATA's user-mode view. The engine names it SharedUserData when it disassembles
     * the ntdll stubs that test it ({@code test byte ptr [SharedUserData+0x308 (00000000`7ffe0308)],1}).
     */
    private static final long SHARED_USER_DATA = 0x7ffe0000L;
    private static final long PAGE = 0x1000;

    private final Session session;
    private final VirtualMemory memory;
    private final ModuleList modules;
    private final MasmSyntax syntax;
    private final UnwindTables unwindTables;

    public CodeView(Session session) {
        this.session = session;
        this.memory = session.memory();
        this.modules = session.contextModules();
        this.syntax = new MasmSyntax(this::name);
        this.unwindTables = new UnwindTables(session.target().types());
    }

    /** The instruction at an address, or empty when its first byte cannot be read. */
    public Optional<Instruction> decode(long address) {
        byte[] bytes = new byte[Decoder.MAX_LENGTH];
        int read = memory.readAvailable(address, bytes, 0, bytes.length);
        return read == 0 ? Optional.empty() : Optional.of(Decoder.decode(address, bytes, 0, read));
    }

    /** Where the instruction after the one at {@code address} starts (one byte on for an unreadable one). */
    public static long next(long address, Optional<Instruction> instruction) {
        return instruction.map(Instruction::next).orElse(address + 1);
    }

    /** The line WinDbg prints for the instruction at an address: {@code ??  ???} where nothing can be read. */
    public String line(long address, Optional<Instruction> instruction) {
        return instruction.map(syntax::line).orElseGet(() -> MasmSyntax.unreadableLine(address));
    }

    /** {@code nt!KiSwapThread+0x500}, {@code hal+0x1234}, {@code SharedUserData+0x308}; empty outside every module. */
    public Optional<String> name(long address) {
        if (modules.find(address).isPresent()) {
            return Optional.of(modules.describe(address));
        }
        if (Long.compareUnsigned(address - SHARED_USER_DATA, PAGE) < 0) {
            long offset = address - SHARED_USER_DATA;
            return Optional.of("SharedUserData" + (offset == 0 ? "" : "+0x" + Long.toHexString(offset)));
        }
        return Optional.empty();
    }

    /** The label line before the first instruction shown: {@code nt!KeBugCheckEx+0x14:}; none outside modules. */
    public Optional<String> label(long address) {
        return modules.find(address).map(m -> modules.describe(address) + ":");
    }

    /** The label line WinDbg prints when the listing reaches a symbol: {@code nt!KiSwapThread:}. */
    public Optional<String> labelAtSymbol(long address) {
        return modules.find(address)
                .flatMap(m -> m.nearestAtOrBelow(address))
                .filter(s -> s.address() == address)
                .map(s -> s.qualifiedName() + ":");
    }

    /**
     * Prints instructions from {@code start}, each preceded by a label line where it starts a
     * symbol, until {@code count} are shown or (when {@code endInclusive} is not null) the next
     * would start past it. Returns the address after the last one.
     */
    public long print(long start, long count, Long endInclusive, PrintStream out) {
        long address = start;
        for (long shown = 0; endInclusive == null ? shown < count : Long.compareUnsigned(address, endInclusive) <= 0;
             shown++) {
            (shown == 0 ? label(address) : labelAtSymbol(address)).ifPresent(out::println);
            Optional<Instruction> instruction = decode(address);
            out.println(line(address, instruction));
            long next = next(address, instruction);
            if (Long.compareUnsigned(next, address) < 0) {
                return next;   // wrapped around the top of the address space
            }
            address = next;
        }
        return address;
    }

    /** The function containing an address, as [begin, end) from its module's RUNTIME_FUNCTION. */
    public Optional<long[]> functionExtent(long address) {
        Optional<LoadedModule> module = modules.find(address);
        if (module.isEmpty()) {
            return Optional.empty();
        }
        StackMemory stackMemory = new StackMemory(session.kernel(), memory);
        return unwindTables.lookup(stackMemory, module.get(), address)
                .map(entry -> new long[] {entry.begin(), module.get().base() + (entry.function().endAddress() & 0xffffffffL)});
    }

    /** The start of the symbol at or below an address, in its module. */
    public Optional<Long> symbolStart(long address) {
        return modules.find(address).flatMap(m -> m.nearestAtOrBelow(address)).map(LoadedModule.Symbol::address);
    }

    /** The first symbol above an address in its module, or the module's end. */
    public Optional<Long> nextSymbolOrModuleEnd(long address) {
        return modules.find(address)
                .map(m -> m.nearestAbove(address).map(LoadedModule.Symbol::address).orElse(m.base() + m.size()));
    }
}
