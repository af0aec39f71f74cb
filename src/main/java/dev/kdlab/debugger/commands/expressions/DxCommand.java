package dev.kdlab.debugger.commands.expressions;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.dx.Display;
import dev.kdlab.debugger.dx.ModelError;
import dev.kdlab.lang.dx.DxCommandLine;
import dev.kdlab.lang.dx.DxParsing;
import dev.kdlab.lang.dx.DxSyntaxException;
import dev.kdlab.memory.MemoryAccessException;

import java.io.PrintStream;

/**
 * {@code dx [-g|-gc #] [-c #] [-n|-v] [-r[#]] [-h] [-id ...] Expression[, FormatSpecifier]} (Microsoft Learn,
 * debuggercmds/dx--display-visualizer-variables-; transcripts 2.10, 6.8): an expression of the debugger data model
 * (grammar/dev/kdlab/lang/DxParser.g4) evaluated over the machine's bytes ({@link dev.kdlab.debugger.dx}) and shown
 * as WinDbg shows it. Errors are the data model's, after {@code Error: } (transcripts 7).
 */
public final class DxCommand implements Command {
    private static final String USAGE = """
            Usage: dx [-g|-gc #] [-c #] [-n|-v] [-r[#]] [-h] [-id Session,Process,Thread] Expression[, FormatSpecifier]
              -r[#]   Display the result's children # levels deep (default 1)
              -g      Display the result's elements as a grid (-gc #: cells # characters wide)
              -c #    Skip the first # elements of a container
              -h      Show the help text of the objects and their properties
              -v      Also list the methods of the result
              -n      Show native structures without their visualizers
              -id     Evaluate in the context of the process these numbers name
              -?      Show this text""";

    @Override
    public void execute(Invocation invocation) throws CommandException {
        String arguments = invocation.command().arguments();
        PrintStream out = invocation.out();
        DxCommandLine line;
        try {
            line = DxParsing.parse(arguments);
        } catch (DxSyntaxException e) {
            throw new CommandException("Error: " + e.getMessage());
        }
        if (line.usage() || line.expression() == null) {
            out.println(USAGE);
            return;
        }
        Runnable poll = invocation.lines() == null ? () -> { } : () -> invocation.lines().limits().poll();
        try {
            new Display(invocation.session(), out, poll, invocation.session().terminal()).run(line, arguments);
        } catch (ModelError e) {
            throw new CommandException("Error: " + e.getMessage());
        } catch (MemoryAccessException e) {
            throw new CommandException("Error: Unable to read memory at Address 0x" + Long.toHexString(e.address()));
        }
    }
}
