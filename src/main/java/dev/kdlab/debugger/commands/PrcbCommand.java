package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.ProcessorBlocks;
import dev.kdlab.debugger.StructReader;
import dev.kdlab.lang.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

import java.io.PrintStream;

/**
 * {@code !prcb [Processor]}: the scheduling summary of a KPRCB, processor 0 by default (Microsoft
 * Learn, -prcb; x64 layout of the Windows 7 and Windows 10 captures found with the search tool,
 * including the blank after each "Times" line). The IRQL is the one KPRCB.DebuggerSavedIRQL keeps.
 */
final class PrcbCommand implements Command {
    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        long processor = args.atEnd() ? 0 : args.nextExpression();
        args.expectEnd();
        long address = ProcessorBlocks.prcb(invocation.session(), processor);
        StructReader prcb = invocation.session().kernelStruct("_KPRCB", address);
        PrintStream out = invocation.out();
        out.println("PRCB for Processor " + processor + " at " + Hex.plain(address) + ":");
        out.println("Current IRQL -- " + prcb.get("DebuggerSavedIRQL"));
        out.println("Threads--  Current " + Hex.plain(prcb.get("CurrentThread"))
                + " Next " + Hex.plain(prcb.get("NextThread"))
                + " Idle " + Hex.plain(prcb.get("IdleThread")));
        out.println(String.format("Processor Index %d Number (%d, %d) GroupSetMember %x", prcb.get("Number"),
                prcb.get("Group"), prcb.get("GroupIndex"), prcb.get("GroupSetMember")));
        out.println(String.format("Interrupt Count -- %08x", prcb.get("InterruptCount")));
        out.println(String.format("Times -- Dpc    %08x Interrupt %08x ", prcb.get("DpcTime"), prcb.get("InterruptTime")));
        out.println(String.format("         Kernel %08x User      %08x ", prcb.get("KernelTime"), prcb.get("UserTime")));
    }
}
