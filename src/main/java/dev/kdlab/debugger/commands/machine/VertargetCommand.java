package dev.kdlab.debugger.commands.machine;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandSpec;
import dev.kdlab.debugger.Debugger;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.views.TargetVersion;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code vertarget}: the target's version block (transcripts 5.7, lkd on 19041). {@code version}
 * prints the same block first, as WinDbg does in kernel mode, then the engine block in WinDbg's
 * shape (debugger version, dbgeng, dbghelp, extension search path and chain) saying what kdlab
 * has in their place: no DLLs, its own engine and its extension commands built in, listed by
 * name. kdlab prints no process id or command line, so that a script's output is the same on
 * every run.
 */
public final class VertargetCommand implements Command {
    private final Supplier<List<CommandSpec>> commands;

    /** @param commands the command table, for {@code version}'s extension chain; null for {@code vertarget} */
    public VertargetCommand(Supplier<List<CommandSpec>> commands) {
        this.commands = commands;
    }

    @Override
    public void execute(Invocation invocation) throws SyntaxErrorException, MemoryAccessException {
        invocation.arguments().expectEnd();
        PrintStream out = invocation.out();
        TargetVersion.lines(invocation.session()).forEach(out::println);
        if (commands != null) {
            engine(out);
        }
    }

    private void engine(PrintStream out) {
        String kdlab = "kdlab " + Debugger.VERSION;
        out.println();
        out.println("kdlab Debugger Version " + Debugger.VERSION);
        out.println("WinDbg-style commands over an emulated Windows 10 x64 kernel; not Microsoft's debugger.");
        out.println();
        out.println("dbgeng:  " + kdlab + ", built in (reads the target through its page tables and the 19041 type catalog)");
        out.println("dbghelp: " + kdlab + ", built in (public symbols and .pdata unwind data of the emulated images)");
        out.println("Extension DLL search Path:");
        out.println("    none: kdlab's extension commands are built in");
        out.println("Extension DLL chain:");
        out.println("    kdexts: " + kdlab + ", built in");
        out.println("        [" + commands.get().stream()
                .flatMap(spec -> spec.names().stream())
                .filter(name -> name.startsWith("!"))
                .sorted()
                .collect(Collectors.joining(" ")) + "]");
    }
}
