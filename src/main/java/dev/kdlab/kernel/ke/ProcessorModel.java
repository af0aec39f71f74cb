package dev.kdlab.kernel.ke;

/**
 * What CPUID tells the kernel about a processor model: vendor, family/model/stepping, the clock
 * KiInitializeKernel measures, the microcode revision and the KF_ feature bits it derives.
 *
 * @param microcode   the update revision Windows keeps in the high half of KPRCB.UpdateSignature
 * @param featureBits KPRCB.FeatureBits
 */
public record ProcessorModel(String vendor, int family, int model, int stepping, int mhz, long microcode,
                             long featureBits) {

    /**
     * The 11th Gen Intel Core i5-1135G7 @ 2.40GHz of the only 19045 capture (machine-19045.md, S1):
     * family 6, model 140, stepping 1. Its AVX-512 state is why that machine's Stack Init sits 0x9b0
     * below the stack base.
     */
    public static final ProcessorModel CORE_I5_1135G7 =
            new ProcessorModel("GenuineIntel", 6, 140, 1, 2419, 0xa4, 0x351b3fffL);

    /** KPRCB.CpuStep and the PROCESSOR_REVISION variable: model in the high byte, stepping in the low. */
    public int cpuStep() {
        return model << 8 | stepping;
    }

    /** CPUID leaf 1 EAX, as KPRCB.ProcessorSignature keeps it (extended model above bit 16). */
    public long signature() {
        return (long) (model >> 4) << 16 | (long) family << 8 | (model & 0xf) << 4 | stepping;
    }

    /** PROCESSOR_IDENTIFIER, as Windows builds it from the same CPUID values. */
    public String identifier() {
        String architecture = vendor.equals("GenuineIntel") ? "Intel64" : "AMD64";
        return String.format("%s Family %d Model %d Stepping %d, %s", architecture, family, model, stepping, vendor);
    }
}
