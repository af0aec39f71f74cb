package dev.kdlab.debugger.views;

import dev.kdlab.debugger.Session;
import dev.kdlab.struct.StructView;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.pe.Register;

import java.util.Locale;

/**
 * One processor's {@code _KPRCB} (layouts-19041/_KPRCB.txt): its threads, identity, counters, and
 * the context frame ({@code ProcessorState.ContextFrame}) that holds the registers of the thread
 * running on it when the debugger broke in.
 */
public final class ProcessorBlock {
    private static final String CONTEXT = "ProcessorState.ContextFrame.";
    private static final String SPECIAL = "ProcessorState.SpecialRegisters.";
    /** VendorString: twelve characters and a NUL. */
    private static final int VENDOR_LENGTH = 13;

    private final StructView fields;

    private ProcessorBlock(Session session, long address) {
        this.fields = session.kernelStruct("_KPRCB", address);
    }

    public static ProcessorBlock at(Session session, long address) {
        return new ProcessorBlock(session, address);
    }

    public long address() {
        return fields.address();
    }

    public long currentThread() throws MemoryAccessException {
        return fields.get("CurrentThread");
    }

    public long nextThread() throws MemoryAccessException {
        return fields.get("NextThread");
    }

    public long idleThread() throws MemoryAccessException {
        return fields.get("IdleThread");
    }

    /** The address of the first _KDPC_DATA. */
    public long dpcData() {
        return fields.addressOf("DpcData");
    }

    /** The IRQL saved when the debugger took the processor. */
    public long debuggerSavedIrql() throws MemoryAccessException {
        return fields.get("DebuggerSavedIRQL");
    }

    public long number() throws MemoryAccessException {
        return fields.get("Number");
    }

    public long group() throws MemoryAccessException {
        return fields.get("Group");
    }

    public long groupIndex() throws MemoryAccessException {
        return fields.get("GroupIndex");
    }

    public long groupSetMember() throws MemoryAccessException {
        return fields.get("GroupSetMember");
    }

    public long interruptCount() throws MemoryAccessException {
        return fields.get("InterruptCount");
    }

    /** Times in clock ticks. */
    public long dpcTime() throws MemoryAccessException {
        return fields.get("DpcTime");
    }

    public long interruptTime() throws MemoryAccessException {
        return fields.get("InterruptTime");
    }

    public long kernelTime() throws MemoryAccessException {
        return fields.get("KernelTime");
    }

    public long userTime() throws MemoryAccessException {
        return fields.get("UserTime");
    }

    /** CPUID family. */
    public long cpuType() throws MemoryAccessException {
        return fields.get("CpuType");
    }

    /** Model in the high byte, stepping in the low one. */
    public long cpuStep() throws MemoryAccessException {
        return fields.get("CpuStep");
    }

    public String vendor() throws MemoryAccessException {
        return fields.ansi("VendorString", VENDOR_LENGTH);
    }

    public long mhz() throws MemoryAccessException {
        return fields.get("MHz");
    }

    /** The microcode revision Windows recorded at boot. */
    public long updateSignature() throws MemoryAccessException {
        return fields.get("UpdateSignature.QuadPart");
    }

    public long featureBits() throws MemoryAccessException {
        return fields.get("FeatureBits");
    }

    /** Newer builds' ArchitectureClass; 19041's KPRCB has none, which reads as 0. */
    public long architectureClass() throws MemoryAccessException {
        return fields.getOrZero("ArchitectureClass");
    }

    /** A general register of the context frame. */
    public long register(Register register) throws MemoryAccessException {
        String name = register.name().charAt(0) + register.name().substring(1).toLowerCase(Locale.ROOT);
        return fields.get(CONTEXT + name);
    }

    /** Rip, EFlags or a segment selector (SegCs ...) of the context frame. */
    public long contextField(String name) throws MemoryAccessException {
        return fields.get(CONTEXT + name);
    }

    /** A field of the processor's saved special registers (Cr0, Gdtr.Base, KernelDr7 ...: _KSPECIAL_REGISTERS). */
    public long specialRegister(String name) throws MemoryAccessException {
        return fields.get(SPECIAL + name);
    }
}
