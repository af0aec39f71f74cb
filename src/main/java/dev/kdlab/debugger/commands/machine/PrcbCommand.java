package dev.kdlab.debugger.commands.machine;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.views.ProcessorBlock;
import dev.kdlab.debugger.views.ProcessorBlocks;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

import java.io.PrintStream;

/**
 * {@code !prcb [Processor]}: the scheduling summary of a KPRCB, processor 0 by default (Microsoft
 * Learn, -prcb; x64 layout of the Windows 7 and Windows 10 captures found with the search tool,
 * including the blank after each "Times" line). The IRQL is the one KPRCB.DebuggerSavedIRQL keeps.
 */
public final class PrcbCommand implements Command {
    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        long processor = args.atEnd() ? 0 : args.nextExpression();
        args.expectEnd();
        ProcessorBlock prcb = ProcessorBlocks.block(invocation.session(), processor);
        PrintStream out = invocation.out();
        out.println("PRCB for Processor " + processor + " at " + Hex.plain(prcb.address()) + ":");
        out.println("Current IRQL -- " + prcb.debuggerSavedIrql());
        out.println("Threads--  Current " + Hex.plain(prcb.currentThread())
                + " Next " + Hex.plain(prcb.nextThread())
                + " Idle " + Hex.plain(prcb.idleThread()));
        out.println(String.format("Processor Index %d Number (%d, %d) GroupSetMember %x", prcb.number(),
                prcb.group(), prcb.groupIndex(), prcb.groupSetMember()));
        out.println(String.format("Interrupt Count -- %08x", prcb.interruptCount()));
        out.println(String.format("Times -- Dpc    %08x Interrupt %08x ", prcb.dpcTime(), prcb.interruptTime()));
        out.println(String.format("         Kernel %08x User      %08x ", prcb.kernelTime(), prcb.userTime()));
    }
}
