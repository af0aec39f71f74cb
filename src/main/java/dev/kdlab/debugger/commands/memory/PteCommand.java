package dev.kdlab.debugger.commands.memory;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.PteFlags;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.views.InvalidPte;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.Pte;
import dev.kdlab.memory.SelfMap;
import dev.kdlab.memory.VirtualMemory;

import java.io.PrintStream;

/**
 * {@code !pte VirtualAddress}, {@code !pte PteAddress}, {@code !pte LiteralAddress 1} and
 * {@code !pte StartAddress EndAddress}: the four entries that map an address, read through the PTE
 * self-map in the implicit process's context (transcripts 4.0 and 4.1). A large page ends the row
 * with {@code LARGE PAGE pfn}: a 2 MiB one at the PDE, a 1 GiB one at the PPE (no transcript shows
 * one; kdlab mirrors the PDE form one column earlier). A not-valid entry prints {@code not valid}
 * and, below it in the same column, what the memory manager encoded in it ({@link InvalidPte}).
 */
public final class PteCommand implements Command {
    private static final String[] NAMES = {"PXE", "PPE", "PDE", "PTE"};
    /** The range form stops after this many pages (kdlab's limit, so a typo cannot print for hours). */
    private static final long MAX_RANGE_PAGES = 0x1000;
    private static final long PAGE = 0x1000;

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        long first = args.nextExpression();
        boolean two = !args.atEnd();
        long second = two ? args.nextExpression() : 0;
        args.expectEnd();
        Session session = invocation.session();
        SelfMap selfMap = new SelfMap(session.kernel().readLong(session.symbolOrZero("MmPteBase")));
        if (!two) {
            print(invocation, selfMap, selfMap.isPageTableAddress(first) ? selfMap.mappedBy(first) : first);
        } else if (Long.compareUnsigned(second, first) > 0) {
            long pages = Math.min((second - (first & -PAGE)) / PAGE + 1, MAX_RANGE_PAGES);
            for (long page = 0; page < pages; page++) {
                print(invocation, selfMap, (first & -PAGE) + page * PAGE);
            }
        } else {
            print(invocation, selfMap, selfMap.mappedBy(first));   // LiteralAddress: taken as a PTE wherever it is
        }
    }

    private static void print(Invocation invocation, SelfMap selfMap, long va) throws MemoryAccessException {
        long[] at = selfMap.entryAddresses(va);
        VirtualMemory memory = invocation.session().memory();
        StringBuilder contains = new StringBuilder();
        StringBuilder pfns = new StringBuilder();
        String[] below = {};
        for (int level = 0; level < 4; level++) {
            long entry = memory.readLong(at[level]);
            contains.append(String.format("contains %016X  ", entry));
            if (!Pte.isValid(entry)) {
                String indent = " ".repeat(pfns.length());   // what follows lines up under "not valid"
                pfns.append("not valid");
                below = InvalidPte.of(invocation.session().target().types(), entry).pteLines().stream()
                        .map(indent::concat).toArray(String[]::new);
                break;
            }
            pfns.append(String.format("pfn %-10x%s  ", Pte.pfn(entry), PteFlags.of(entry)));
            if (level > 0 && level < 3 && Pte.isLarge(entry)) {
                long pagesIn = (va >>> 12) & ((1L << (9 * (3 - level))) - 1);
                for (int rest = level + 1; rest < 4; rest++) {
                    contains.append(String.format("contains %016X  ", 0L));
                }
                pfns.append(String.format("LARGE PAGE pfn %-7x", Pte.pfn(entry) + pagesIn));
                break;
            }
        }
        PrintStream out = invocation.out();
        out.println(" ".repeat(43) + String.format("VA %016x", va));
        out.println(String.format("%s at %016X    %s at %016X    %s at %016X    %s at %016X",
                NAMES[0], at[0], NAMES[1], at[1], NAMES[2], at[2], NAMES[3], at[3]));
        out.println(contains.toString().stripTrailing());
        // A LARGE PAGE line keeps its trailing blanks, as kdexts prints it.
        String pfnLine = pfns.toString();
        out.println(pfnLine.contains("LARGE PAGE") ? pfnLine : pfnLine.stripTrailing());
        for (String line : below) {
            out.println(line);
        }
    }
}
