package dev.kdlab.debugger.dt;

import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.symbols.ModuleList;
import dev.kdlab.memory.VirtualMemory;
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
    /** The rule under each node of dt -l and each element of dt -a (45 dashes, as in the -l transcripts). */
    static final String DASHES = "-".repeat(45);

    private final VirtualMemory memory;
    private final ModuleList symbols;
    private final PrintStream out;

    public DtPrinter(VirtualMemory memory, ModuleList symbols, PrintStream out) {
        this.memory = memory;
        this.symbols = symbols;
        this.out = out;
    }

    public void print(DtRequest request) throws CommandException {
        Type type = request.type();
        StructType struct = type instanceof StructType s ? s : null;
        if (struct != null && !request.selectors().isEmpty() && !StructPrinter.anyResolves(struct, request.selectors())) {
            // WinDbg's words for a field the type does not have (dt front ends match this line)
            throw new CommandException("Cannot find specified field members.");
        }
        if (request.header() != null) {
            out.println(request.header());
        }
        if (struct != null && request.options().verbose()) {
            out.println(TypeText.header(struct));
        }
        TrackedMemory tracked = new TrackedMemory(memory);
        ValueFormatter values = new ValueFormatter(tracked, symbols);
        StructPrinter printer = new StructPrinter(out, values, request.options());
        if (request.address().isEmpty()) {
            typeOnly(type, request, printer);
            return;
        }
        long address = request.address().getAsLong();
        if (struct != null && request.options().listField() != null) {
            new ListPrinter(out, printer, tracked).walk(struct, address, request);
            return;
        }
        if (request.options().instanceArray()) {
            instances(type, address, request, printer, values);
        } else if (struct != null) {
            instance(struct, address, request, printer, values);
        } else {
            out.println(values.value(type, address));
        }
        if (tracked.failed()) {
            out.println(tracked.errorLine());
        }
    }

    private void instance(StructType struct, long address, DtRequest request, StructPrinter printer, ValueFormatter values) {
        if (request.selectors().isEmpty() && !request.options().compact()) {
            String summary = values.summary(struct, address);
            if (!summary.isEmpty()) {
                out.println(summary);
            }
        }
        printer.print(struct, address, request.selectors(), request.nameWidth());
    }

    /**
     * dt -a[N] before the type: N instances side by side from the address, each under {@code [0] @ address} and the
     * dashes, or for a base type one {@code [0] 0x1001098} line each (docs example {@code dt -ca10 ULONG}); with -c a
     * struct's members follow its index on one line. -a without a count shows one instance.
     */
    private void instances(Type type, long address, DtRequest request, StructPrinter printer, ValueFormatter values) {
        int count = request.options().arrayElements() == DtOptions.ALL_ELEMENTS ? 1 : request.options().arrayElements();
        long size = Math.max(1, type.size());
        for (int i = 0; i < count; i++) {
            long at = address + i * size;
            String index = "[" + i + "]";
            if (!(type instanceof StructType struct)) {
                out.println(index + " " + values.element(type, at));
            } else if (request.options().compact()) {
                printer.print(struct, at, request.selectors(), request.nameWidth(), index + " ");
            } else {
                out.println(index + " @ " + Hex.backtick(at));
                out.println(DASHES);
                printer.print(struct, at, request.selectors(), request.nameWidth());
                out.println();
            }
        }
    }

    private void typeOnly(Type type, DtRequest request, StructPrinter printer) {
        DtOptions options = request.options();
        if (!(type instanceof StructType struct)) {
            // an enum's constants; nothing for a base type
            TypeLayoutPrinter.members(type).forEach(out::println);
            return;
        }
        boolean plain = request.selectors().isEmpty() && options.recursion() == 0 && !options.blocks()
                && !options.verbose() && !options.compact() && !options.omitOffsets();
        if (plain) {
            TypeLayoutPrinter.members(struct).forEach(out::println);
            return;
        }
        printer.print(struct, null, request.selectors(), request.nameWidth());
    }
}
