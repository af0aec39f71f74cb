package dev.kdlab.debugger.commands.process;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.struct.StructView;
import dev.kdlab.debugger.views.Ethread;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

import java.io.PrintStream;

/** {@code !teb [Address]}: the TEB of the implicit thread, or at the address (transcripts 3.5). */
public final class TebCommand implements Command {
    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        Session session = invocation.session();
        long teb = args.atEnd() ? Ethread.at(session, session.implicitThread()).teb() : args.nextExpression();
        PrintStream out = invocation.out();
        out.println("TEB at " + Hex.plain(teb));
        StructView t = session.struct(session.memory(), "_TEB", teb);
        try {
            t.get("NtTib.Self");
        } catch (MemoryAccessException e) {
            throw new CommandException("error InitTypeRead( TEB )...");
        }
        out.println("    ExceptionList:        " + Hex.plain(t.get("NtTib.ExceptionList")));
        out.println("    StackBase:            " + Hex.plain(t.get("NtTib.StackBase")));
        out.println("    StackLimit:           " + Hex.plain(t.get("NtTib.StackLimit")));
        out.println("    SubSystemTib:         " + Hex.plain(t.get("NtTib.SubSystemTib")));
        out.println("    FiberData:            " + Hex.plain(t.get("NtTib.FiberData")));
        out.println("    ArbitraryUserPointer: " + Hex.plain(t.get("NtTib.ArbitraryUserPointer")));
        out.println("    Self:                 " + Hex.plain(t.get("NtTib.Self")));
        out.println("    EnvironmentPointer:   " + Hex.plain(t.get("EnvironmentPointer")));
        out.println("    ClientId:             " + Hex.plain(t.get("ClientId.UniqueProcess")) + " . "
                + Hex.plain(t.get("ClientId.UniqueThread")));
        out.println("    RpcHandle:            " + Hex.plain(t.get("ActiveRpcHandle")));
        out.println("    Tls Storage:          " + Hex.plain(t.get("ThreadLocalStoragePointer")));
        out.println("    PEB Address:          " + Hex.plain(t.get("ProcessEnvironmentBlock")));
        out.println("    LastErrorValue:       " + t.get("LastErrorValue"));
        out.println("    LastStatusValue:      " + Long.toHexString(t.get("LastStatusValue")));
        out.println("    Count Owned Locks:    " + t.get("CountOfOwnedCriticalSections"));
        out.println("    HardErrorMode:        " + t.get("HardErrorMode"));
    }
}
