package dev.kdlab.debugger.dt;

import dev.kdlab.debugger.CommandException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.target.Symbols;
import dev.kdlab.types.StructType;
import dev.kdlab.types.Type;
import dev.kdlab.types.TypeLayoutPrinter;

import java.io.PrintStream;

/**
 * Prints what a {@link DtRequest} asks for: the header line {@code nt!_EPROCESS} when the type was not written
 * with its module (rule 9.5), the -v line, the summary line of a {@code _LIST_ENTRY} instance
 * ({@code  [ 0x… - 0x… ]}), the members, and last {@code Memory read error …} when a member could not be read.
 */
public final class DtPrinter {
    private final VirtualMemory memory;
    private final Symbols symbols;
    private final PrintStream out;

    public DtPrinter(VirtualMemory memory, Symbols symbols, PrintStream out) {
        this.memory = memory;
        this.symbols = symbols;
        this.out = out;
    }

    public void print(DtRequest request) throws CommandException {
        Type type = request.type();
        if (!(type instanceof StructType struct)) {
            printOther(request);
            return;
        }
        if (!request.selectors().isEmpty() && !StructPrinter.anyResolves(struct, request.selectors())) {
            // WinDbg's words for a field the type does not have (dt front ends match this line)
            throw new CommandException("Cannot find specified field members.");
        }
        if (!request.qualified()) {
            out.println("nt!" + struct.name());
        }
        if (request.options().verbose()) {
            out.println(TypeText.header(struct));
        }
        TrackedMemory tracked = new TrackedMemory(memory);
        ValueFormatter values = new ValueFormatter(tracked, symbols);
        StructPrinter printer = new StructPrinter(out, values, request.options());
        if (request.address().isEmpty()) {
            typeOnly(struct, request, printer);
            return;
        }
        long address = request.address().getAsLong();
        if (request.options().listField() != null) {
            new ListWalker(out, printer, tracked).walk(struct, address, request);
            return;
        }
        if (request.selectors().isEmpty()) {
            String summary = values.summary(struct, address);
            if (!summary.isEmpty()) {
                out.println(summary);
            }
        }
        printer.print(struct, address, request.selectors(), request.nameWidth());
        if (tracked.failed()) {
            out.println(tracked.errorLine());
        }
    }

    private void typeOnly(StructType struct, DtRequest request, StructPrinter printer) {
        DtOptions options = request.options();
        if (request.selectors().isEmpty() && options.recursion() == 0 && !options.blocks() && !options.verbose()) {
            TypeLayoutPrinter.members(struct).forEach(out::println);
            return;
        }
        printer.print(struct, null, request.selectors(), request.nameWidth());
    }

    /** An enum, base or pointer type: its constants without an address, its value (flush left) with one. */
    private void printOther(DtRequest request) {
        if (!request.qualified()) {
            out.println("nt!" + request.type().name());
        }
        if (request.address().isEmpty()) {
            TypeLayoutPrinter.members(request.type()).forEach(out::println);
            return;
        }
        TrackedMemory tracked = new TrackedMemory(memory);
        out.println(new ValueFormatter(tracked, symbols).value(request.type(), request.address().getAsLong()));
        if (tracked.failed()) {
            out.println(tracked.errorLine());
        }
    }
}
