package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.symbols.ModuleList;
import dev.kdlab.lang.AddressRange;
import dev.kdlab.lang.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.VirtualMemory;

import java.io.PrintStream;

/**
 * {@code db}, {@code dw}, {@code dd}, {@code dq} {@code [Range]}: memory of the implicit process as
 * bytes with ASCII, words, DWORDs or QWORDs; 0x80 bytes by default; unreadable units print as
 * question marks (transcripts 5.4). Without a range it goes on after the last display.
 * {@code dds}, {@code dqs}, {@code dps} show one value per line, followed by the symbol it points
 * at when it points into a module ({@code fffff802`042d5100 nt!KiServiceTable}, transcripts 5.4).
 */
final class DisplayMemoryCommand implements Command {
    private static final int DEFAULT_BYTES = 0x80;

    private final int unit;
    private final boolean symbols;
    private long next;

    DisplayMemoryCommand(int unit) {
        this(unit, false);
    }

    DisplayMemoryCommand(int unit, boolean symbols) {
        this.unit = unit;
        this.symbols = symbols;
    }

    @Override
    public void execute(Invocation invocation) throws ExpressionException, SyntaxErrorException {
        ArgumentScanner args = invocation.arguments();
        long start;
        long count;
        if (args.atEnd()) {
            start = next;
            count = DEFAULT_BYTES / unit;
        } else {
            AddressRange range = args.nextRange(DEFAULT_BYTES / unit);
            args.expectEnd();
            start = range.firstAddress(unit);
            count = range.elementCount(unit);
        }
        print(invocation.session().memory(), start, count, invocation.out(), invocation.session().kernelModules());
        next = start + count * unit;
    }

    private void print(VirtualMemory memory, long start, long count, PrintStream out, ModuleList modules) {
        int perLine = symbols ? 1 : 16 / unit;
        for (long done = 0; done < count; done += perLine) {
            long lineAddress = start + done * unit;
            int units = (int) Math.min(perLine, count - done);
            byte[] bytes = new byte[units * unit];
            int readable = memory.readAvailable(lineAddress, bytes, 0, bytes.length);
            StringBuilder line = new StringBuilder(Hex.backtick(lineAddress)).append(' ');
            if (unit == 1) {
                appendBytes(line, bytes, readable);
            } else {
                for (int i = 0; i < units; i++) {
                    line.append(' ').append((i + 1) * unit <= readable
                            ? format(LittleEndian.get(bytes, i * unit, unit)) : unreadable());
                }
                if (symbols && readable == unit) {
                    modules.symbolic(LittleEndian.get(bytes, 0, unit)).ifPresent(s -> line.append(' ').append(s));
                }
            }
            out.println(line);
        }
    }

    /** Question marks in the shape of one unit: ???????? or ????????`???????? for a QWORD. */
    private String unreadable() {
        return unit == 8 ? "????????`????????" : "?".repeat(2 * unit);
    }

    private String format(long value) {
        return unit == 8 ? Hex.backtick(value) : Hex.padded(value, 2 * unit);
    }

    /** Sixteen bytes with a dash after the eighth, then the ASCII column (section 9.7). */
    private static void appendBytes(StringBuilder line, byte[] bytes, int readable) {
        StringBuilder ascii = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            line.append(i == 8 && i < bytes.length ? '-' : ' ');
            if (i >= bytes.length) {
                line.append("  ");
            } else if (i < readable) {
                int b = bytes[i] & 0xff;
                line.append(Hex.padded(b, 2));
                ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
            } else {
                line.append("??");
                ascii.append('?');
            }
        }
        line.append("  ").append(ascii);
    }
}
