package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.PteFlags;
import dev.kdlab.debugger.SelfMap;
import dev.kdlab.lang.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.Pte;
import dev.kdlab.memory.VirtualMemory;

import java.io.PrintStream;

/**
 * {@code !pte VirtualAddress} (or the address of a PTE): the four entries that map the address,
 * read through the PTE self-map in the implicit process's context (transcripts 4.1).
 */
final class PteCommand implements Command {
    private static final String[] NAMES = {"PXE", "PPE", "PDE", "PTE"};

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        long address = args.nextExpression();
        args.expectEnd();
        SelfMap selfMap = SelfMap.of(invocation.session());
        long va = selfMap.isPageTableAddress(address) ? selfMap.mappedBy(address) : address;
        long[] at = selfMap.entryAddresses(va);
        VirtualMemory memory = invocation.session().memory();
        StringBuilder contains = new StringBuilder();
        StringBuilder pfns = new StringBuilder();
        for (int level = 0; level < 4; level++) {
            long entry = memory.readLong(at[level]);
            contains.append(String.format("contains %016X  ", entry));
            if (!Pte.isValid(entry)) {
                pfns.append("not valid");
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
    }
}
