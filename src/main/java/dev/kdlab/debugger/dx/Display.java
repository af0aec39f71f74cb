package dev.kdlab.debugger.dx;

import dev.kdlab.debugger.dx.model.DataModel;
import dev.kdlab.debugger.dx.model.DxContext;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.views.Eprocess;
import dev.kdlab.lang.dx.DxCommandLine;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

import java.io.PrintStream;
import java.util.List;

/**
 * One dx command run: its expression evaluated over the data model in the session's context (or in the process
 * {@code -id} names), then shown as a tree or, with {@code -g}, a grid. A failure is thrown as the line dx prints,
 * {@code Error: ...}, after whatever was shown before it.
 */
public final class Display {
    private final Session session;
    private final PrintStream out;
    private final Runnable poll;
    private final boolean terminal;

    public Display(Session session, PrintStream out, Runnable poll, boolean terminal) {
        this.session = session;
        this.out = out;
        this.poll = poll;
        this.terminal = terminal;
    }

    /** Evaluates and shows; a failure comes back as the message dx prints after {@code Error: }. */
    public void run(DxCommandLine line, String arguments) {
        Format format = new Format(Format.Radix.DEFAULT, line.nativeOnly());
        if (line.format() != null) {
            Format.Radix radix = Format.radixOf(line.format());
            if (radix == null) {
                throw new ModelError("Invalid format specifier '" + line.format() + "'");
            }
            format = format.withRadix(radix);
        }
        long process = process(line.ids());
        VirtualMemory memory = process == session.implicitProcess() ? session.memory()
                : Eprocess.at(session, process).addressSpace();
        DxContext context = new DxContext(session, process, memory, poll);
        ModelValue value = new Evaluator(context, new DataModel(context), arguments).evaluate(line.expression());
        if (line.grid()) {
            new GridPrinter(out, format, terminal, line.gridCellWidth(), line.containerSkip(), poll).print(value);
        } else {
            int depth = line.recursion() < 0 ? 1 : line.recursion();
            new TreePrinter(out, format, depth, line.help(), line.verbose(), line.containerSkip(), poll)
                    .print(line.expressionText(), value);
        }
    }

    /**
     * The process the expression is evaluated in: the implicit process, or with {@code -id Session,Process,Thread}
     * the process whose EPROCESS the third or second number names (lkd's transcripts give the EPROCESS third).
     */
    private long process(List<String> ids) {
        for (int i = ids.size() - 1; i >= 1; i--) {
            try {
                long address = Long.parseUnsignedLong(ids.get(i).replaceFirst("^0[xX]", "").replace("`", ""), 16);
                Eprocess process = Eprocess.at(session, address);
                if (address != 0 && process.isProcessObject()) {
                    process.addressSpace();   // its page tables must be readable
                    return address;
                }
            } catch (NumberFormatException | MemoryAccessException e) {
                // not a process: the next number, or the implicit process
            }
        }
        return session.implicitProcess();
    }
}
