package dev.kdlab.debugger.commands.memory;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.PhysicalAddress;
import dev.kdlab.debugger.Session;
import dev.kdlab.struct.StructView;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

import java.io.PrintStream;

/**
 * {@code !pfn PageFrame}: the frame's {@code _MMPFN} entry, at {@code poi(nt!MmPfnDatabase) + sizeof(_MMPFN) * PFN}.
 * The layout of the lines is the documented one (docs of !pfn: PFN and entry address; flink, blink /
 * share count, pteaddress; reference count and color; restore pte, containing page, list name and
 * flag letters, then a word per flag) with the x64 widths and the Windows 10 middle line
 * (used entry count, cache attribute, color, priority). No x64 transcript was found to check it
 * column for column.
 */
public final class PfnCommand implements Command {
    /** _MMLISTS, as !pfn names them. */
    private static final String[] LOCATIONS = {"Zeroed", "Free", "Standby", "Modified", "ModNoWrt", "Bad", "Active",
        "Transition"};
    /** _MI_PFN_CACHE_ATTRIBUTE. */
    private static final String[] CACHING = {"NonCached", "Cached", "WriteComb", "NotMapped"};

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        long pfn = PhysicalAddress.of(args.nextExpression());   // a frame number has no sign either
        args.expectEnd();
        Session session = invocation.session();
        long database = session.kernel().readLong(session.symbolOrZero("MmPfnDatabase"));
        long address = database + session.type("_MMPFN").size() * pfn;
        StructView entry = session.kernelStruct("_MMPFN", address);
        PrintStream out = invocation.out();
        long shareCount;
        try {
            shareCount = entry.get("u2.ShareCount");
        } catch (MemoryAccessException e) {
            throw new CommandException("error 1 InitTypeRead( nt!_MMPFN at " + Hex.backtick(address) + ")");
        }
        boolean modified = entry.get("u3.e1.Modified") != 0;
        String flags = (modified ? "M" : "") + (entry.get("u4.PrototypePte") != 0 ? "P" : "")
                + (entry.get("u3.e1.ReadInProgress") != 0 ? "R" : "") + (entry.get("u3.e1.WriteInProgress") != 0 ? "W" : "");
        out.println(String.format("    PFN %08X at address %016X", pfn, address));
        out.println(String.format("    flink       %08X  blink / share count %08X  pteaddress %016X",
                entry.get("u1.Flink"), shareCount, entry.get("PteAddress")));
        out.println(String.format("    reference count %04X    used entry count  %04X      %-10scolor 0   Priority %d",
                entry.get("u3.ReferenceCount"), entry.get("OriginalPte.u.Soft.UsedPageTableEntries"),
                CACHING[(int) entry.get("u3.e1.CacheAttribute")], entry.get("u3.e3.Priority")));
        out.println(String.format("    restore pte %08X  containing page        %06X  %-11s%s",
                entry.get("OriginalPte.u.Long"), entry.get("u4.PteFrame"),
                LOCATIONS[(int) entry.get("u3.e1.PageLocation")], flags).stripTrailing());
        if (modified) {
            out.println("    Modified");
        }
    }
}
