package dev.kdlab.disasm;

/** One operand of a decoded instruction. */
public sealed interface Operand {

    /** A register by its name as WinDbg prints it: {@code rax}, {@code r8d}, {@code xmm0}, {@code cr3}. */
    record Register(String name) implements Operand {
    }

    /**
     * An immediate of {@code size} bytes, already extended to the operand size it is shown at
     * ({@code 83 /0 ib} with a 64-bit operand shows {@code 0FFFFFFFFFFFFFFF8h}).
     */
    record Immediate(long value, int size) implements Operand {
    }

    /** The target of a relative jump or call, as an absolute address. */
    record BranchTarget(long address) implements Operand {
    }

    /**
     * A memory operand: {@code size} bytes (0 for lea and the like, which print no {@code ptr}),
     * an optional segment override, base and index registers (null when absent), scale and
     * displacement. {@code ripRelative} operands carry the absolute address in {@code displacement};
     * an operand with neither base nor index is an absolute address too.
     */
    record Memory(int size, String segment, String base, String index, int scale, long displacement,
                  boolean ripRelative) implements Operand {

        /** True when the operand names one address (rip-relative or displacement only). */
        public boolean isAbsolute() {
            return ripRelative || base == null && index == null;
        }
    }
}
