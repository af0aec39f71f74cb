package dev.kdlab.debugger.commands.memory;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.PteFlags;
import dev.kdlab.debugger.pictures.TreeDrawing;
import dev.kdlab.debugger.views.InvalidPte;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.PageWalk;
import dev.kdlab.memory.PageWalker;
import dev.kdlab.memory.PagingLevel;
import dev.kdlab.memory.Pte;

import java.io.PrintStream;

/**
 * {@code !walk VirtualAddress}: kdlab's picture of a translation for learners. It splits the
 * address into its index fields, then follows CR3 down the four tables, showing for each level
 * the index taken, where the entry sits in physical memory, its raw value, what its bits mean
 * and where it leads; a failed walk says which level stopped it and why. The levels are drawn as
 * a chain with {@link TreeDrawing}, in box-drawing characters or ASCII as the session's output allows.
 */
public final class WalkCommand implements Command {
    private static final String[] ENTRY = {"PML4E", "PDPTE", "PDE", "PTE"};

    @Override
    public void execute(Invocation invocation) throws ExpressionException, SyntaxErrorException {
        ArgumentScanner args = invocation.arguments();
        long va = args.nextExpression();
        args.expectEnd();
        long cr3 = invocation.session().memory().directoryTableBase();
        PrintStream out = invocation.out();
        out.println("Virtual address " + Hex.backtick(va));
        out.println(String.format("  bits 47-39  PML4 index  0x%03x", PagingLevel.PXE.index(va)));
        out.println(String.format("  bits 38-30  PDPT index  0x%03x", PagingLevel.PPE.index(va)));
        out.println(String.format("  bits 29-21  PD index    0x%03x", PagingLevel.PDE.index(va)));
        out.println(String.format("  bits 20-12  PT index    0x%03x", PagingLevel.PTE.index(va)));
        out.println(String.format("  bits 11-0   offset      0x%03x", va & 0xfff));
        if (!PageWalker.isCanonical(va)) {
            out.println("Not canonical: bits 63-48 must copy bit 47, so the CPU faults before any table is read.");
            return;
        }
        out.println("CR3 " + Hex.backtick(cr3) + "  (the implicit process's top table)");
        PageWalk walk = PageWalker.walk(invocation.session().target().physical(), cr3, va);
        TreeDrawing.Node top = new TreeDrawing.Node("");
        TreeDrawing.Node parent = top;
        boolean complete = true;
        for (int i = 0; i < walk.steps().size(); i++) {
            PageWalk.Step step = walk.steps().get(i);
            TreeDrawing.Node level = parent.child(new TreeDrawing.Node(String.format("%-5s [0x%03x] at phys %s = %s",
                    ENTRY[i], step.level().index(va), Hex.backtick(step.entryAddress()), Hex.backtick(step.entry()))));
            if (!Pte.isValid(step.entry())) {
                level.detail("NOT PRESENT (the CPU ignores every other bit: they are the memory manager's)");
                level.detail("The walk stops here: the " + ENTRY[i] + "'s valid bit is clear, so the CPU "
                        + "raises a page fault and the memory manager reads the other bits:");
                level.detail(faultMeaning(InvalidPte.of(invocation.session().target().types(), step.entry())));
                complete = false;
                break;
            }
            level.detail(PteFlags.words(step.entry()));
            long next = step.entry() & Pte.PFN_MASK;
            if (step.endsInLargePage()) {
                level.detail(String.format("A %s page: the low %d bits of the address are the offset into it.",
                        step.level() == PagingLevel.PPE ? "1 GiB" : "2 MiB", step.level().shift()));
                break;
            }
            level.detail((i < 3 ? "next table at phys " : "page frame at phys ") + Hex.backtick(next)
                    + String.format(" (pfn %x)", next >>> 12));
            parent = level;
        }
        new TreeDrawing(invocation.session().glyphs(), out).children(top.children(), "");
        if (complete) {
            out.println(String.format("Physical address %s", Hex.backtick(walk.physicalAddress())));
        }
    }

    /** What a fault through a not-valid entry leads to, by the kind of entry (Windows Internals, "Invalid PTEs"). */
    private static String faultMeaning(InvalidPte invalid) {
        return switch (invalid.kind()) {
            case EMPTY -> "empty: nothing was ever committed here through this entry; unless the VAD says "
                    + "otherwise, an access violation.";
            case DEMAND_ZERO -> "demand-zero (" + invalid.protectLine() + "): committed but never touched; "
                    + "the fault hands out a zeroed frame.";
            case TRANSITION -> String.format("transition (%s): trimmed from the working set, but the frame "
                    + "(pfn %x) is still in RAM on the standby or modified list; the fault takes it back without I/O.",
                    invalid.protectLine(), invalid.transitionFrame());
            case PROTOTYPE -> invalid.prototypeIsVad()
                    ? "prototype, VAD: a shared page whose prototype PTE the fault looks up in the VAD."
                    : String.format("prototype: a shared (section) page; the prototype PTE at %s says where it is.",
                            Hex.backtick(invalid.prototypeAddress()));
            case PAGE_FILE -> String.format("paged out (%s): the page is in page file %d at page offset %x; "
                    + "the fault reads it back.", invalid.protectLine(), invalid.pageFile(), invalid.pageFileOffset());
        };
    }
}
