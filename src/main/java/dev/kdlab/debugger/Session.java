package dev.kdlab.debugger;

import dev.kdlab.debugger.breakpoints.Breakpoints;
import dev.kdlab.debugger.dx.Variables;
import dev.kdlab.debugger.pictures.Glyphs;
import dev.kdlab.debugger.script.Aliases;
import dev.kdlab.debugger.script.ExecutionLimits;
import dev.kdlab.debugger.stack.StackTraces;
import dev.kdlab.debugger.stack.ThreadContexts;
import dev.kdlab.debugger.symbols.ModuleList;
import dev.kdlab.debugger.symbols.SymbolLoads;
import dev.kdlab.debugger.views.Eprocess;
import dev.kdlab.debugger.views.Ethread;
import dev.kdlab.debugger.views.LoaderList;
import dev.kdlab.debugger.views.ProcessorBlocks;
import dev.kdlab.lang.expr.CppEvaluator;
import dev.kdlab.lang.expr.CppType;
import dev.kdlab.lang.expr.CppValue;
import dev.kdlab.lang.expr.ExpressionEnvironment;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.expr.MasmEvaluator;
import dev.kdlab.lang.expr.MemoryReadException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.pe.Register;
import dev.kdlab.struct.StructView;
import dev.kdlab.target.ProcessLab;
import dev.kdlab.target.Target;
import dev.kdlab.types.PointerType;
import dev.kdlab.types.StructType;
import dev.kdlab.types.Type;
import dev.kdlab.types.TypeLookup;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The debugger's state over one target: the implicit process (whose page tables translate user
 * addresses) and the implicit thread. Like lkd, it starts in the context of the thread running on
 * processor 0, which is the debugger's own.
 */
public final class Session implements ExpressionEnvironment {
    /** The structures the typed pseudo-registers point to (Microsoft Learn, "Pseudo-Register Syntax"). */
    private static final Map<String, String> TYPED_REGISTERS = Map.of(
            "$proc", "_EPROCESS", "$thread", "_ETHREAD", "$peb", "_PEB", "$teb", "_TEB",
            "$prcb", "_KPRCB", "$pcr", "_KPCR");

    private static final Set<String> NT_MODULES = Set.of("nt", "ntkrnlmp", "ntoskrnl");

    /** Types of nt's globals as ntkrnlmp.pdb declares them (a '*' ends a pointer). */
    private static final Map<String, String> SYMBOL_TYPES = Map.of(
            "psactiveprocesshead", "_LIST_ENTRY", "psloadedmodulelist", "_LIST_ENTRY",
            "psinitialsystemprocess", "_EPROCESS*", "psidleprocess", "_EPROCESS*",
            "pspcidtable", "_HANDLE_TABLE*", "mmpfndatabase", "_MMPFN*",
            "obprootdirectoryobject", "_OBJECT_DIRECTORY*");

    private Target target;
    private VirtualMemory kernel;
    private long implicitProcess;
    private long implicitThread;
    private VirtualMemory memory;
    private ModuleList kernelModules;
    private long kernelModulesGeneration;
    /** The kernel images whose symbols this session has loaded (the others show (deferred) in lm). */
    private SymbolLoads symbolLoads;
    /** The catalog's structs by the exact names commands and views ask for (the catalog's own lookup folds case). */
    private final Map<String, StructType> structs = new HashMap<>();
    private boolean registerContextSet;
    private Glyphs glyphs = Glyphs.UNICODE;
    /** Where a .create or .kill last stopped (null once it ran on to its end): what !kdlab.stages marks. */
    private ProcessLab.Stopped flowStop;
    /** Ctrl-C and the step and output budgets of a command line: in the session core, so every loop can poll them. */
    private final ExecutionLimits limits = new ExecutionLimits();
    private final Aliases aliases = new Aliases();
    private final PseudoRegisters pseudoRegisters = new PseudoRegisters();
    private final Variables modelVariables = new Variables();
    private final LogFile log = new LogFile();
    private final Breakpoints breakpoints = new Breakpoints();
    private java.util.function.Supplier<Target> runnableMachine;
    private String symbolPath = "srv*";
    /** What goes in front of the prompt: the running exercise's id, or nothing. */
    private String promptLabel = "";
    private int radix = 16;
    private boolean cppDefault;
    private boolean terminal;

    public Session(Target target) {
        this.target = target;
        this.kernel = target.kernelSpace();
        this.memory = kernel;
        this.symbolLoads = new SymbolLoads(target.symbolStore());
        resetContext();
    }

    public Target target() {
        return target;
    }

    /**
     * Ctrl-C and the budgets of the running command line: the interpreter counts its steps here, the
     * shell's Ctrl-C handler sets the flag, and a command that works long without printing polls it.
     */
    public ExecutionLimits limits() {
        return limits;
    }

    /** The characters pictures are drawn with: box-drawing ones unless the output cannot show them. */
    /** Where the target's flow waits, when one waits at a stop. */
    public Optional<ProcessLab.Stopped> flowStop() {
        boolean waiting = flowStop != null && target.processLab().map(ProcessLab::isStopped).orElse(false);
        return waiting ? Optional.of(flowStop) : Optional.empty();
    }

    /** Records where a flow stopped (null: it ended). */
    public void setFlowStop(ProcessLab.Stopped stop) {
        this.flowStop = stop;
    }

    public Glyphs glyphs() {
        return glyphs;
    }

    public void setGlyphs(Glyphs glyphs) {
        this.glyphs = glyphs;
    }

    /**
     * The prompt WinDbg shows for this target: {@code lkd> } for local kernel debugging of the live
     * machine; on a dump {@code kd> }, with the current processor in front when there are several
     * ({@code 0: kd> }).
     */
    public String prompt() {
        return promptLabel + targetPrompt();
    }

    private String targetPrompt() {
        if (target.isLive()) {
            return "lkd> ";
        }
        int processors;
        try {
            processors = ProcessorBlocks.count(this);
        } catch (MemoryAccessException e) {
            processors = 1;
        }
        return processors > 1 ? ProcessorBlocks.CURRENT + ": kd> " : "kd> ";
    }

    /** Puts a label in front of the prompt ({@code [l1-pid-by-name] lkd> } while an exercise runs); empty removes it. */
    public void setPromptLabel(String label) {
        promptLabel = label.isEmpty() ? "" : "[" + label + "] ";
    }

    /**
     * {@code .opendump}: the session goes on over another target, in the context of its processor 0's
     * thread; aliases, pseudo-registers, the log and the settings stay.
     */
    public void switchTarget(Target next) {
        target = next;
        kernel = next.kernelSpace();
        memory = kernel;
        kernelModules = null;
        symbolLoads = new SymbolLoads(next.symbolStore());
        structs.clear();
        resetContext();
    }

    /** The aliases of the session (as, aS, ad, al) and of the scripts and loops that are running. */
    public Aliases aliases() {
        return aliases;
    }

    /**
     * Where a session over a snapshot of the live machine (a still picture) gets the machine itself when
     * a command needs its kernel to run (.create, .kill): the same scenario and seed, booted.
     */
    public void onRunnableMachine(java.util.function.Supplier<Target> machine) {
        runnableMachine = machine;
    }

    /** The booted machine for a snapshot session, or null. */
    public java.util.function.Supplier<Target> runnableMachine() {
        return runnableMachine;
    }

    /** The breakpoints bp, bu and bm set; the kernel's flows stop at them. */
    public Breakpoints breakpoints() {
        return breakpoints;
    }

    /** The variables dx sets ({@code dx @$myVar = ...}). */
    public Variables modelVariables() {
        return modelVariables;
    }

    /** Whether output goes to a terminal (the interactive shell), where dx -g draws boxes. */
    public boolean terminal() {
        return terminal;
    }

    public void setTerminal(boolean terminal) {
        this.terminal = terminal;
    }

    /** The log file .logopen opens. */
    public LogFile log() {
        return log;
    }

    /** The symbol search path (.sympath, .symfix); kept for display, kdlab's symbols are built in. */
    public String symbolPath() {
        return symbolPath;
    }

    public void setSymbolPath(String path) {
        symbolPath = path;
    }

    /** $t0-$t19, $exp, $extret, $callret. */
    public PseudoRegisters pseudoRegisters() {
        return pseudoRegisters;
    }

    /** A condition or a value as the default evaluator reads it (MASM, or C++ after {@code .expr /s c++}). */
    public long evaluate(String expression) throws ExpressionException, SyntaxErrorException {
        return cppDefault ? CppEvaluator.evaluate(expression, this).asNumber() : MasmEvaluator.evaluate(expression, this);
    }

    @Override
    public int radix() {
        return radix;
    }

    /** {@code n 8}, {@code n 10}, {@code n 16}. */
    public void setRadix(int radix) {
        this.radix = radix;
    }

    @Override
    public boolean cppDefault() {
        return cppDefault;
    }

    /** {@code .expr /s c++} or {@code .expr /s masm}. */
    public void setCppDefault(boolean cpp) {
        this.cppDefault = cpp;
    }

    /** Kernel memory (the System process's view). */
    public VirtualMemory kernel() {
        return kernel;
    }

    /** Memory in the implicit process's context. */
    public VirtualMemory memory() {
        return memory;
    }

    public long implicitProcess() {
        return implicitProcess;
    }

    public long implicitThread() {
        return implicitThread;
    }

    /** Back to the thread running on processor 0 and its process (lkd's default context). */
    public void resetContext() {
        registerContextSet = false;
        try {
            implicitThread = ProcessorBlocks.block(this, ProcessorBlocks.CURRENT).currentThread();
            setImplicitProcess(Ethread.at(this, implicitThread).currentProcess());
        } catch (MemoryAccessException | CommandException e) {
            implicitThread = 0;
            implicitProcess = 0;
            memory = kernel;
        }
    }

    /** Switches the context: user addresses translate through this process's DirectoryTableBase. */
    public void setImplicitProcess(long eprocess) throws MemoryAccessException {
        VirtualMemory space = Eprocess.at(this, eprocess).addressSpace();
        implicitProcess = eprocess;
        memory = space;
    }

    public void setImplicitThread(long ethread) {
        implicitThread = ethread;
    }

    /**
     * {@code .thread}: the registers (and so {@code k} and {@code r}) come from this thread, and
     * addresses translate in its process, as WinDbg sets the process with the thread.
     */
    public void setRegisterContext(long ethread) throws MemoryAccessException {
        setImplicitProcess(Ethread.at(this, ethread).process());
        implicitThread = ethread;
        registerContextSet = true;
    }

    /** True after {@code .thread}: stack traces and {@code r} say they show the last set context. */
    public boolean registerContextSet() {
        return registerContextSet;
    }

    /** The kernel's modules plus the implicit process's user modules, for symbols like ntdll!NtWaitForSingleObject. */
    public ModuleList contextModules() {
        try {
            long peb = implicitProcess == 0 ? 0 : Eprocess.at(this, implicitProcess).peb();
            return kernelModules().withUserModules(LoaderList.process(this, memory, peb), target.symbolStore());
        } catch (MemoryAccessException e) {
            return kernelModules();
        }
    }

    /**
     * The kernel's modules as nt!PsLoadedModuleList lists them, with their symbols. The list is read
     * again after any write to memory, so a module unlinked with {@code eq} is gone at once.
     */
    public ModuleList kernelModules() {
        long generation = target.physical().generation();
        if (kernelModules == null || generation != kernelModulesGeneration) {
            kernelModules = ModuleList.kernel(LoaderList.kernel(this), symbolLoads);
            kernelModulesGeneration = generation;
        }
        return kernelModules;
    }

    /** A structure of the target's catalog at an address of kernel memory. */
    public StructView kernelStruct(String type, long address) {
        return struct(kernel, type, address);
    }

    /** A structure of the target's catalog at an address of the given memory. */
    public StructView struct(VirtualMemory in, String type, long address) {
        return new StructView(in, type(type), address);
    }

    /** A struct or union of the target's catalog. */
    public StructType type(String name) {
        StructType type = structs.get(name);
        if (type == null) {
            type = target.types().struct(name);
            structs.put(name, type);
        }
        return type;
    }

    /** The address of nt!name, or 0 when the target has no such symbol. */
    public long symbolOrZero(String name) {
        return kernelModules().address("nt", name).orElse(0);
    }

    /** A symbol of the kernel's modules first, then of the implicit process's. */
    @Override
    public OptionalLong symbol(String module, String name) {
        OptionalLong kernelSymbol = kernelModules().address(module, name);
        return kernelSymbol.isPresent() ? kernelSymbol : contextModules().address(module, name);
    }

    @Override
    public OptionalLong register(String name) {
        try {
            OptionalLong kept = pseudoRegisters.get(name);
            if (kept.isPresent()) {
                return kept;
            }
            switch (name.toLowerCase(Locale.ROOT)) {
                case "$proc":
                    return OptionalLong.of(implicitProcess);
                case "$thread":
                    return OptionalLong.of(implicitThread);
                case "$peb":
                    return OptionalLong.of(Eprocess.at(this, implicitProcess).peb());
                case "$teb":
                    return OptionalLong.of(Ethread.at(this, implicitThread).teb());
                case "$prcb":
                    return OptionalLong.of(ProcessorBlocks.prcb(this, ProcessorBlocks.CURRENT));
                case "$pcr":
                    return OptionalLong.of(ProcessorBlocks.pcr(this, ProcessorBlocks.CURRENT));
                case "$ptrsize":
                    return OptionalLong.of(8);
                case "$pagesize":
                    return OptionalLong.of(0x1000);
                case "cr3":
                    return OptionalLong.of(memory.directoryTableBase());
                case "$ip":
                    return OptionalLong.of(ThreadContexts.of(this, implicitThread).rip());
                case "$csp":
                    return OptionalLong.of(ThreadContexts.of(this, implicitThread).rsp());
                case "$retreg":
                    return generalRegister("rax");
                case "$ra":
                    return returnAddress();
                case "$tpid":
                    return OptionalLong.of(kernelStruct("_EPROCESS", implicitProcess).get("UniqueProcessId"));
                case "$tid":
                    return OptionalLong.of(kernelStruct("_ETHREAD", implicitThread).get("Cid.UniqueThread"));
                case "$exentry":
                    return imageEntry();
                case "$frame":
                    return OptionalLong.of(0);
                default:
                    return generalRegister(name.toLowerCase(Locale.ROOT));
            }
        } catch (MemoryAccessException | CommandException e) {
            return OptionalLong.empty();
        }
    }

    /** $ra: where the implicit thread's current function returns to (its stack's first return address). */
    private OptionalLong returnAddress() throws MemoryAccessException {
        var frames = new StackTraces(this).of(implicitThread, 0, 1).frames();
        return frames.isEmpty() ? OptionalLong.empty() : OptionalLong.of(frames.get(0).returnAddress());
    }

    /** $exentry: the entry point of the implicit process's image (its PEB's ImageBaseAddress, read as $iment does). */
    private OptionalLong imageEntry() throws MemoryAccessException {
        long peb = Eprocess.at(this, implicitProcess).peb();
        if (peb == 0) {
            return OptionalLong.empty();
        }
        long base = struct(memory, "_PEB", peb).get("ImageBaseAddress");
        long ntHeaders = base + memory.readUnsigned(base + 0x3c, 4);
        return OptionalLong.of(base + memory.readUnsigned(ntHeaders + 0x28, 4));
    }

    /**
     * The C++ types of the typed pseudo-registers (docs: {@code $proc} is a {@code struct _EPROCESS *} ...) and of
     * the user registers set with {@code r?}.
     */
    @Override
    public Optional<CppValue> typedRegister(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        Optional<CppValue> kept = pseudoRegisters.typed(lower);
        if (kept.isPresent()) {
            return kept;
        }
        String struct = TYPED_REGISTERS.get(lower);
        if (struct == null) {
            return Optional.empty();
        }
        OptionalLong value = register(lower);
        Optional<Type> type = target.types().find(struct);
        if (value.isEmpty() || type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(CppValue.of(CppType.pointerTo(CppType.of(type.get())), value.getAsLong()));
    }

    @Override
    public Optional<Type> namedType(String written) {
        return new TypeLookup(target.types()).find(written).map(TypeLookup.Found::type);
    }

    /** The PDB's types of the globals scripts read; the other symbols have none here. */
    @Override
    public Optional<Type> symbolType(String module, String name) {
        if (module != null && !NT_MODULES.contains(module.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        String type = SYMBOL_TYPES.get(name.toLowerCase(Locale.ROOT));
        if (type == null) {
            return Optional.empty();
        }
        boolean pointer = type.endsWith("*");
        Optional<Type> found = target.types().find(pointer ? type.substring(0, type.length() - 1) : type);
        return pointer ? found.map(PointerType::new) : found;
    }

    @Override
    public long readPhysical(long address, int size) throws MemoryReadException {
        try {
            if (!target.physical().contains(address) || !target.physical().contains(address + size - 1)) {
                throw new MemoryReadException(address);
            }
            byte[] bytes = new byte[size];
            target.physical().read(address, bytes, 0, size);
            long value = 0;
            for (int i = size - 1; i >= 0; i--) {
                value = value << 8 | (bytes[i] & 0xff);
            }
            return value;
        } catch (RuntimeException e) {
            throw new MemoryReadException(address);
        }
    }

    /** rax ... r15 and rip of the implicit thread's context. */
    private OptionalLong generalRegister(String name) throws MemoryAccessException {
        if (name.equals("rip")) {
            return OptionalLong.of(ThreadContexts.of(this, implicitThread).rip());
        }
        for (Register r : Register.values()) {
            if (r.displayName().equals(name)) {
                return OptionalLong.of(ThreadContexts.of(this, implicitThread).get(r));
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public long readMemory(long address, int size) throws MemoryReadException {
        try {
            return memory.readUnsigned(address, size);
        } catch (MemoryAccessException e) {
            throw new MemoryReadException(e.address());
        }
    }

    @Override
    public OptionalLong fieldOffset(String type, String field) {
        return new TypeLookup(target.types()).offsetOf(type, field);
    }

    @Override
    public OptionalLong typeSize(String type) {
        return new TypeLookup(target.types()).sizeOf(type);
    }

    /** nt!_EPROCESS and ntdll!_PEB name types of the catalog; the module part picks nothing else yet. */
    public static String stripModule(String type) {
        int bang = type.indexOf('!');
        return bang < 0 ? type : type.substring(bang + 1);
    }
}
