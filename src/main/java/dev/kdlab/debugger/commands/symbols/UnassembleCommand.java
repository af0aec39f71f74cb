package dev.kdlab.debugger.commands.symbols;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.code.Unassembly;
import dev.kdlab.lang.arguments.AddressRange;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;

/**
 * {@code u [Range]}: unassemble, 8 instructions by default ({@code u Address L Count},
 * {@code u Start End}); without a range it goes on after the last listing (or starts at the
 * implicit thread's rip), as WinDbg does (transcripts 4.1, 5.4).
 */
public final class UnassembleCommand implements Command {
    static final int DEFAULT_INSTRUCTIONS = 8;

    private final Unassembly unassembly;

    public UnassembleCommand(Unassembly unassembly) {
        this.unassembly = unassembly;
    }

    @Override
    public void execute(Invocation invocation) throws CommandException, ExpressionException, SyntaxErrorException {
        ArgumentScanner args = invocation.arguments();
        if (args.atEnd()) {
            long start = unassembly.continuation(invocation.session());
            unassembly.forward(invocation.session(), start, DEFAULT_INSTRUCTIONS, null, invocation.out());
            return;
        }
        AddressRange range = args.nextRange(DEFAULT_INSTRUCTIONS, 1);
        args.expectEnd();
        if (range.backward()) {
            unassembly.backward(invocation.session(), range.start(), (int) Math.min(range.count(), Integer.MAX_VALUE),
                    invocation.out());
            return;
        }
        unassembly.forward(invocation.session(), range.start(), range.count() == null ? 0 : range.count(),
                range.endInclusive(), invocation.out());
    }
}
