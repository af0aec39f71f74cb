package dev.kdlab.kernel.image;

/**
 * ntoskrnl as this boot loaded it: where the image starts, and so where each of its globals lives.
 * Components that read or write an nt! global take this instead of the whole kernel.
 */
public record NtImage(long base) {

    /** The address of an RVA inside the image (one of {@link NtSymbols}' constants). */
    public long address(long rva) {
        return base + rva;
    }

    /** The address of the global named {@code name}, as {@code nt!name} resolves. */
    public long symbol(String name) {
        Long rva = NtSymbols.all().get(name);
        if (rva == null) {
            throw new IllegalArgumentException("no nt!" + name);
        }
        return base + rva;
    }
}
