package dev.kdlab.debugger.commands.memory;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.views.ListWalk;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

import java.io.PrintStream;

/**
 * {@code dl Address [MaxCount [Size]]}: walks a LIST_ENTRY by its Flinks, printing {@code Size}
 * pointers of each node (4 by default: the node's two links and the two pointers after them), two
 * per line (transcripts 2.4: {@code ffffcd06`883eb378  ffffcd06`838830b0 ffffcd06`838830b0}).
 * The walk ({@link ListWalk}) stops when it comes back to the start, at a null or unreadable link, or
 * after {@code MaxCount} nodes (kdlab's default: 0x20).
 */
public final class DisplayListCommand implements Command {
    private static final int DEFAULT_MAX_COUNT = 0x20;
    private static final int DEFAULT_SIZE = 4;

    @Override
    public void execute(Invocation invocation) throws ExpressionException, SyntaxErrorException {
        ArgumentScanner args = invocation.arguments();
        long start = args.nextExpression();
        long maxCount = args.atEnd() ? DEFAULT_MAX_COUNT : args.nextExpression();
        long size = args.atEnd() ? DEFAULT_SIZE : Math.max(1, args.nextExpression());
        args.expectEnd();
        VirtualMemory memory = invocation.session().memory();
        PrintStream out = invocation.out();
        for (long node : ListWalk.fromLink(memory, start, maxCount)) {
            printNode(memory, node, size, out);
        }
    }

    private static void printNode(VirtualMemory memory, long node, long size, PrintStream out) {
        for (long i = 0; i < size; i += 2) {
            StringBuilder line = new StringBuilder(Hex.backtick(node + 8 * i)).append(' ');
            for (long j = i; j < Math.min(size, i + 2); j++) {
                line.append(' ');
                try {
                    line.append(Hex.backtick(memory.readLong(node + 8 * j)));
                } catch (MemoryAccessException e) {
                    line.append("????????`????????");
                }
            }
            out.println(line);
        }
    }
}
