package dev.kdlab.debugger.commands.machine;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.views.ProcessorBlock;
import dev.kdlab.debugger.views.ProcessorBlocks;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

import java.io.PrintStream;

/**
 * {@code !cpuinfo [Processor]}: one line per processor from its KPRCB, in the newer column set of
 * transcripts 5.7: family,model,stepping (CpuType, CpuStep), VendorString, MHz, the microcode
 * revision Windows recorded (UpdateSignature), FeatureBits, ArchitectureClass. The "MSR 8B" column
 * is what the processor reports now through rdmsr; kdlab's processors have no MSRs to ask, so it
 * stays blank, as on the lkd capture that left it blank. 19041's KPRCB has no ArchitectureClass: 0.
 */
public final class CpuInfoCommand implements Command {
    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        Session session = invocation.session();
        long first = 0;
        long last = ProcessorBlocks.count(session) - 1;
        if (!args.atEnd()) {
            first = args.nextExpression();
            last = first;
        }
        args.expectEnd();
        PrintStream out = invocation.out();
        out.println("CP  F/M/S Manufacturer  MHz PRCB Signature    MSR 8B Signature Features ArchitectureClass");
        for (long cpu = first; cpu <= last; cpu++) {
            ProcessorBlock prcb = ProcessorBlocks.block(session, cpu);
            long step = prcb.cpuStep();
            out.println(String.format("%2d %2d,%d,%d %s %d %016x %18s%08x %d", cpu, prcb.cpuType(), step >> 8,
                    step & 0xff, prcb.vendor(), prcb.mhz(), prcb.updateSignature(), "",
                    prcb.featureBits() & 0xffffffffL, prcb.architectureClass()));
        }
    }
}
