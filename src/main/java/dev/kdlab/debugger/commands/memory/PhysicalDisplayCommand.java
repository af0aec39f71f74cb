package dev.kdlab.debugger.commands.memory;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.PhysicalAddress;
import dev.kdlab.lang.arguments.AddressRange;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.PhysicalMemory;

import java.util.Optional;

/**
 * {@code !db}, {@code !dd}, {@code !dq}, {@code !dc} {@code [[c]|[uc]|[wc]] PhysicalAddress [L Count]}:
 * physical memory, each line "# address" then the data (transcripts 4.1, 4.4). Caching options
 * are accepted and change nothing: emulated RAM has no caches. The address is physical: an 8-digit
 * value is not sign-extended ({@link PhysicalAddress}).
 */
public final class PhysicalDisplayCommand implements Command {
    private static final int DEFAULT_BYTES = 0x80;

    private final int unit;
    private final boolean ascii;

    public PhysicalDisplayCommand(int unit, boolean ascii) {
        this.unit = unit;
        this.ascii = ascii;
    }

    @Override
    public void execute(Invocation invocation) throws ExpressionException, SyntaxErrorException {
        ArgumentScanner args = invocation.arguments();
        for (Optional<String> word = args.peekWord(); word.isPresent() && word.get().startsWith("["); word = args.peekWord()) {
            args.nextWord();
        }
        AddressRange range = args.nextRange(DEFAULT_BYTES / unit, unit);
        args.expectEnd();
        PhysicalMemory physical = invocation.session().target().physical();
        long start = PhysicalAddress.of(range.firstAddress(unit));
        long count = range.elementCount(unit);
        int perLine = 16 / unit;
        for (long done = 0; done < count; done += perLine) {
            long address = start + done * unit;
            int units = (int) Math.min(perLine, count - done);
            StringBuilder line = new StringBuilder("# ").append(Long.toHexString(address));
            if (!physical.contains(address + (long) units * unit - 1)) {
                invocation.out().println(line.append(" ").append("?".repeat(2 * unit)));
                return;
            }
            byte[] bytes = new byte[units * unit];
            physical.read(address, bytes, 0, bytes.length);
            for (int i = 0; i < units; i++) {
                long value = LittleEndian.get(bytes, i * unit, unit);
                line.append(unit == 1 && i == 8 ? '-' : ' ').append(unit == 8 ? Hex.backtick(value) : Hex.padded(value, 2 * unit));
            }
            if (ascii) {
                line.append(' ');
                for (int i = 0; i < 16; i++) {
                    int b = i < bytes.length ? bytes[i] & 0xff : '.';
                    line.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                }
            }
            invocation.out().println(line);
        }
    }
}
