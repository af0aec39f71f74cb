package dev.kdlab.debugger.commands.memory;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.PhysicalAddress;
import dev.kdlab.debugger.MappedPages;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.PhysicalMemory;

import java.io.PrintStream;

/**
 * {@code !ptov DirBase}: the physical-to-virtual map of the address space whose page tables start
 * at DirBase, as kdexts prints it on x64 (transcripts 4.4, Microsoft Learn -ptov):
 * <pre>
 * Amd64PtoV: pagedir 187000
 * 00000001`034fb000 1d0000
 * a757c000 1d1000
 * </pre>
 * one line per valid 4 KiB page in address order, the physical address first; values below 4 GB
 * print as bare hex, larger ones with a backtick. Large pages print each of their 4 KiB pages;
 * the page tables themselves appear at their self-map addresses, as the tables map them.
 */
public final class PtovCommand implements Command {

    @Override
    public void execute(Invocation invocation) throws ExpressionException, SyntaxErrorException {
        ArgumentScanner args = invocation.arguments();
        long directoryTableBase = PhysicalAddress.of(args.nextExpression());   // as !process prints it, unsigned
        args.expectEnd();
        PrintStream out = invocation.out();
        long pageDirectory = directoryTableBase & -PhysicalMemory.PAGE_SIZE;
        out.println("Amd64PtoV: pagedir " + Long.toHexString(pageDirectory));
        PhysicalMemory physical = invocation.session().target().physical();
        if (!physical.contains(pageDirectory)) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        for (MappedPages.Mapping m : MappedPages.overlapping(physical, pageDirectory, 0, -1L, -1)) {
            for (long offset = 0; offset < m.size(); offset += PhysicalMemory.PAGE_SIZE) {
                lines.append(address(m.physicalAddress() + offset)).append(' ')
                        .append(address(m.virtualAddress() + offset)).append('\n');
            }
            out.print(lines);
            lines.setLength(0);
        }
    }

    private static String address(long value) {
        return value >>> 32 == 0 ? Long.toHexString(value) : Hex.backtick(value);
    }
}
