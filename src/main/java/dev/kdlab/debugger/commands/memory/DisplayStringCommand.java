package dev.kdlab.debugger.commands.memory;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.lang.arguments.AddressRange;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.VirtualMemory;

import java.io.PrintStream;

/**
 * {@code da} / {@code du} {@code [Range]}: an ANSI or UTF-16 string in the implicit process's
 * memory, up to its NUL or the end of the range, 32 characters per line, each line starting with
 * its own address (transcripts 5.4: {@code fffffc81`c8eb6ff0  "{CEEACC6E-CCB2-4C4F-BCF6-D217603"},
 * then {@code +0x40}); characters below 0x20 or above 0x7e show as '.'. Without a length kdlab
 * reads at most 256 characters. A string whose first character cannot be read shows question
 * marks, as the other display commands do. Without a range it goes on after the last display.
 */
public final class DisplayStringCommand implements Command {
    private static final int PER_LINE = 32;
    private static final int DEFAULT_CHARACTERS = 256;

    private final int unit;
    private long next;

    public DisplayStringCommand(boolean wide) {
        this.unit = wide ? 2 : 1;
    }

    @Override
    public void execute(Invocation invocation) throws ExpressionException, SyntaxErrorException {
        ArgumentScanner args = invocation.arguments();
        long start = next;
        long limit = DEFAULT_CHARACTERS;
        if (!args.atEnd()) {
            AddressRange range = args.nextRange(DEFAULT_CHARACTERS, unit);
            args.expectEnd();
            start = range.firstAddress(unit);
            limit = range.elementCount(unit);
        }
        next = print(invocation.session().memory(), start, limit, invocation.out());
    }

    /** Prints the string's lines; returns the address after the last character shown. */
    private long print(VirtualMemory memory, long start, long limit, PrintStream out) {
        byte[] bytes = new byte[(int) Math.min(limit, 0x10000) * unit];
        int readable = memory.readAvailable(start, bytes, 0, bytes.length) / unit;
        if (readable == 0 && limit > 0) {
            out.println(Hex.backtick(start) + "  " + "?".repeat(PER_LINE));
            return start;
        }
        StringBuilder line = new StringBuilder();
        long lineAddress = start;
        int shown = 0;
        while (shown < readable) {
            long c = LittleEndian.get(bytes, shown * unit, unit);
            if (c == 0) {
                break;
            }
            if (line.length() == PER_LINE) {
                out.println(Hex.backtick(lineAddress) + "  \"" + line + "\"");
                line.setLength(0);
                lineAddress = start + (long) shown * unit;
            }
            line.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
            shown++;
        }
        out.println(Hex.backtick(lineAddress) + "  \"" + line + "\"");
        return start + (long) shown * unit;
    }
}
