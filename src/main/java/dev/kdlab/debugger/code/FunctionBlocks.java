package dev.kdlab.debugger.code;

import dev.kdlab.disasm.Flow;
import dev.kdlab.disasm.Instruction;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * The code of one function as {@code uf} shows it: every instruction reachable from the entry by
 * following the flow (fall-through, jcc both ways, jmp to a target; calls return; ret and indirect
 * jumps end a path) inside the function's extent, cut into basic blocks: a block starts at the
 * entry, at every branch target, after every conditional branch, and wherever the previous
 * instruction does not flow into it.
 */
final class FunctionBlocks {
    /** A bound on the instructions of one function, so that a wild extent cannot run away. */
    private static final int MAX_INSTRUCTIONS = 0x8000;

    private final CodeView code;
    private final long low;
    private final long high;
    private final Map<Long, Optional<Instruction>> instructions = new TreeMap<>(Long::compareUnsigned);
    private final Set<Long> leaders = new HashSet<>();

    /** Follows the flow from {@code entry} inside [low, high). */
    FunctionBlocks(CodeView code, long entry, long low, long high) {
        this.code = code;
        this.low = low;
        this.high = high;
        follow(entry);
    }

    private boolean inside(long address) {
        return Long.compareUnsigned(address, low) >= 0 && Long.compareUnsigned(address, high) < 0;
    }

    private void follow(long entry) {
        Deque<Long> work = new ArrayDeque<>();
        work.push(entry);
        leaders.add(entry);
        while (!work.isEmpty() && instructions.size() < MAX_INSTRUCTIONS) {
            long address = work.pop();
            while (inside(address) && !instructions.containsKey(address) && instructions.size() < MAX_INSTRUCTIONS) {
                Optional<Instruction> decoded = code.decode(address);
                instructions.put(address, decoded);
                if (decoded.isEmpty()) {
                    break;   // unreadable: the path ends here
                }
                Instruction instruction = decoded.get();
                OptionalLong target = instruction.branchTarget();
                Flow flow = instruction.flow();
                if ((flow == Flow.CONDITIONAL || flow == Flow.JUMP) && target.isPresent() && inside(target.getAsLong())) {
                    leaders.add(target.getAsLong());
                    work.push(target.getAsLong());
                }
                if (flow == Flow.CONDITIONAL) {
                    leaders.add(instruction.next());
                }
                if (flow == Flow.JUMP || flow == Flow.INDIRECT_JUMP || flow == Flow.RETURN) {
                    break;
                }
                address = instruction.next();
            }
        }
    }

    /** The instructions found, by address. */
    Map<Long, Optional<Instruction>> instructions() {
        return instructions;
    }

    /** Whether a block starts at this instruction, given the one before it in address order (null for the first). */
    boolean startsBlock(long address, Long previous) {
        if (previous == null || leaders.contains(address)) {
            return true;
        }
        Optional<Instruction> before = instructions.get(previous);
        if (before.isEmpty()) {
            return true;
        }
        Flow flow = before.get().flow();
        return before.get().next() != address || flow == Flow.JUMP || flow == Flow.INDIRECT_JUMP || flow == Flow.RETURN;
    }
}
