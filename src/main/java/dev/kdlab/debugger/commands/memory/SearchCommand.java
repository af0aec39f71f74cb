package dev.kdlab.debugger.commands.memory;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.MappedPages;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.script.ExecutionLimits;
import dev.kdlab.debugger.symbols.ModuleList;
import dev.kdlab.lang.arguments.AddressRange;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.VirtualMemory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code s [-[1]Type] Range Pattern}: search the implicit process's memory (Microsoft Learn,
 * debuggercmds, s--search-memory-). Types: {@code -b} bytes (the default), {@code -w} words,
 * {@code -d} DWORDs, {@code -q} QWORDs, {@code -a} an ASCII string, {@code -u} a Unicode string;
 * values are MASM expressions, strings are quoted. A match of a {@code w}/{@code d}/{@code q}
 * pattern counts only at a multiple of its size from the start, as the engine's search
 * granularity. Each match prints the display line of its type at the match ({@code db} for bytes
 * and strings, {@code dw}, {@code dc} for DWORDs as the engine shows pool tags, {@code dq}), or
 * with {@code -[1]} its address alone. The range is in bytes; over 256 MB it needs {@code L?}. Only
 * mapped pages are searched: the scan follows the page tables, so {@code s -a 0 L?7fffffffffff}
 * costs what the process has mapped.
 */
public final class SearchCommand implements Command {
    private static final int CHUNK = 0x10000;

    /** A pattern type: its letter, element size and the display its matches print with. */
    private enum Type {
        BYTES('b', 1, new DisplayMemoryCommand(1)),
        WORDS('w', 2, new DisplayMemoryCommand(2)),
        DWORDS('d', 4, new DisplayMemoryCommand(4, DisplayMemoryCommand.Style.HEX_ASCII)),
        QWORDS('q', 8, new DisplayMemoryCommand(8)),
        ASCII('a', 1, new DisplayMemoryCommand(1)),
        UNICODE('u', 1, new DisplayMemoryCommand(1));

        private final char letter;
        private final int size;
        private final DisplayMemoryCommand display;

        Type(char letter, int size, DisplayMemoryCommand display) {
            this.letter = letter;
            this.size = size;
            this.display = display;
        }

        static Optional<Type> of(char letter) {
            for (Type t : values()) {
                if (t.letter == letter) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    @Override
    public void execute(Invocation invocation) throws CommandException, ExpressionException, SyntaxErrorException {
        // The expression reader does not take quoted text: the range and values are read before the
        // first quote, the strings after it.
        String arguments = invocation.command().arguments();
        int column = invocation.command().argumentsColumn();
        int quote = arguments.indexOf('"');
        ArgumentScanner args = quote < 0 ? invocation.arguments()
                : new ArgumentScanner(arguments.substring(0, quote), column, invocation.session());
        ArgumentScanner strings = quote < 0 ? null
                : new ArgumentScanner(arguments.substring(quote), column + quote, invocation.session());
        Type type = Type.BYTES;
        boolean addressesOnly = false;
        Optional<String> option = args.nextOption();
        if (option.isPresent()) {
            String text = option.get().substring(1).toLowerCase(Locale.ROOT);
            if (text.startsWith("[")) {
                int close = text.indexOf(']');
                String flags = close < 0 ? "" : text.substring(1, close);
                if (close < 0 || !flags.matches("1?")) {
                    throw new CommandException("Unknown option '" + option.get() + "'");
                }
                addressesOnly = flags.equals("1");
                text = text.substring(close + 1);
            }
            Optional<Type> chosen = text.length() == 1 ? Type.of(text.charAt(0)) : text.isEmpty() ? Optional.of(Type.BYTES)
                    : Optional.empty();
            if (chosen.isEmpty()) {
                throw new CommandException("Unknown option '" + option.get() + "'");
            }
            type = chosen.get();
        }
        AddressRange range = args.nextRange(0, 1);
        if (args.atEnd() && strings == null) {
            throw new SyntaxErrorException(args.column(), arguments);   // no pattern
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        pattern(args, type, bytes);
        if (strings != null) {
            pattern(strings, type, bytes);
        }
        byte[] pattern = bytes.toByteArray();
        long from = range.firstAddress(1);
        long length = range.elementCount(1);
        search(invocation.session(), from, length, pattern, type, addressesOnly, invocation.out(),
                invocation.lines().limits());
    }

    private static void pattern(ArgumentScanner args, Type type, ByteArrayOutputStream bytes)
            throws ExpressionException, SyntaxErrorException {
        while (!args.atEnd()) {
            if (args.quotedWordFollows()) {
                String text = args.nextWord();
                byte[] encoded = text.getBytes(type == Type.UNICODE ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1);
                bytes.write(encoded, 0, encoded.length);
            } else {
                byte[] value = new byte[type.size];
                LittleEndian.put(value, 0, type.size, args.nextExpression());
                bytes.write(value, 0, value.length);
            }
        }
    }

    private static void search(Session session, long from, long length, byte[] pattern, Type type, boolean addressesOnly,
                               PrintStream out, ExecutionLimits limits) {
        VirtualMemory memory = session.memory();
        long last = from + length - 1;
        List<long[]> runs = runs(MappedPages.overlapping(memory.physical(), memory.directoryTableBase(), from, last, -1));
        ModuleList modules = session.contextModules();
        for (long[] run : runs) {
            long start = Long.compareUnsigned(run[0], from) < 0 ? from : run[0];
            long end = Long.compareUnsigned(run[1] - 1, last) > 0 ? last + 1 : run[1];   // exclusive
            searchRun(memory, start, end, from, pattern, type, addressesOnly, modules, out, limits);
        }
    }

    /** Contiguous mappings joined: [start, end) pairs. */
    private static List<long[]> runs(List<MappedPages.Mapping> mappings) {
        List<long[]> runs = new ArrayList<>();
        for (MappedPages.Mapping m : mappings) {
            if (!runs.isEmpty() && runs.get(runs.size() - 1)[1] == m.virtualAddress()) {
                runs.get(runs.size() - 1)[1] = m.end();
            } else {
                runs.add(new long[] {m.virtualAddress(), m.end()});
            }
        }
        return runs;
    }

    private static void searchRun(VirtualMemory memory, long start, long end, long from, byte[] pattern, Type type,
                                  boolean addressesOnly, ModuleList modules, PrintStream out, ExecutionLimits limits) {
        byte[] buffer = new byte[CHUNK + pattern.length - 1];
        for (long chunk = start; Long.compareUnsigned(chunk, end) < 0; chunk += CHUNK) {
            limits.poll();   // Ctrl-C stops a search over a large range
            long available = end - chunk;
            int length = (int) Math.min(buffer.length, available);
            int read = memory.readAvailable(chunk, buffer, 0, length);
            int lastStart = (int) Math.min(CHUNK, available) - 1;
            for (int i = 0; i <= lastStart && i + pattern.length <= read; i++) {
                long at = chunk + i;
                if (Long.remainderUnsigned(at - from, type.size) == 0 && matches(buffer, i, pattern)) {
                    out.println(addressesOnly ? Hex.backtick(at)
                            : type.display.line(memory, at, modules));
                }
            }
        }
    }

    private static boolean matches(byte[] buffer, int at, byte[] pattern) {
        for (int j = 0; j < pattern.length; j++) {
            if (buffer[at + j] != pattern[j]) {
                return false;
            }
        }
        return true;
    }
}
