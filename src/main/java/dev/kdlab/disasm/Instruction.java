package dev.kdlab.disasm;

import java.util.List;
import java.util.OptionalLong;

/**
 * One decoded instruction: where it is, its bytes, its prefix word ({@code lock}, {@code rep},
 * {@code repe}, {@code repne} or empty), mnemonic and operands, and what it does to the flow of
 * control. An opcode the decoder does not know is {@code ???}, one byte long, as WinDbg shows it.
 */
public record Instruction(long address, byte[] bytes, String prefix, String mnemonic, List<Operand> operands,
                          Flow flow) {
    public static final String UNKNOWN = "???";

    public Instruction {
        operands = List.copyOf(operands);
    }

    public int length() {
        return bytes.length;
    }

    /** The address of the instruction after this one. */
    public long next() {
        return address + bytes.length;
    }

    public boolean isKnown() {
        return !mnemonic.equals(UNKNOWN);
    }

    /** The target of a direct jump, jcc or call. */
    public OptionalLong branchTarget() {
        for (Operand operand : operands) {
            if (operand instanceof Operand.BranchTarget target) {
                return OptionalLong.of(target.address());
            }
        }
        return OptionalLong.empty();
    }

    /** The bytes at {@code address} that do not decode: {@code ???}, one byte. */
    static Instruction unknown(long address, byte first) {
        return new Instruction(address, new byte[] {first}, "", UNKNOWN, List.of(), Flow.NEXT);
    }
}
