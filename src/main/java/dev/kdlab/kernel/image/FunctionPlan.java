package dev.kdlab.kernel.image;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a function's body holds beyond its prolog and epilog: calls whose return addresses threads'
 * stacks hold (each must end exactly at its return offset), the other routines it calls on its way
 * (the creation flow: PspAllocateProcess calls PspSetupProcess, MmCreateProcessAddressSpace ...),
 * instructions fixed at an offset (where a thread stops, a routine's known first instructions),
 * offsets where a label starts an instruction, and the globals it reads.
 */
final class FunctionPlan {
    /** A call whose return address is {@code returnOffset} bytes into the function. */
    record Call(int returnOffset, CallTarget target) {
    }

    /** Instructions fixed at an offset of the function, written by {@code code}. */
    record Piece(int offset, Consumer<Assembler> code) {
    }

    final List<Call> calls = new ArrayList<>();
    final List<CallTarget> callees = new ArrayList<>();
    final List<Piece> pieces = new ArrayList<>();
    final List<Integer> boundaries = new ArrayList<>();
    final List<String> globals = new ArrayList<>();
    /** The body is written by other means (a system-call stub): nothing is generated. */
    boolean given;
    /** The whole body, given (a forwarder's jump and its padding). */
    byte[] body;
}
