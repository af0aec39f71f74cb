package dev.kdlab.debugger.commands.machine;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.struct.StructView;
import dev.kdlab.debugger.views.ProcessorBlock;
import dev.kdlab.debugger.views.ProcessorBlocks;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

import java.io.PrintStream;

/**
 * {@code !pcr [Processor]}: kdexts' view of a KPCR, as it prints on every x64 target (the 19041
 * captures found with the search tool, e.g. the DPC notes and the bug check 0x133 page). The
 * extension still reads the x86 PCR names: on x64 the NT_TIB union overlays GdtBase, TssBase,
 * UserRsp, Self, CurrentPrcb, LockArray and Used_Self, and names x64 no longer has (SelfPcr, IRR,
 * IDT ...) read as zero. Its DPC line reads _KDPC_DATA.DpcListHead, which 19041 renamed DpcList,
 * so it always reports the read failure at the first DpcData. Docs: "may display incorrect output".
 */
public final class PcrCommand implements Command {
    private static final String[][] TIB = {
            {"NtTib.ExceptionList", "NtTib.ExceptionList"},
            {"NtTib.StackBase", "NtTib.StackBase"},
            {"NtTib.StackLimit", "NtTib.StackLimit"},
            {"NtTib.SubSystemTib", "NtTib.SubSystemTib"},
            {"NtTib.Version", "NtTib.Version"},
            {"NtTib.UserPointer", "NtTib.ArbitraryUserPointer"},
            {"NtTib.SelfTib", "NtTib.Self"},
    };
    private static final String[] LEGACY_BEFORE_PRCB = {"SelfPcr"};
    private static final String[] LEGACY_AFTER_PRCB = {"Irql", "IRR", "IDR", "InterruptMode", "IDT", "GDT", "TSS"};

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        long processor = args.atEnd() ? ProcessorBlocks.CURRENT : args.nextExpression();
        args.expectEnd();
        long address = ProcessorBlocks.pcr(invocation.session(), processor);
        StructView pcr = invocation.session().kernelStruct("_KPCR", address);
        PrintStream out = invocation.out();
        out.println("KPCR for Processor " + processor + " at " + Hex.plain(address) + ":");
        out.println("    Major " + pcr.get("MajorVersion") + " Minor " + pcr.get("MinorVersion"));
        for (String[] line : TIB) {
            row(out, line[0], pcr.get(line[1]));
        }
        out.println();
        for (String name : LEGACY_BEFORE_PRCB) {
            row(out, name, pcr.getOrZero(name));
        }
        long prcb = pcr.get("CurrentPrcb");
        row(out, "Prcb", prcb);
        for (String name : LEGACY_AFTER_PRCB) {
            row(out, name, pcr.getOrZero(name));
        }
        out.println();
        ProcessorBlock block = ProcessorBlock.at(invocation.session(), prcb);
        row(out, "CurrentThread", block.currentThread());
        row(out, "NextThread", block.nextThread());
        row(out, "IdleThread", block.idleThread());
        out.println();
        out.println("\t          DpcQueue: Unable to read nt!_KDPC_DATA.DpcListHead.Flink @ "
                + Hex.plain(block.dpcData()));
    }

    private static void row(PrintStream out, String label, long value) {
        out.println(String.format("\t%19s: %s", label, Hex.plain(value)));
    }
}
