package dev.kdlab.debugger.dt;

import dev.kdlab.types.Field;
import dev.kdlab.types.FieldPath;
import dev.kdlab.types.StructType;
import dev.kdlab.types.UnknownFieldException;
import dev.kdlab.debugger.CommandException;

import java.io.PrintStream;
import java.util.OptionalLong;

/**
 * dt -l: one block per node of a linked list, each under {@code ActiveProcessLinks.Flink at 0x…} and a line of 45
 * dashes, ending with a blank line (docs example; x64 transcripts of {@code -l ThreadListEntry.Flink} and of an SEH
 * chain {@code -l next}). The next node is the link's value minus the link's offset; the walk stops at a null
 * link, back at the first node, or at a node it cannot read.
 */
final class ListWalker {
    /** A list that never comes back is cut here (WinDbg would go on until Ctrl+C). */
    static final int MAX_NODES = 10_000;

    private final PrintStream out;
    private final StructPrinter printer;
    private final TrackedMemory memory;

    ListWalker(PrintStream out, StructPrinter printer, TrackedMemory memory) {
        this.out = out;
        this.printer = printer;
        this.memory = memory;
    }

    void walk(StructType type, long first, DtRequest request) throws CommandException {
        String listField = request.options().listField();
        long linkOffset;
        try {
            FieldPath path = type.path(listField);
            Field link = path.field();
            // -l ActiveProcessLinks (the LIST_ENTRY itself) follows its Flink, at the same offset
            linkOffset = path.offset();
            if (link.isBitfield()) {
                throw new CommandException("Cannot find specified field members.");
            }
        } catch (UnknownFieldException e) {
            throw new CommandException("Cannot find specified field members.");
        }
        long node = first;
        for (int i = 0; i < MAX_NODES; i++) {
            out.println(listField + " at " + DtNumbers.pointer(node));
            out.println(DtPrinter.DASHES);
            printer.print(type, node, request.selectors(), request.nameWidth());
            if (memory.failed()) {
                out.println(memory.errorLine());
                return;
            }
            out.println();
            OptionalLong next = memory.quiet(node + linkOffset, 8);
            if (next.isEmpty() || next.getAsLong() == 0) {
                return;
            }
            node = next.getAsLong() - linkOffset;
            if (node == first) {
                return;
            }
        }
    }
}
