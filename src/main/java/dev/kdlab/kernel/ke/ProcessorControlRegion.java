package dev.kdlab.kernel.ke;

import dev.kdlab.struct.StructView;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.kernel.image.NtImage;
import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.image.NtSymbols;

/**
 * The non-thread half of each processor's KPCR and KPRCB, as KiSystemStartup and
 * KiInitializeKernel leave it on an x64 Windows 10 machine: the descriptor tables (GDT, TSS, IDT)
 * the PCR points at, the identity CPUID gave (KiSetProcessorType, KiGetCpuVendor), and the control
 * registers KiSaveInitialProcessorControlState saves into KPRCB.ProcessorState. Which thread runs
 * where is {@link Processors}' business.
 *
 * <p>Layouts: layouts-19041/_KPCR, _KPRCB, _KSPECIAL_REGISTERS. Values: the 19041 !pcr captures
 * (GDT base 0x1fb0 past the TSS page, LockArray = &Prcb.LockQueue, KdVersionBlock null).
 */
final class ProcessorControlRegion {
    private static final int TABLE_PAGES = 3;   // TSS page, GDT at the end of the next page, IDT page
    private static final int GDT_OFFSET = 0x1fb0;
    private static final int IDT_OFFSET = 0x2000;
    private static final int TSS_SELECTOR = 0x40;
    private static final int CPU_INTEL = 1;     // KPRCB.CpuVendor
    private static final long CR0 = 0x80050033L;   // PG WP NE ET MP PE
    private static final long CR4 = 0x370ef8L;     // UMIP FSGSBASE PCIDE OSXSAVE SMEP SMAP ...
    private static final long XCR0 = 0xe7;          // x87 SSE AVX and the three AVX-512 states
    private static final long MSR_STAR = 0x00230010_00000000L;
    private static final long SYSCALL_MASK = 0x4700;
    private static final int MXCSR = 0x1f80;

    /** The long-mode GDT Windows builds (KGDT64_R0_CODE 0x10 ... KGDT64_R3_CMTEB 0x50), by selector. */
    private static final long[][] GDT = {
            {0x10, 0x00209b00_00000000L},   // kernel code, long mode
            {0x18, 0x00409300_00000000L},   // kernel data
            {0x20, 0x00cffb00_0000ffffL},   // 32-bit user code (WOW64)
            {0x28, 0x00cff300_0000ffffL},   // user data
            {0x30, 0x0020fb00_00000000L},   // 64-bit user code
            {0x50, 0x0040f300_00003c00L},   // 32-bit TEB segment
    };

    private final KernelSpace space;
    private final NtImage nt;
    private final int processorCount;
    private final ProcessorModel model;
    private final long tables;

    /** Allocates every processor's descriptor tables up front, before any KPCR is placed. */
    ProcessorControlRegion(KernelSpace space, NtImage nt, Pool nonPagedPool, int processorCount,
                           ProcessorModel model) {
        this.space = space;
        this.nt = nt;
        this.processorCount = processorCount;
        this.model = model;
        this.tables = nonPagedPool.allocatePages("KiGt", TABLE_PAGES * processorCount);
    }

    /** KiSystemStartup's work for one processor whose KPCR (KPRCB at +0x180) is at {@code kpcr}. */
    void KiInitializePcr(int cpu, long kpcr) {
        long tss = tables + (long) cpu * TABLE_PAGES * 0x1000;
        long gdt = tss + GDT_OFFSET;
        long idt = tss + IDT_OFFSET;
        KiInitializeGdt(gdt, tss);
        space.struct("_KTSS64", tss).put("IoMapBase", 0x68);   // no I/O permission map
        StructView pcr = space.struct("_KPCR", kpcr)
                .put("GdtBase", gdt)
                .put("TssBase", tss)
                .put("LockArray", space.struct("_KPCR", kpcr).addressOf("Prcb.LockQueue"))
                .put("IdtBase", idt)
                .put("Irql", 0)   // PASSIVE_LEVEL: lkd does not stop the machine
                .put("MajorVersion", 1)
                .put("MinorVersion", 1)
                .put("StallScaleFactor", model.mhz())
                .put("SecondLevelCacheSize", 0x140000)
                .put("SecondLevelCacheAssociativity", 20)
                .put("Prcb.MxCsr", MXCSR)
                .put("Prcb.LegacyNumber", cpu)
                .put("Prcb.MinorVersion", 1)
                .put("Prcb.MajorVersion", 1)
                .put("Prcb.GroupSetMember", 1L << cpu)
                .put("Prcb.Group", 0)
                .put("Prcb.GroupIndex", cpu)
                .put("Prcb.InitialApicId", cpu)
                .put("Prcb.CoresPerPhysicalProcessor", processorCount)
                .put("Prcb.LogicalProcessorsPerCore", 1)
                .put("Prcb.CFlushSize", 64)
                .put("Prcb.DebuggerSavedIRQL", 0);
        KiSetProcessorType(pcr);
        KiGetCpuVendor(pcr);
        KiSaveInitialProcessorControlState(pcr, gdt, idt);
    }

    /** CPUID leaf 1: family, model, stepping, the clock and what Windows makes of the feature flags. */
    private void KiSetProcessorType(StructView pcr) {
        pcr.put("Prcb.CpuType", model.family())
                .put("Prcb.CpuID", 1)
                .put("Prcb.CpuStep", model.cpuStep())
                .put("Prcb.MHz", model.mhz())
                .put("Prcb.TscFrequency", model.mhz() * 1_000_000L)
                .put("Prcb.ProcessorSignature", model.signature())
                .put("Prcb.FeatureBits", model.featureBits())
                .put("Prcb.UpdateSignature.HighPart", model.microcode());
    }

    /** CPUID leaf 0: the twelve vendor characters. */
    private void KiGetCpuVendor(StructView pcr) {
        pcr.putAnsi("Prcb.VendorString", model.vendor(), 13)
                .put("Prcb.CpuVendor", model.vendor().equals("GenuineIntel") ? CPU_INTEL : 0);
    }

    /** The control and descriptor-table registers as the processor runs with them. */
    private void KiSaveInitialProcessorControlState(StructView pcr, long gdt, long idt) {
        String registers = "Prcb.ProcessorState.SpecialRegisters.";
        pcr.put(registers + "Cr0", CR0)
                .put(registers + "Cr3", space.memory().directoryTableBase())
                .put(registers + "Cr4", CR4)
                .put(registers + "KernelDr6", 0xffff0ff0L)
                .put(registers + "KernelDr7", 0x400)
                .put(registers + "Gdtr.Limit", 0x57)
                .put(registers + "Gdtr.Base", gdt)
                .put(registers + "Idtr.Limit", 0xfff)
                .put(registers + "Idtr.Base", idt)
                .put(registers + "Tr", TSS_SELECTOR)
                .put(registers + "MxCsr", MXCSR)
                .put(registers + "MsrGsBase", pcr.address())
                .put(registers + "MsrStar", MSR_STAR)
                .put(registers + "MsrLStar", nt.address(NtSymbols.KI_SYSTEM_CALL64_SHADOW))
                .put(registers + "MsrSyscallMask", SYSCALL_MASK)
                .put(registers + "Xcr0", XCR0);
    }

    /** The code and data descriptors, and the 16-byte TSS descriptor at selector 0x40. */
    private void KiInitializeGdt(long gdt, long tss) {
        for (long[] entry : GDT) {
            space.write64(gdt + entry[0], entry[1]);
        }
        long limit = 0x67;
        long low = limit | (tss & 0xffffff) << 16 | 0x8bL << 40 | (tss >>> 24 & 0xff) << 56;
        space.write64(gdt + TSS_SELECTOR, low);
        space.write64(gdt + TSS_SELECTOR + 8, tss >>> 32);
    }
}
