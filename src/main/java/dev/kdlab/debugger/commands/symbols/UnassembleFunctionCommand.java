package dev.kdlab.debugger.commands.symbols;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.code.Unassembly;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;

/**
 * {@code uf Address}: the whole function that contains an address, its extent from the image's
 * RUNTIME_FUNCTION (.pdata), followed through its branches and printed block by block in address
 * order, as WinDbg's {@code uf} does.
 */
public final class UnassembleFunctionCommand implements Command {
    private final Unassembly unassembly;

    public UnassembleFunctionCommand(Unassembly unassembly) {
        this.unassembly = unassembly;
    }

    @Override
    public void execute(Invocation invocation) throws ExpressionException, SyntaxErrorException {
        ArgumentScanner args = invocation.arguments();
        long address = args.nextExpression();
        args.expectEnd();
        unassembly.function(invocation.session(), address, invocation.out());
    }
}
