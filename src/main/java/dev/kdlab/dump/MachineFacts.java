package dev.kdlab.dump;

import dev.kdlab.memory.AddressSpace;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.types.TypeCatalog;

/**
 * What a dump header says about a machine, read from the machine's own memory the way a debugger
 * finds it (so a dump of a dump says the same): the debugger data block gives the kernel's base,
 * its lists, the PFN database and the processors; the current processor's KPRCB.Context gives the
 * registers; KdVersionBlock the build; KUSER_SHARED_DATA the time and the time since boot.
 */
public final class MachineFacts {
    private static final long KUSER_SHARED_DATA = 0xfffff780_00000000L;
    private static final long KDBG_TAG = 0x4742444bL;
    private static final int MAX_PROCESSORS = 2048;

    private MachineFacts() {
    }

    /**
     * The header facts of the machine whose kernel page tables are at {@code directoryTableBase}, its
     * KDBG at {@code kdDebuggerDataBlock} and its version block at {@code kdVersionBlock}; the CONTEXT
     * is that of {@code currentProcessor}; without a version block (0) the build is KUSER_SHARED_DATA's.
     * Fails with a one-line reason when the KDBG is unknown or not plaintext.
     */
    public static DumpFacts read(PhysicalMemory memory, TypeCatalog types, long directoryTableBase, long kdDebuggerDataBlock,
                                 long kdVersionBlock, int currentProcessor, String comment) throws DumpWriteException {
        TypedMemory kernel = new TypedMemory(new AddressSpace(memory, directoryTableBase), types);
        String kdbg = "_KDDEBUGGER_DATA64";
        if (kdDebuggerDataBlock == 0) {
            throw new DumpWriteException("the kernel's debugger data block (nt!KdDebuggerDataBlock) is unknown");
        }
        try {
            if (kernel.field(kdbg, kdDebuggerDataBlock, "Header.OwnerTag") != KDBG_TAG) {
                throw new DumpWriteException(String.format("the debugger data block at %x is not plaintext (no 'KDBG' tag)",
                        kdDebuggerDataBlock));
            }
            long processorBlock = kernel.field(kdbg, kdDebuggerDataBlock, "KiProcessorBlock");
            int processors = 0;
            while (processors < MAX_PROCESSORS && kernel.pointer(processorBlock + 8L * processors) != 0) {
                processors++;
            }
            if (currentProcessor >= processors) {
                throw new DumpWriteException("processor " + currentProcessor + " is not in KiProcessorBlock");
            }
            long prcb = kernel.pointer(processorBlock + 8L * currentProcessor);
            long context = kernel.pointer(prcb + kernel.field(kdbg, kdDebuggerDataBlock, "OffsetPrcbContext"));
            byte[] registers = kernel.memory().read(context, DumpLayout.CONTEXT_SIZE);
            String time = "_KUSER_SHARED_DATA";
            int build = (int) (kdVersionBlock != 0 ? kernel.field("_DBGKD_GET_VERSION64", kdVersionBlock, "MinorVersion")
                    : kernel.field(time, KUSER_SHARED_DATA, "NtBuildNumber") & 0xffff);
            return new DumpFacts(build,
                    directoryTableBase & ~0xfffL,
                    kernel.pointer(kernel.field(kdbg, kdDebuggerDataBlock, "MmPfnDatabase")),
                    kernel.field(kdbg, kdDebuggerDataBlock, "PsLoadedModuleList"),
                    kernel.field(kdbg, kdDebuggerDataBlock, "PsActiveProcessHead"),
                    processors, DumpFacts.MANUALLY_INITIATED_CRASH, new long[4], kdDebuggerDataBlock, registers,
                    systemTime(kernel, time, "SystemTime"), systemTime(kernel, time, "InterruptTime"), comment);
        } catch (MemoryAccessException e) {
            throw new DumpWriteException(String.format("memory at %x, which the dump header needs, is not readable",
                    e.address()));
        }
    }

    /** A _KSYSTEM_TIME: High1Time and LowPart make the 64-bit value. */
    private static long systemTime(TypedMemory kernel, String type, String field) {
        long low = kernel.field(type, KUSER_SHARED_DATA, field + ".LowPart");
        long high = kernel.field(type, KUSER_SHARED_DATA, field + ".High1Time");
        return high << 32 | low;
    }
}
