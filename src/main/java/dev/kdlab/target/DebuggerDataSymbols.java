package dev.kdlab.target;

import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.struct.StructView;
import dev.kdlab.types.Field;
import dev.kdlab.types.StructType;
import dev.kdlab.types.TypeCatalog;

import java.util.Map;
import java.util.TreeMap;

/**
 * nt symbols for a kernel kdlab has no PDB for, from what its debugger data block says: every
 * KDBG field that holds the address of an nt! variable (PsActiveProcessHead, PspCidTable,
 * KiProcessorBlock, MmPfnDatabase ...) becomes a symbol of that name at that RVA, as WinDbg would
 * have them from ntkrnlmp.pdb. Enough for the process, thread, module and memory commands; what the
 * block does not name (ObTypeIndexTable, ObHeaderCookie) stays unknown.
 */
public final class DebuggerDataSymbols {
    /** KDBG fields whose variable has another name in nt. */
    private static final Map<String, String> RENAMED = Map.of("KiBugcheckData", "KiBugCheckData",
            "NonPagedPoolDescriptor", "ExpNonPagedPoolDescriptor", "MmPagedPoolInformation", "MmPagedPoolInfo",
            "KdPrintCircularBuffer", "KdPrintDefaultCircularBuffer", "BreakpointWithStatus",
            "RtlpBreakWithStatusInstruction");

    private DebuggerDataSymbols() {
    }

    /** The symbols, as RVAs from {@code kernBase}, of the variables the KDBG at {@code kdbg} points into the image. */
    public static ImageSymbols read(VirtualMemory kernel, TypeCatalog types, long kdbg, long kernBase, long imageSize) {
        StructType type = types.struct("_KDDEBUGGER_DATA64");
        StructView data = new StructView(kernel, type, kdbg);
        Map<String, Long> rvas = new TreeMap<>();
        rvas.put("KdDebuggerDataBlock", kdbg - kernBase);
        for (Field field : type.fields()) {
            if (field.type().size() != 8 || field.name().equals("KernBase") || field.name().equals("Header")) {
                continue;
            }
            try {
                long value = data.get(field.name());
                if (Long.compareUnsigned(value - kernBase, imageSize) < 0) {
                    rvas.put(RENAMED.getOrDefault(field.name(), field.name()), value - kernBase);
                }
            } catch (MemoryAccessException e) {
                break;   // the rest of the block is not in the dump
            }
        }
        return new ImageSymbols("ntkrnlmp.exe", rvas);
    }
}
