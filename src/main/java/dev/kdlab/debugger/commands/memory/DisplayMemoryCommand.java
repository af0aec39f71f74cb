package dev.kdlab.debugger.commands.memory;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CrtFloat;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.symbols.ModuleList;
import dev.kdlab.lang.arguments.AddressRange;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.expr.ExpressionEnvironment;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.expr.MasmEvaluator;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.VirtualMemory;

import java.io.PrintStream;

/**
 * {@code db}, {@code dw}, {@code dd}, {@code dq}, {@code dp}, {@code dc}, {@code df} {@code [Range]}:
 * memory of the implicit process as bytes with ASCII, words, DWORDs, QWORDs, pointers (QWORDs on
 * x64), DWORDs with ASCII, or floats; 0x80 bytes by default (16 floats for {@code df}); unreadable
 * units print as question marks (transcripts 5.4, 4.4). Without a range it goes on after the last
 * display. {@code dds}, {@code dqs}, {@code dps} show one value per line, followed by the symbol it
 * points at when it points into a module ({@code fffff802`042d5100 nt!KiServiceTable}, transcripts 5.4).
 * {@code /c N} sets the units per line ({@code dd /c1 nt!KiServiceTable L1}, transcripts 5.4).
 */
public final class DisplayMemoryCommand implements Command {
    private static final int DEFAULT_BYTES = 0x80;
    private static final int LINE_BYTES = 16;
    /** df: 16 floats by default (debuggercmds, d-da-db-dc...: "df ... 16 floats"), %16.8g each. */
    private static final int FLOATS_DEFAULT = 16;
    private static final int FLOAT_PRECISION = 8;

    /** How a line shows its units. */
    public enum Style {
        /** db: hex bytes with a dash after the eighth, then ASCII. */ BYTES,
        /** dw, dd, dq, dp: hex units. */ HEX,
        /** dc: hex DWORDs, then ASCII. */ HEX_ASCII,
        /** df: floats, right-aligned in 16 columns. */ FLOATS,
        /** dds, dqs, dps: one unit per line and the symbol it points at. */ SYMBOLS
    }

    private final int unit;
    private final Style style;
    private long next;
    /** The units per line /c chose for the display being printed; 0 for the style's own. */
    private int columns;

    public DisplayMemoryCommand(int unit) {
        this(unit, unit == 1 ? Style.BYTES : Style.HEX);
    }

    public DisplayMemoryCommand(int unit, Style style) {
        this.unit = unit;
        this.style = style;
    }

    private long defaultCount() {
        return style == Style.FLOATS ? FLOATS_DEFAULT : DEFAULT_BYTES / unit;
    }

    @Override
    public void execute(Invocation invocation) throws ExpressionException, SyntaxErrorException {
        ArgumentScanner args = invocation.arguments();
        columns = columnsOption(args, invocation.session());
        long start;
        long count;
        if (args.atEnd()) {
            start = next;
            count = defaultCount();
        } else {
            AddressRange range = args.nextRange(defaultCount(), unit);
            args.expectEnd();
            start = range.firstAddress(unit);
            count = range.elementCount(unit);
        }
        print(invocation.session().memory(), start, count, invocation.out(), invocation.session().contextModules());
        next = start + count * unit;
    }

    private void print(VirtualMemory memory, long start, long count, PrintStream out, ModuleList modules) {
        int perLine = unitsPerLine();
        for (long done = 0; done < count; done += perLine) {
            out.println(line(memory, start + done * unit, (int) Math.min(perLine, count - done), modules));
        }
    }

    /**
     * {@code /c Columns} (also glued, {@code dd /c1}, transcripts 5.4): how many units each line shows, from 1 to
     * 0x100; the other display options are not kdlab's.
     */
    private static int columnsOption(ArgumentScanner args, ExpressionEnvironment env)
            throws ExpressionException, SyntaxErrorException {
        int columns = 0;
        while (args.peekWord().map(w -> w.regionMatches(true, 0, "/c", 0, 2)).orElse(false)) {
            int column = args.column();
            String option = args.nextWord();
            long value = option.length() > 2
                    ? MasmEvaluator.evaluate(option.substring(2), env)
                    : args.nextExpression();
            if (value < 1 || value > 0x100) {
                throw new SyntaxErrorException(column, option);
            }
            columns = (int) value;
        }
        return columns;
    }

    private int unitsPerLine() {
        if (columns > 0) {
            return columns;
        }
        return style == Style.SYMBOLS ? 1 : LINE_BYTES / unit;
    }

    /** One line of this display: {@code units} units from {@code lineAddress} (s prints its hits with it). */
    String line(VirtualMemory memory, long lineAddress, int units, ModuleList modules) {
        byte[] bytes = new byte[units * unit];
        int readable = memory.readAvailable(lineAddress, bytes, 0, bytes.length);
        StringBuilder line = new StringBuilder(Hex.backtick(lineAddress)).append(' ');
        switch (style) {
            case BYTES -> appendBytes(line, bytes, readable, Math.max(unitsPerLine(), units));
            case FLOATS -> appendFloats(line, bytes, readable, units);
            default -> {
                appendUnits(line, bytes, readable, units);
                if (style == Style.HEX_ASCII) {
                    line.append(" ".repeat(9 * (unitsPerLine() - units))).append("  ").append(ascii(bytes, readable));
                }
                if (style == Style.SYMBOLS && readable == unit) {
                    modules.symbolic(LittleEndian.get(bytes, 0, unit)).ifPresent(s -> line.append(' ').append(s));
                }
            }
        }
        return line.toString();
    }

    /** A whole line's worth of units. */
    String line(VirtualMemory memory, long lineAddress, ModuleList modules) {
        return line(memory, lineAddress, unitsPerLine(), modules);
    }

    private void appendUnits(StringBuilder line, byte[] bytes, int readable, int units) {
        for (int i = 0; i < units; i++) {
            line.append(' ').append((i + 1) * unit <= readable ? format(LittleEndian.get(bytes, i * unit, unit)) : unreadable());
        }
    }

    private static void appendFloats(StringBuilder line, byte[] bytes, int readable, int units) {
        for (int i = 0; i < units; i++) {
            String value = (i + 1) * 4 <= readable
                    ? CrtFloat.single((int) LittleEndian.get(bytes, i * 4, 4), FLOAT_PRECISION) : "????????";
            line.append(String.format(" %16s", value));
        }
    }

    /** Question marks in the shape of one unit: ???????? or ????????`???????? for a QWORD. */
    private String unreadable() {
        return unit == 8 ? "????????`????????" : "?".repeat(2 * unit);
    }

    private String format(long value) {
        return unit == 8 ? Hex.backtick(value) : Hex.padded(value, 2 * unit);
    }

    /** The ASCII column: printable characters as they are, others as '.', unreadable bytes as '?'. */
    private static String ascii(byte[] bytes, int readable) {
        StringBuilder ascii = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            ascii.append(i >= readable ? '?' : b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return ascii.toString();
    }

    /** Sixteen bytes with a dash after the eighth, then the ASCII column (section 9.7). */
    private static void appendBytes(StringBuilder line, byte[] bytes, int readable, int lineBytes) {
        for (int i = 0; i < lineBytes; i++) {
            line.append(i == 8 && i < bytes.length ? '-' : ' ');
            if (i >= bytes.length) {
                line.append("  ");
            } else {
                line.append(i < readable ? Hex.padded(bytes[i] & 0xff, 2) : "??");
            }
        }
        line.append("  ").append(ascii(bytes, readable));
    }
}
