package dev.kdlab.debugger;

import dev.kdlab.debugger.stack.ThreadContexts;
import dev.kdlab.debugger.symbols.ModuleList;
import dev.kdlab.debugger.views.Eprocess;
import dev.kdlab.debugger.views.Ethread;
import dev.kdlab.debugger.views.LoaderList;
import dev.kdlab.debugger.views.ProcessorBlocks;
import dev.kdlab.lang.ExpressionEnvironment;
import dev.kdlab.lang.MemoryReadException;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.pe.Register;
import dev.kdlab.struct.StructView;
import dev.kdlab.target.Target;
import dev.kdlab.types.StructType;
import dev.kdlab.types.TypeLookup;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The debugger's state over one target: the implicit process (whose page tables translate user
 * addresses) and the implicit thread. Like lkd, it starts in the context of the thread running on
 * processor 0, which is the debugger's own.
 */
public final class Session implements ExpressionEnvironment {
    private final Target target;
    private final VirtualMemory kernel;
    private long implicitProcess;
    private long implicitThread;
    private VirtualMemory memory;
    private ModuleList kernelModules;
    private long kernelModulesGeneration;
    /** The catalog's structs by the exact names commands and views ask for (the catalog's own lookup folds case). */
    private final Map<String, StructType> structs = new HashMap<>();
    private boolean registerContextSet;

    public Session(Target target) {
        this.target = target;
        this.kernel = target.kernelSpace();
        this.memory = kernel;
        resetContext();
    }

    public Target target() {
        return target;
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
            kernelModules = ModuleList.kernel(LoaderList.kernel(this), target.symbolStore());
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
                default:
                    return generalRegister(name.toLowerCase(Locale.ROOT));
            }
        } catch (MemoryAccessException | CommandException e) {
            return OptionalLong.empty();
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
