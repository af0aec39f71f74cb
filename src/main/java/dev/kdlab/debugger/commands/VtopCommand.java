package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.lang.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.PageWalk;
import dev.kdlab.memory.PageWalker;

import java.io.PrintStream;

/**
 * {@code !vtop DirBase|PFN|0 VirtualAddress}: the walk with its Amd64VtoP lines (transcripts 4.3).
 * A full DirBase is taken as is; a value with low bits set is a PFN; 0 is the implicit process.
 */
final class VtopCommand implements Command {
    private static final String[] ENTRY_NAMES = {"PML4E", "PDPE", "PDE", "PTE"};

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException {
        ArgumentScanner args = invocation.arguments();
        long base = args.nextExpression();
        long va = args.nextExpression();
        args.expectEnd();
        long directoryTableBase = base == 0 ? invocation.session().memory().directoryTableBase()
                : (base & 0xfff) == 0 ? base : base << 12;
        PageWalk walk = PageWalker.walk(invocation.session().target().physical(), directoryTableBase, va);
        PrintStream out = invocation.out();
        out.println(String.format("Amd64VtoP: Virt %016x, pagedir %016x", va, directoryTableBase));
        for (int i = 0; i < walk.steps().size(); i++) {
            PageWalk.Step step = walk.steps().get(i);
            out.println(String.format("Amd64VtoP: %s %016x", ENTRY_NAMES[i], step.entryAddress()));
            if (step.entry() == 0 || !walk.translated() && i == walk.steps().size() - 1) {
                out.println(String.format("Amd64VtoP: zero %s", ENTRY_NAMES[i]));
            }
        }
        if (!walk.translated()) {
            throw new CommandException(String.format("Virtual address %x translation fails, error 0xD0000147.", va));
        }
        out.println(String.format("Amd64VtoP: %sMapped phys %016x", walk.last().endsInLargePage() ? "Large page " : "",
                walk.physicalAddress()));
        out.println(String.format("Virtual address %x translates to physical address %x.", va, walk.physicalAddress()));
    }
}
