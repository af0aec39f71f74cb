package dev.kdlab.debugger.commands.memory;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.PhysicalAddress;
import dev.kdlab.debugger.views.InvalidPte;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.PageWalk;
import dev.kdlab.memory.PageWalker;
import dev.kdlab.memory.PagingLevel;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.Pte;
import dev.kdlab.types.TypeCatalog;

import java.io.PrintStream;

/**
 * {@code !vtop DirBase|PFN|0 VirtualAddress}: the debugger engine's own walk with its Amd64VtoP
 * lines (transcripts 4.3). A DirBase is a physical address, typed as {@code !process} prints it: the
 * evaluator's sign extension of an 8-digit value (88ab3000) is undone and the value is read as CR3
 * is read ({@link PhysicalAddress}); a value with low bits set is a PFN; 0 is the implicit process. Like the engine, it reads a transition PTE's frame as the page ("Mapped
 * phys"), while a zero entry, a prototype PTE or a page in the page file stops it: those messages
 * and the two error codes (0xD0000147, HRESULT_FROM_NT(STATUS_NO_PAGEFILE); 0x10000114,
 * HRESULT_FROM_NT(STATUS_PAGE_FAULT_PAGING_FILE)) are the engine's, as its published transcripts
 * and sources show them.
 */
public final class VtopCommand implements Command {
    private static final String[] ENTRY_NAMES = {"PML4E", "PDPE", "PDE", "PTE"};
    private static final long PAGE_NOT_AVAILABLE = 0xD0000147L;
    private static final long PAGE_IN_PAGE_FILE = 0x10000114L;

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException {
        ArgumentScanner args = invocation.arguments();
        long base = args.nextExpression();
        long va = args.nextExpression();
        args.expectEnd();
        long typed = PhysicalAddress.of(base);
        long directoryTableBase = base == 0 ? invocation.session().memory().directoryTableBase()
                : (typed & 0xfff) == 0 ? typed : PhysicalAddress.of(typed << 12);
        PageWalk walk = PageWalker.walk(invocation.session().target().physical(), directoryTableBase, va);
        PrintStream out = invocation.out();
        out.println(String.format("Amd64VtoP: Virt %016x, pagedir %016x", va, directoryTableBase));
        for (PageWalk.Step step : walk.steps()) {
            out.println(String.format("Amd64VtoP: %s %016x", ENTRY_NAMES[step.level().ordinal()], step.entryAddress()));
        }
        PageWalk.Step last = walk.last();
        long physical;
        if (walk.translated()) {
            physical = walk.physicalAddress();
            out.println(String.format("Amd64VtoP: %s phys %016x", last.endsInLargePage() ? "Large page mapped" : "Mapped",
                    physical));
        } else if (Pte.isTransition(last.entry()) && last.level() == PagingLevel.PTE) {
            physical = (last.entry() & Pte.PFN_MASK) | (va & (PhysicalMemory.PAGE_SIZE - 1));
            out.println(String.format("Amd64VtoP: Mapped phys %016x", physical));
        } else {
            throw fails(out, va, last, invocation.session().target().types());
        }
        out.println(String.format("Virtual address %x translates to physical address %x.", va, physical));
    }

    /** Why the engine gave up, then its error line. */
    private static CommandException fails(PrintStream out, long va, PageWalk.Step last, TypeCatalog types) {
        String name = ENTRY_NAMES[last.level().ordinal()];
        long status = PAGE_NOT_AVAILABLE;
        InvalidPte invalid = InvalidPte.of(types, last.entry());
        if (last.entry() == 0) {
            out.println("Amd64VtoP: zero " + name);
        } else if (last.level() != PagingLevel.PTE) {
            // The engine would read the next table from the page file; the emulated machine has none to read.
            out.println(String.format("Amd64VtoP: pagefile %s %d:%016x", ENTRY_NAMES[last.level().ordinal() + 1],
                    invalid.pageFile(), invalid.pageFileOffset() << 12));
        } else if (invalid.kind() == InvalidPte.Kind.PROTOTYPE) {
            out.println("Amd64VtoP: prototype PTE");
        } else {
            out.println(String.format("Amd64VtoP: PTE not present, pagefile %d:%016x", invalid.pageFile(),
                    (invalid.pageFileOffset() << 12) + (va & 0xfff)));
            status = PAGE_IN_PAGE_FILE;
        }
        return new CommandException(String.format("Virtual address %x translation fails, error 0x%X.", va, status));
    }
}
