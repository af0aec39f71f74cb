package dev.kdlab.debugger.dt;

import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.views.ListWalk;
import dev.kdlab.types.Field;
import dev.kdlab.types.FieldPath;
import dev.kdlab.types.StructType;
import dev.kdlab.types.UnknownFieldException;

import java.io.PrintStream;

/**
 * dt -l: one block per node of a linked list, each under {@code ActiveProcessLinks.Flink at 0x…} and a line of 45
 * dashes, ending with a blank line (docs example; x64 transcripts of {@code -l ThreadListEntry.Flink} and of an SEH
 * chain {@code -l next}). The next node is the link's value minus the link's offset; the walk ({@link ListWalk})
 * stops at a null link, back at the first node, at a link it cannot read or has passed before.
 */
final class ListPrinter {
    private final PrintStream out;
    private final StructPrinter printer;
    private final TrackedMemory memory;

    ListPrinter(PrintStream out, StructPrinter printer, TrackedMemory memory) {
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
        for (long link : ListWalk.fromLink(memory.memory(), first + linkOffset, ListWalk.MAX_LINKS)) {
            long node = link - linkOffset;
            out.println(listField + " at " + DtNumbers.pointer(node));
            out.println(DtPrinter.DASHES);
            printer.print(type, node, request.selectors(), request.nameWidth());
            if (memory.failed()) {
                out.println(memory.errorLine());
                return;
            }
            out.println();
        }
    }
}
