package dev.kdlab.debugger.dt;

import dev.kdlab.debugger.CommandException;
import dev.kdlab.types.TypeLookup;

import java.io.PrintStream;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code dt nt!*PROCESS*}, {@code dt nt!_OBJECT_HEADER_*}, {@code dt -s 10 nt!*}: the matching type names, one per
 * line, ten blanks and the PDB's module name first, as a kernel session lists them:
 * <pre>
 * 0: kd&gt; dt ntkrnlmp!_OBJECT_HEADER_*
 *           ntkrnlmp!_OBJECT_HEADER_QUOTA_INFO
 *           ntkrnlmp!_OBJECT_HEADER_PROCESS_INFO
 * </pre>
 * (x64 Windows 10 transcripts; WinDbg lists in the PDB's order, kdlab in name order).
 *
 * @param pattern the name as typed, with its module
 * @param size    -s: only types of this many bytes
 */
public record DtTypeSearch(String pattern, OptionalLong size) implements DtAction {
    private static final String INDENT = " ".repeat(10);

    public void print(TypeLookup lookup, PrintStream out) throws CommandException {
        List<TypeLookup.Found> found = lookup.search(pattern, size);
        if (found.isEmpty()) {
            throw new CommandException("Symbol " + pattern + " not found.");
        }
        for (TypeLookup.Found f : found) {
            out.println(INDENT + f.symbolName());
        }
    }
}
