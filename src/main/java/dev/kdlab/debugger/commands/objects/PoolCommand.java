package dev.kdlab.debugger.commands.objects;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.objects.PoolPages;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

import java.util.List;
import java.util.Optional;

/**
 * {@code !pool Address [Flags]} (transcripts 6.5): the pool page that holds an address, block by
 * block ({@code *ffff8287b5c5b050 size:  e80 previous size:    0  (Allocated) *Proc}, the block
 * holding the address marked with {@code *}), then the marked block's tag as pooltag.txt describes
 * it; an address in a big allocation is named from nt!PoolBigPageTable ("large page allocation").
 * Flag 2 prints only the block that holds the address.
 */
public final class PoolCommand implements Command {
    private static final int ONLY_THIS_BLOCK = 0x2;

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments("Usage: !pool Address [Flags]");
        Session session = invocation.session();
        long address = args.nextWordExpression();
        int flags = args.atEnd() ? 0 : (int) args.nextWordExpression();
        args.expectEnd();
        StringBuilder out = new StringBuilder();
        String at = Hex.plain(address);
        Optional<PoolPages.BigAllocation> big = PoolPages.big(session, address);
        if (big.isPresent()) {
            PoolPages.BigAllocation b = big.get();
            out.append("Pool page ").append(at).append(" region is ").append(PoolPages.region(b.poolType())).append('\n');
            out.append('*').append(Hex.plain(b.address())).append(" : large page allocation, tag is ").append(b.tag().trim())
                    .append(", size is 0x").append(Long.toHexString(b.size())).append(" bytes\n");
            appendTag(out, b.tag());
            invocation.out().print(out);
            return;
        }
        List<PoolPages.Block> blocks = PoolPages.page(session.kernel(), address);
        PoolPages.Block holder = blocks.stream().filter(b -> b.contains(address)).findFirst().orElse(null);
        if (holder == null) {
            out.append("Pool page ").append(at).append(" region is Unknown\n");
            invocation.out().print(out);
            throw new CommandException(at + " is not a valid small pool allocation, checking large pool allocations...\n"
                    + at + " is not valid pool. Checking for freed (or corrupt) pool\n"
                    + "Address " + at + " could not be read. It may be a freed, invalid or paged out page");
        }
        out.append("Pool page ").append(at).append(" region is ").append(PoolPages.region(holder.poolType())).append('\n');
        for (PoolPages.Block block : blocks) {
            if ((flags & ONLY_THIS_BLOCK) != 0 && block != holder) {
                continue;
            }
            boolean marked = block == holder;
            out.append(marked ? '*' : ' ').append(Hex.plain(block.address()))
                    .append(String.format(" size: %4x previous size: %4x  ", block.size(), block.previousSize()))
                    .append(block.free() ? "(Free)      " : "(Allocated)").append(marked ? " *" : "  ").append(block.tag())
                    .append('\n');
        }
        appendTag(out, holder.tag());
        invocation.out().print(out);
    }

    /** The marked block's tag line, indented with two tabs as kdexts prints it. */
    private static void appendTag(StringBuilder out, String tag) {
        Optional<String[]> known = PoolPages.describe(tag);
        String name = tag.trim();
        if (known.isPresent()) {
            out.append("\t\tPooltag ").append(name).append(" : ").append(known.get()[1]).append(", Binary : ")
                    .append(known.get()[0]).append('\n');
        } else {
            out.append("\t\tOwning component : Unknown (update pooltag.txt)\n");
        }
    }
}
