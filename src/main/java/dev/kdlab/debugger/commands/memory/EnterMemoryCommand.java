package dev.kdlab.debugger.commands.memory;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

/**
 * {@code eb}, {@code ew}, {@code ed}, {@code eq} {@code Address Values}: writes values one after
 * another in the implicit process's context. What is written is what every command reads next.
 */
public final class EnterMemoryCommand implements Command {
    private final int unit;

    public EnterMemoryCommand(int unit) {
        this.unit = unit;
    }

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException {
        ArgumentScanner args = invocation.arguments();
        long address = args.nextExpression();
        if (args.atEnd()) {
            throw new SyntaxErrorException(args.column(), invocation.command().arguments());
        }
        VirtualMemory memory = invocation.session().memory();
        while (!args.atEnd()) {
            long value = args.nextExpression();
            try {
                memory.writeUnsigned(address, unit, value);
            } catch (MemoryAccessException e) {
                throw new CommandException(String.format("Memory access error at '%s'", args.rest()));
            }
            address += unit;
        }
    }
}
