package dev.kdlab.kernel.image;


import dev.kdlab.kernel.NtTypes;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.pe.Register;
import dev.kdlab.pe.RuntimeFunction;
import dev.kdlab.pe.UnwindCode;
import dev.kdlab.pe.UnwindInfo;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The code of one image as its PDB and its exception directory describe it: functions with their
 * prologs and machine code, labels inside functions ({@code KiSystemServiceCopyEnd} in
 * KiSystemCall64), system-call stubs, the image's data symbols and its import slots. Functions are
 * placed at the RVAs captures fix, or, for the many that no capture fixes, in their section at a
 * spot their name picks (so adding one moves no other). {@link #writeInto} puts the code, the
 * RUNTIME_FUNCTION table and the UNWIND_INFO records into the mapped image, where a debugger's
 * unwinder and disassembler read them (PE data directories 3 and 12).
 */
public final class ImageCode {
    private static final byte[] STUB_HEAD = {0x4c, (byte) 0x8b, (byte) 0xd1, (byte) 0xb8};
    /**
     * test byte ptr [SharedUserData+0x308],1 / jne / syscall / ret / int 2e / ret / nop dword ptr
     * [rax+rax]: ntdll's x64 stub, padded to the next stub 0x20 bytes on.
     */
    private static final byte[] STUB_TAIL = {(byte) 0xf6, 0x04, 0x25, 0x08, 0x03, (byte) 0xfe, 0x7f, 0x01, 0x75,
            0x03, 0x0f, 0x05, (byte) 0xc3, (byte) 0xcd, 0x2e, (byte) 0xc3, 0x0f, 0x1f, (byte) 0x84, 0, 0, 0, 0, 0};
    /** A return from a system-call stub lands just past its {@code syscall}: +0x14 (machine-19045.md 6.4). */
    public static final int STUB_RETURN = 0x14;
    /** Kernel code calls function pointers through this routine (CFG's dispatch: it jumps to rax). */
    static final String KERNEL_DISPATCH = "guard_dispatch_icall";
    /** User images call function pointers through this pointer, which the loader sets to ntdll's dispatcher. */
    static final String USER_DISPATCH_POINTER = "__guard_dispatch_icall_fptr";
    private static final int IAT_DIRECTORY_INDEX = 12;

    /** A part of the image functions are placed in when no capture fixes their RVA: [start, end). */
    public record Section(String name, long start, long end) {
    }

    private final String moduleName;
    private final long exceptionDirectoryRva;
    private final boolean kernelMode;
    private final List<CodeFunction> functions;
    private final Map<String, CodeFunction> byName = new HashMap<>();
    private final Map<String, Long> labels;
    private final Map<String, Long> data;
    /** Functions the image's PDB names no public symbol for: code at a place, under a key only kdlab knows. */
    private final Set<String> unnamed;
    private final Map<String, Integer> systemCalls;
    private final Map<String, byte[]> bodies = new HashMap<>();
    /** Import slots: RVA to the {@code module!symbol} whose address the loader writes there. */
    private final NavigableMap<Long, String> importSlots;
    private final Map<Long, String> pointers;
    private final long importTableRva;

    private ImageCode(Builder builder) {
        this.moduleName = builder.moduleName;
        this.exceptionDirectoryRva = builder.exceptionDirectoryRva;
        this.kernelMode = builder.kernelMode;
        List<CodeFunction> sorted = new ArrayList<>(builder.place());
        sorted.sort(Comparator.comparingLong(CodeFunction::rva));
        for (int i = 1; i < sorted.size(); i++) {
            CodeFunction previous = sorted.get(i - 1);
            if (previous.rva() + previous.size() > sorted.get(i).rva()) {
                throw new IllegalStateException(moduleName + "!" + previous.name() + " overlaps " + sorted.get(i).name());
            }
        }
        this.functions = List.copyOf(sorted);
        for (CodeFunction f : functions) {
            if (byName.put(f.name(), f) != null) {
                throw new IllegalStateException(moduleName + "!" + f.name() + " is defined twice");
            }
        }
        this.labels = Map.copyOf(builder.labels);
        this.unnamed = Set.copyOf(builder.unnamed);
        this.systemCalls = Map.copyOf(builder.systemCalls);
        this.importTableRva = builder.importTableRva;
        this.importSlots = new TreeMap<>(builder.importSlots);
        this.pointers = Map.copyOf(builder.pointers);
        Map<String, Long> dataSymbols = new LinkedHashMap<>(builder.data);
        builder.importSlots.forEach((slot, target) -> dataSymbols.put("__imp_" + target.substring(target.indexOf('!') + 1), slot));
        this.data = Collections.unmodifiableMap(dataSymbols);
        generateBodies(builder);
    }

    public static Builder builder(String moduleName, long exceptionDirectoryRva) {
        return new Builder(moduleName, exceptionDirectoryRva);
    }

    /** The name the debugger shows: {@code nt}, {@code ntdll}, {@code KERNEL32}, {@code cmd}. */
    public String moduleName() {
        return moduleName;
    }

    public List<CodeFunction> functions() {
        return functions;
    }

    public CodeFunction function(String name) {
        CodeFunction f = byName.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no function " + moduleName + "!" + name);
        }
        return f;
    }

    public boolean hasFunction(String name) {
        return byName.containsKey(name);
    }

    /** The RVA of a function, label or data symbol. */
    public long rvaOf(String symbol) {
        Long label = labels.get(symbol);
        if (label != null) {
            return label;
        }
        Long datum = data.get(symbol);
        return datum != null ? datum : function(symbol).rva();
    }

    /** The return address {@code symbol+offset}, in the function that contains it. */
    public CallSite site(String symbol, int offset) {
        long rva = rvaOf(symbol) + offset;
        for (CodeFunction f : functions) {
            if (f.contains(rva)) {
                return new CallSite(this, f, rva);
            }
        }
        throw new IllegalArgumentException(moduleName + "!" + symbol + "+" + Integer.toHexString(offset) + " is in no function");
    }

    /** The system-call number a stub loads into eax. */
    public int systemCallNumber(String stub) {
        Integer number = systemCalls.get(stub);
        if (number == null) {
            throw new IllegalArgumentException(moduleName + "!" + stub + " is no system-call stub");
        }
        return number;
    }

    /**
     * Every public symbol and its RVA: functions, stubs, labels and data (import slots among them);
     * not the unnamed functions ({@link #unnamedCode}), whose keys are kdlab's, not the PDB's.
     */
    public Map<String, Long> symbols() {
        Map<String, Long> symbols = allSymbols();
        symbols.keySet().removeAll(unnamed);
        return Collections.unmodifiableMap(symbols);
    }

    /** The public symbols and the unnamed functions' keys: what the image's own code links against. */
    private Map<String, Long> allSymbols() {
        Map<String, Long> symbols = new LinkedHashMap<>();
        for (CodeFunction f : functions) {
            symbols.put(f.name(), f.rva());
        }
        symbols.putAll(labels);
        symbols.putAll(data);
        return symbols;
    }

    /** The public symbols that name functions (what {@code x} shows with a parameter list). */
    public Set<String> functionNames() {
        Set<String> names = new TreeSet<>();
        for (CodeFunction f : functions) {
            if (!unnamed.contains(f.name())) {
                names.add(f.name());
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /**
     * The functions no public symbol names, as [start, end) RVAs: code a debugger finds through the
     * exception directory and the pointers at it, but can describe only as {@code module+0x...}.
     */
    public NavigableMap<Long, Long> unnamedCode() {
        NavigableMap<Long, Long> ranges = new TreeMap<>();
        for (CodeFunction f : functions) {
            if (unnamed.contains(f.name())) {
                ranges.put(f.rva(), f.rva() + f.size());
            }
        }
        return Collections.unmodifiableNavigableMap(ranges);
    }

    /** The machine code of a function, as {@link #writeInto} writes it. */
    public byte[] body(String name) {
        byte[] body = bodies.get(name);
        if (body == null) {
            throw new IllegalArgumentException("no code for " + moduleName + "!" + name);
        }
        return body.clone();
    }

    /**
     * Where {@code caller} returns to after its direct call of {@code callee}: the offset just past
     * the {@code call rel32} in its body whose target is the callee; empty when it makes no such call.
     */
    public java.util.OptionalInt returnOffset(String caller, String callee) {
        byte[] body = bodies.get(caller);
        if (body == null || !byName.containsKey(callee)) {
            return java.util.OptionalInt.empty();
        }
        long from = function(caller).rva();
        long target = function(callee).rva();
        for (int at = 0; at + 5 <= body.length; at++) {
            if ((body[at] & 0xff) == 0xe8) {
                int relative = (body[at + 1] & 0xff) | (body[at + 2] & 0xff) << 8 | (body[at + 3] & 0xff) << 16
                        | body[at + 4] << 24;
                if (from + at + 5 + relative == target) {
                    return java.util.OptionalInt.of(at + 5);
                }
            }
        }
        return java.util.OptionalInt.empty();
    }

    /** The import slots, by RVA, with the {@code module!symbol} each holds the address of. */
    public Map<Long, String> importSlots() {
        return Collections.unmodifiableMap(importSlots);
    }

    /** Where a loader finds the functions another image imports: the module's base plus a symbol's RVA. */
    @FunctionalInterface
    public interface ImportResolver {
        OptionalLong address(String module, String symbol);
    }

    /** The image's code with no other image to bind imports to (nt, whose slots stay empty here). */
    public void writeInto(VirtualMemory memory, long imageBase) {
        writeInto(memory, imageBase, (module, symbol) -> OptionalLong.empty());
    }

    /**
     * Writes the image's code as a debugger reads it: every function's machine code, the system-call
     * stubs, the exception directory (RUNTIME_FUNCTIONs sorted by address, then the UNWIND_INFOs) with
     * data directory 3 pointing at it, and the import slots and pointers bound as the loader binds
     * them, with data directory 12 (IAT) pointing at the slots.
     */
    public void writeInto(VirtualMemory memory, long imageBase, ImportResolver imports) {
        for (CodeFunction f : functions) {
            byte[] body = bodies.get(f.name());
            if (body != null) {
                write(memory, imageBase + f.rva(), body);
            }
        }
        for (Map.Entry<String, Integer> call : systemCalls.entrySet()) {
            write(memory, imageBase + function(call.getKey()).rva(), stub(call.getValue()));
        }
        writeExceptionDirectory(memory, imageBase);
        if (!importSlots.isEmpty()) {
            byte[] slots = new byte[(int) (importSlots.lastKey() - importTableRva) + 8];
            for (Map.Entry<Long, String> slot : importSlots.entrySet()) {
                String target = slot.getValue();
                int bang = target.indexOf('!');
                long address = imports.address(target.substring(0, bang), target.substring(bang + 1)).orElse(0);
                LittleEndian.putLong(slots, (int) (slot.getKey() - importTableRva), address);
            }
            write(memory, imageBase + importTableRva, slots);
            dataDirectory(memory, imageBase, IAT_DIRECTORY_INDEX, importTableRva, slots.length);
        }
        for (Map.Entry<Long, String> pointer : pointers.entrySet()) {
            String target = pointer.getValue();
            int bang = target.indexOf('!');
            byte[] value = new byte[8];
            LittleEndian.putLong(value, 0, imports.address(target.substring(0, bang), target.substring(bang + 1)).orElse(0));
            write(memory, imageBase + pointer.getKey(), value);
        }
    }

    private void writeExceptionDirectory(VirtualMemory memory, long imageBase) {
        List<CodeFunction> unwound = functions.stream().filter(f -> !f.isLeaf()).toList();
        int tableSize = unwound.size() * RuntimeFunction.SIZE;
        byte[] table = new byte[tableSize];
        ByteArrayOutputStream infos = new ByteArrayOutputStream();
        for (int i = 0; i < unwound.size(); i++) {
            CodeFunction f = unwound.get(i);
            long infoRva = exceptionDirectoryRva + tableSize + infos.size();
            new RuntimeFunction((int) f.rva(), (int) (f.rva() + f.size()), (int) infoRva).encode(table, i * RuntimeFunction.SIZE);
            byte[] info = UnwindInfo.ofProlog(f.prolog()).encode();
            infos.write(info, 0, info.length);
        }
        write(memory, imageBase + exceptionDirectoryRva, table);
        write(memory, imageBase + exceptionDirectoryRva + tableSize, infos.toByteArray());
        dataDirectory(memory, imageBase, RuntimeFunction.DATA_DIRECTORY_INDEX, exceptionDirectoryRva, tableSize);
    }

    private static void dataDirectory(VirtualMemory memory, long imageBase, int index, long rva, int size) {
        long directory = NtTypes.view(memory, "_IMAGE_NT_HEADERS64", imageBase + PeImage.NT_HEADERS_OFFSET)
                .addressOf("OptionalHeader.DataDirectory") + 8L * index;
        byte[] entry = new byte[8];
        LittleEndian.put(entry, 0, 4, rva);
        LittleEndian.put(entry, 4, 4, size);
        write(memory, directory, entry);
    }

    private static byte[] stub(int number) {
        byte[] bytes = new byte[STUB_HEAD.length + 4 + STUB_TAIL.length];
        System.arraycopy(STUB_HEAD, 0, bytes, 0, STUB_HEAD.length);
        LittleEndian.put(bytes, STUB_HEAD.length, 4, number);
        System.arraycopy(STUB_TAIL, 0, bytes, STUB_HEAD.length + 4, STUB_TAIL.length);
        return bytes;
    }

    private static void write(VirtualMemory memory, long at, byte[] bytes) {
        try {
            memory.write(at, bytes, 0, bytes.length);
        } catch (MemoryAccessException e) {
            throw new IllegalStateException(String.format("image page at %016x not mapped", e.address()), e);
        }
    }

    /** Every function's machine code, generated once per image from its prolog and plan. */
    private void generateBodies(Builder builder) {
        Map<String, Long> symbols = allSymbols();
        List<Long> helpers = new ArrayList<>();
        for (String helper : builder.helpers) {
            helpers.add(rvaOf(helper));
        }
        Map<String, Long> slots = new HashMap<>();
        importSlots.forEach((slot, target) -> slots.put(target.toLowerCase(java.util.Locale.ROOT), slot));
        FunctionBody.Linkage linkage = new FunctionBody.Linkage() {
            @Override
            public long symbol(String name) {
                Long rva = symbols.get(name);
                if (rva == null) {
                    throw new IllegalStateException(moduleName + " has no symbol " + name + " for its code to use");
                }
                return rva;
            }

            @Override
            public long importSlot(String module, String symbol) {
                Long slot = slots.get((module + "!" + symbol).toLowerCase(java.util.Locale.ROOT));
                if (slot == null) {
                    throw new IllegalStateException(moduleName + " imports no " + module + "!" + symbol);
                }
                return slot;
            }

            @Override
            public boolean kernelMode() {
                return kernelMode;
            }

            @Override
            public List<Long> helpers() {
                return helpers;
            }
        };
        Map<String, FunctionPlan> plans = builder.resolvedPlans(this);
        for (CodeFunction f : functions) {
            FunctionPlan plan = plans.getOrDefault(f.name(), new FunctionPlan());
            if (plan.body != null) {
                bodies.put(f.name(), plan.body);
            } else if (!plan.given) {
                bodies.put(f.name(), FunctionBody.generate(f, plan, linkage));
            }
        }
    }

    /**
     * Collects an image's functions; a function's calls, callees, globals and fixed instructions
     * follow it ({@code function(...).calls(0x500, "KiSwapContext")}).
     */
    public static final class Builder {
        private final String moduleName;
        private final long exceptionDirectoryRva;
        private boolean kernelMode;
        private final List<CodeFunction> functions = new ArrayList<>();
        private final List<Floating> floating = new ArrayList<>();
        private final Map<String, FunctionPlan> plans = new LinkedHashMap<>();
        private final Map<String, Long> labels = new LinkedHashMap<>();
        private final Map<String, Long> data = new LinkedHashMap<>();
        private final Map<String, Integer> systemCalls = new LinkedHashMap<>();
        private final List<Instruction> instructions = new ArrayList<>();
        private final Map<Long, String> importSlots = new LinkedHashMap<>();
        private final Map<Long, String> pointers = new LinkedHashMap<>();
        private final List<String> helpers = new ArrayList<>();
        private final Set<String> unnamed = new TreeSet<>();
        private final Map<String, Long> forwarders = new LinkedHashMap<>();
        /** Data that sits among the code (nt!KiServiceTable in .text): RVA and size, kept clear of functions. */
        private final Map<Long, Long> tables = new LinkedHashMap<>();
        private long importTableRva;
        private String current;

        /** A function no capture places: its section picks where. */
        private record Floating(String name, Section section, int size, List<UnwindCode> prolog) {
        }

        /** Instructions fixed at {@code symbol+offset}, resolved once every function has its place. */
        private record Instruction(String symbol, int offset, Consumer<Assembler> code) {
        }

        private Builder(String moduleName, long exceptionDirectoryRva) {
            this.moduleName = moduleName;
            this.exceptionDirectoryRva = exceptionDirectoryRva;
        }

        /** Kernel code: indirect calls go through nt!guard_dispatch_icall. */
        public Builder kernelMode() {
            this.kernelMode = true;
            return this;
        }

        public Builder function(String name, long rva, int size, UnwindCode... prolog) {
            functions.add(new CodeFunction(name, rva, size, List.of(prolog)));
            return select(name);
        }

        /** A function whose prolog pushes {@code pushes} and then allocates {@code alloc} bytes. */
        public Builder function(String name, long rva, int size, Register[] pushes, int alloc) {
            functions.add(new CodeFunction(name, rva, size, prolog(pushes, alloc)));
            return select(name);
        }

        /** A function placed in {@code section} at the spot its name picks. */
        public Builder routine(String name, Section section, int size, Register[] pushes, int alloc) {
            floating.add(new Floating(name, section, size, prolog(pushes, alloc)));
            return select(name);
        }

        public Builder routine(String name, Section section, int size, UnwindCode... prolog) {
            floating.add(new Floating(name, section, size, List.of(prolog)));
            return select(name);
        }

        /** A leaf (no prolog, no RUNTIME_FUNCTION) placed in {@code section}. */
        public Builder leaf(String name, Section section, int size) {
            return routine(name, section, size);
        }

        /**
         * A forwarder: {@code jmp qword ptr [__imp_symbol]} to the same-named function of another
         * image (most of KERNEL32's exports hand over to KERNELBASE this way).
         */
        public Builder forwarder(String name, Section section, String module) {
            routine(name, section, 0x10);
            forwarders.put(name, importSlot(module, name));
            return this;
        }

        private static List<UnwindCode> prolog(Register[] pushes, int alloc) {
            List<UnwindCode> prolog = new ArrayList<>();
            for (Register r : pushes) {
                prolog.add(new UnwindCode.Push(r));
            }
            prolog.add(new UnwindCode.Alloc(alloc));
            return prolog;
        }

        private Builder select(String name) {
            current = name;
            plans.computeIfAbsent(name, n -> new FunctionPlan());
            return this;
        }

        private FunctionPlan plan() {
            if (current == null) {
                throw new IllegalStateException("no function to add to");
            }
            return plans.get(current);
        }

        /** The current function calls {@code symbol} of this image, returning to {@code returnOffset}. */
        public Builder calls(int returnOffset, String symbol) {
            plan().calls.add(new FunctionPlan.Call(returnOffset, new CallTarget.Direct(symbol)));
            return this;
        }

        /** The current function calls {@code module!symbol} through its import slot, returning to {@code returnOffset}. */
        public Builder callsImport(int returnOffset, String module, String symbol) {
            importSlot(module, symbol);
            plan().calls.add(new FunctionPlan.Call(returnOffset, new CallTarget.Import(module, symbol)));
            return this;
        }

        /** The current function calls a function pointer (through CFG's dispatch), returning to {@code returnOffset}. */
        public Builder callsPointer(int returnOffset) {
            plan().calls.add(new FunctionPlan.Call(returnOffset, new CallTarget.Dispatch()));
            return this;
        }

        /** The current function calls the routine in {@code register}, returning to {@code returnOffset}. */
        public Builder callsRegister(int returnOffset, Register register) {
            plan().calls.add(new FunctionPlan.Call(returnOffset, new CallTarget.Through(register)));
            return this;
        }

        /** Routines of this image the current function calls on its way, in order. */
        public Builder invokes(String... symbols) {
            for (String symbol : symbols) {
                plan().callees.add(new CallTarget.Direct(symbol));
            }
            return this;
        }

        /** Functions of {@code module} the current function calls through its import slots. */
        public Builder invokesImports(String module, String... symbols) {
            for (String symbol : symbols) {
                importSlot(module, symbol);
                plan().callees.add(new CallTarget.Import(module, symbol));
            }
            return this;
        }

        /** Globals of this image the current function reads. */
        public Builder uses(String... globals) {
            plan().globals.addAll(List.of(globals));
            return this;
        }

        /** Routines any function may call on its way (locks, pool, references), for the code between the calls. */
        public Builder helpers(String... names) {
            helpers.addAll(List.of(names));
            return this;
        }

        /** An ntdll-style system-call stub: a 0x20-byte leaf that ends in {@code syscall; ret}. */
        public Builder systemCall(String name, long rva, int number) {
            functions.add(new CodeFunction(name, rva, 0x20, List.of()));
            systemCalls.put(name, number);
            select(name);
            plan().given = true;
            return this;
        }

        /** The encoded instruction at {@code symbol+offset} (a function or label), for {@code r} and {@code u} to show. */
        public Builder instruction(String symbol, int offset, int... bytes) {
            byte[] encoded = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                encoded[i] = (byte) bytes[i];
            }
            instructions.add(new Instruction(symbol, offset, a -> a.raw(encoded)));
            return this;
        }

        /** Instructions at {@code symbol+offset} written with the assembler (rip-relative operands, branches). */
        Builder code(String symbol, int offset, Consumer<Assembler> code) {
            instructions.add(new Instruction(symbol, offset, code));
            return this;
        }

        public Builder label(String name, long rva) {
            labels.put(name, rva);
            return this;
        }

        /** A data symbol of the image (a global variable, a table). */
        public Builder data(String name, long rva) {
            data.put(name, rva);
            return this;
        }

        /** A data symbol of {@code size} bytes in a code section: no function is placed over it. */
        public Builder table(String name, long rva, long size) {
            data.put(name, rva);
            tables.put(rva, rva + size);
            return this;
        }

        /**
         * The current function has no public symbol: its name is a key for placing it and for the
         * image's own references, and the PDB leaves it out (a routine whose real name kdlab does not know).
         */
        public Builder unnamed() {
            if (current == null) {
                throw new IllegalStateException("no function to leave unnamed");
            }
            unnamed.add(current);
            return this;
        }

        /** Whether a function of this name has been added. */
        public boolean defines(String name) {
            return plans.containsKey(name);
        }

        /** Data symbols, by name. */
        public Builder data(Map<String, Long> symbols) {
            data.putAll(symbols);
            return this;
        }

        /** Where the image's import slots (its IAT) start. */
        public Builder importTable(long rva) {
            importTableRva = rva;
            return this;
        }

        /** The slot through which the image calls {@code module!symbol}, made on first use. */
        private long importSlot(String module, String symbol) {
            String target = module + "!" + symbol;
            for (Map.Entry<Long, String> slot : importSlots.entrySet()) {
                if (slot.getValue().equalsIgnoreCase(target)) {
                    return slot.getKey();
                }
            }
            if (importTableRva == 0) {
                throw new IllegalStateException(moduleName + " has no import table for " + target);
            }
            long slot = importTableRva + 8L * importSlots.size();
            importSlots.put(slot, target);
            return slot;
        }

        /**
         * A data symbol at {@code rva} that holds {@code module!symbol}'s address once the loader ran
         * (CFG's dispatch pointer, ntdll's pointer to KERNEL32's thread thunk).
         */
        public Builder pointer(String name, long rva, String module, String symbol) {
            data.put(name, rva);
            pointers.put(rva, module + "!" + symbol);
            return this;
        }

        public ImageCode build() {
            return new ImageCode(this);
        }

        /**
         * Every function at its RVA: the fixed ones where given, then each floating one at the first
         * free 16-byte-aligned spot at or after the one its name hashes to in its section.
         */
        private List<CodeFunction> place() {
            List<CodeFunction> placed = new ArrayList<>(functions);
            NavigableMap<Long, Long> taken = new TreeMap<>();
            for (CodeFunction f : functions) {
                taken.put(f.rva(), f.rva() + f.size());
            }
            for (Map.Entry<Long, Long> table : tables.entrySet()) {
                Map.Entry<Long, Long> below = taken.floorEntry(table.getValue() - 1);
                if (below != null && below.getValue() > table.getKey()) {
                    throw new IllegalStateException(moduleName + ": a function overlaps the table at " + table.getKey());
                }
                taken.put(table.getKey(), table.getValue());
            }
            for (Floating f : floating) {
                long span = f.section().end() - f.section().start() - f.size();
                long spot = f.section().start() + (Math.floorMod(mix(f.name()), span) & -0x10L);
                long rva = firstFree(taken, f.section(), spot, f.size());
                taken.put(rva, rva + f.size());
                placed.add(new CodeFunction(f.name(), rva, f.size(), f.prolog()));
            }
            return placed;
        }

        private static long mix(String name) {
            long h = name.hashCode() * 0x9e3779b97f4a7c15L;
            return h ^ (h >>> 29);
        }

        private long firstFree(NavigableMap<Long, Long> taken, Section section, long spot, int size) {
            long candidate = spot;
            for (int pass = 0; pass < 2; pass++) {
                while (candidate + size <= section.end()) {
                    Map.Entry<Long, Long> nearest = taken.floorEntry(candidate + size + 0xf);
                    if (nearest == null || nearest.getValue() + 0x10 <= candidate) {
                        return candidate;   // the nearest function below ends 16 bytes clear of it
                    }
                    candidate = (nearest.getValue() + 0x10 + 0xf) & -0x10L;
                }
                candidate = section.start();
            }
            throw new IllegalStateException(moduleName + ": no room in " + section.name() + " for a function of "
                    + Integer.toHexString(size) + " bytes");
        }

        /** The plans with fixed instructions and labels turned into offsets of the functions that hold them. */
        private Map<String, FunctionPlan> resolvedPlans(ImageCode image) {
            for (Instruction instruction : instructions) {
                long rva = image.rvaOf(instruction.symbol()) + instruction.offset();
                CodeFunction f = containing(image, rva, instruction.symbol());
                plans.computeIfAbsent(f.name(), n -> new FunctionPlan()).pieces
                        .add(new FunctionPlan.Piece((int) (rva - f.rva()), instruction.code()));
            }
            for (Map.Entry<String, Long> label : labels.entrySet()) {
                for (CodeFunction f : image.functions()) {
                    if (f.contains(label.getValue())) {
                        plans.computeIfAbsent(f.name(), n -> new FunctionPlan()).boundaries
                                .add((int) (label.getValue() - f.rva()));
                    }
                }
            }
            for (Map.Entry<String, Long> forwarder : forwarders.entrySet()) {
                CodeFunction f = image.function(forwarder.getKey());
                Assembler jump = new Assembler(f.rva(), f.size());
                jump.jumpThrough(forwarder.getValue());
                jump.padTo(f.size());
                plans.get(f.name()).body = jump.bytes();
            }
            return plans;
        }

        private CodeFunction containing(ImageCode image, long rva, String symbol) {
            for (CodeFunction f : image.functions()) {
                if (f.contains(rva)) {
                    return f;
                }
            }
            throw new IllegalStateException(moduleName + "!" + symbol + " is in no function");
        }
    }
}
