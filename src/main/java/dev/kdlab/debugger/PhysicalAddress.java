package dev.kdlab.debugger;

/**
 * A physical address typed as an expression. The MASM evaluator sign-extends an 8-digit value with
 * its top bit set (88ab3000 is ffffffff`88ab3000), as it must for virtual addresses; a physical
 * address has no sign, so that extension is undone. What is left is read as the processor reads
 * CR3: x64 gives a physical address at most 52 bits (Intel SDM vol. 3, 4.5: CR3 bits 51:12 hold the
 * PML4 table's frame), so higher bits are dropped.
 */
public final class PhysicalAddress {
    /** Bits 0-51: the architectural limit of an x64 physical address. */
    public static final long MASK = (1L << 52) - 1;

    private PhysicalAddress() {
    }

    /** The physical address a user meant by an evaluated expression. */
    public static long of(long evaluated) {
        long unsigned = evaluated >> 31 == -1 ? evaluated & 0xffff_ffffL : evaluated;
        return unsigned & MASK;
    }
}
