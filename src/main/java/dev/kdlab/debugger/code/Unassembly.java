package dev.kdlab.debugger.code;

import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Session;
import dev.kdlab.disasm.Flow;
import dev.kdlab.disasm.Instruction;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@code u}, {@code ub} and {@code uf} print, and where a repeated {@code u} goes on: the
 * listings share one cursor, as the engine keeps one "next address to unassemble".
 */
public final class Unassembly {
    /** An address without a known function extent is followed at most this far. */
    private static final long MAX_FUNCTION = 0x10000;

    private Long next;

    /** Where {@code u} without an address starts: after the last listing, or at the implicit thread's rip. */
    public long continuation(Session session) throws CommandException {
        if (next != null) {
            return next;
        }
        OptionalLong ip = session.register("$ip");
        if (ip.isEmpty()) {
            throw new CommandException("Unable to get program counter");
        }
        return ip.getAsLong();
    }

    /** {@code u}: {@code count} instructions from {@code start}, or up to {@code endInclusive} when it is set. */
    public void forward(Session session, long start, long count, Long endInclusive, PrintStream out) {
        next = new CodeView(session).print(start, count, endInclusive, out);
    }

    /** {@code ub}: the {@code count} instructions that end just before {@code end}. */
    public void backward(Session session, long end, int count, PrintStream out) {
        CodeView code = new CodeView(session);
        List<Long> starts = new BackwardScan(code).before(end, count);
        if (starts.isEmpty()) {
            return;
        }
        code.print(starts.get(0), starts.size(), null, out);
        next = end;
    }

    /**
     * {@code uf}: the function that contains {@code address}, from the start its RUNTIME_FUNCTION
     * gives (or from the address, up to the next symbol, for a leaf function without one), block
     * by block in address order, each block under its label and a blank line between blocks;
     * conditional branches are marked {@code Branch}.
     */
    public void function(Session session, long address, PrintStream out) {
        CodeView code = new CodeView(session);
        Optional<long[]> extent = code.functionExtent(address);
        long low = extent.map(e -> e[0]).orElse(address);
        long high = extent.map(e -> e[1]).orElseGet(() -> code.nextSymbolOrModuleEnd(address)
                .filter(end -> Long.compareUnsigned(end - address, MAX_FUNCTION) <= 0)
                .orElse(address + MAX_FUNCTION));
        FunctionBlocks blocks = new FunctionBlocks(code, low, low, high);
        Long previous = null;
        for (Map.Entry<Long, Optional<Instruction>> entry : blocks.instructions().entrySet()) {
            long at = entry.getKey();
            if (blocks.startsBlock(at, previous)) {
                if (previous != null) {
                    out.println();
                }
                code.name(at).ifPresent(name -> out.println(name + ":"));
            }
            Optional<Instruction> instruction = entry.getValue();
            boolean branch = instruction.map(i -> i.flow() == Flow.CONDITIONAL).orElse(false);
            out.println(code.line(at, instruction) + (branch ? "  Branch" : ""));
            previous = at;
        }
        next = high;
    }
}
