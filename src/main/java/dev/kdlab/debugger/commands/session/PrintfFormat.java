package dev.kdlab.debugger.commands.session;

import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Session;
import dev.kdlab.memory.VirtualMemory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The conversions of {@code .printf} (Microsoft Learn, debuggercmds, ".printf"), with C's flags, width and
 * precision where they make sense:
 * <ul>
 *   <li>{@code %p} and {@code %N}: a pointer, 16 hex digits (no backtick);</li>
 *   <li>{@code %x %X %d %i %u}: 32-bit values ({@code %I64x}, {@code %I64d}, {@code %I64u}, {@code %llx} ... 64-bit);</li>
 *   <li>{@code %c}: a character;</li>
 *   <li>{@code %s}: a quoted string argument, or else the ASCII string at the address;</li>
 *   <li>{@code %ma %mu}: the ASCII or Unicode string at the address; {@code %msa %msu}: the ANSI_STRING or
 *       UNICODE_STRING structure at the address;</li>
 *   <li>{@code %y} and {@code %ly}: the symbol and offset of the address, then the address in parentheses
 *       ({@code nt!KeBugCheckEx (fffff803`0dc0e700)}); the address alone where no symbol covers it;</li>
 *   <li>{@code %%}: a percent sign.</li>
 * </ul>
 * Strings are read in the implicit process's context; an unreadable one fails the command.
 */
final class PrintfFormat {
    private static final int STRING_LIMIT = 0x1000;

    /** One argument: a number (an evaluated expression) or a quoted string. */
    record Argument(long value, String text) {
        static Argument number(long value) {
            return new Argument(value, null);
        }

        static Argument text(String text) {
            return new Argument(0, text);
        }
    }

    private final Session session;

    PrintfFormat(Session session) {
        this.session = session;
    }

    String format(String format, List<Argument> arguments) throws CommandException {
        StringBuilder out = new StringBuilder();
        int next = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            Spec spec = Spec.parse(format, i);
            if (spec == null) {
                out.append(c);   // a lone '%' that starts no conversion prints as it is
                i++;
                continue;
            }
            i = spec.end;
            if (spec.conversion.equals("%")) {
                out.append('%');
                continue;
            }
            if (next >= arguments.size()) {
                throw new CommandException("Not enough arguments for format string");
            }
            out.append(spec.pad(convert(spec, arguments.get(next++))));
        }
        return out.toString();
    }

    private String convert(Spec spec, Argument argument) throws CommandException {
        long v = argument.value();
        String size = spec.size.toLowerCase(Locale.ROOT);
        boolean wide = size.equals("i64") || size.equals("ll");   // long is 32 bits on Windows
        switch (spec.conversion) {
            case "p", "N":
                return String.format("%016x", v);
            case "x":
                return Long.toHexString(wide ? v : v & 0xffffffffL);
            case "X":
                return Long.toHexString(wide ? v : v & 0xffffffffL).toUpperCase(Locale.ROOT);
            case "d", "i":
                return Long.toString(wide ? v : (int) v);
            case "u":
                return wide ? Long.toUnsignedString(v) : Long.toString(v & 0xffffffffL);
            case "o":
                return Long.toOctalString(wide ? v : v & 0xffffffffL);
            case "c":
                return String.valueOf((char) (v & 0xff));
            case "C":
                return String.valueOf((char) (v & 0xffff));
            case "s":
                return argument.text() != null ? argument.text() : ascii(v);
            case "ma":
                return ascii(v);
            case "mu":
                return unicode(v, -1);
            case "msa":
                return counted(v, false);
            case "msu":
                return counted(v, true);
            case "y", "ly":
                return symbol(v);
            default:
                throw new CommandException("Unsupported format '%" + spec.conversion + "'");
        }
    }

    private String ascii(long address) throws CommandException {
        byte[] bytes = read(address, STRING_LIMIT);
        int length = 0;
        while (length < bytes.length && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    /** A NUL-terminated UTF-16 string, or exactly {@code bytes} bytes of one when not negative. */
    private String unicode(long address, int bytes) throws CommandException {
        byte[] data = read(address, bytes < 0 ? STRING_LIMIT : bytes);
        int length = 0;
        while (length + 1 < data.length && (bytes >= 0 || data[length] != 0 || data[length + 1] != 0)) {
            length += 2;
        }
        return new String(data, 0, length, StandardCharsets.UTF_16LE);
    }

    /** _ANSI_STRING / _UNICODE_STRING: Length (bytes) at +0, Buffer at +8. */
    private String counted(long address, boolean wide) throws CommandException {
        VirtualMemory memory = session.memory();
        int length;
        long buffer;
        try {
            length = (int) memory.readUnsigned(address, 2);
            buffer = memory.readLong(address + 8);
        } catch (RuntimeException e) {
            throw memoryError(address);
        }
        if (length == 0) {
            return "";
        }
        if (wide) {
            return unicode(buffer, length);
        }
        return new String(read(buffer, length), StandardCharsets.ISO_8859_1);
    }

    private byte[] read(long address, int length) throws CommandException {
        byte[] bytes = new byte[length];
        int read = session.memory().readAvailable(address, bytes, 0, length);
        if (read <= 0) {
            throw memoryError(address);
        }
        return read == length ? bytes : java.util.Arrays.copyOf(bytes, read);
    }

    private static CommandException memoryError(long address) {
        return new CommandException("Memory access error at '" + Hex.backtick(address) + "'");
    }

    private String symbol(long address) {
        String name = session.contextModules().describe(address);
        String backtick = Hex.backtick(address);
        return name.startsWith("0x") ? backtick : name + " (" + backtick + ")";
    }

    /** {@code %[flags][width][.precision][size]conversion}. */
    private record Spec(String flags, int width, int precision, String size, String conversion, int end) {
        private static final List<String> CONVERSIONS =
                List.of("msa", "msu", "ma", "mu", "ly", "p", "N", "x", "X", "d", "i", "u", "o", "c", "C", "s", "y", "%");

        static Spec parse(String format, int percent) {
            int i = percent + 1;
            int start = i;
            while (i < format.length() && "-+ #0".indexOf(format.charAt(i)) >= 0) {
                i++;
            }
            String flags = format.substring(start, i);
            int width = 0;
            while (i < format.length() && Character.isDigit(format.charAt(i))) {
                width = Math.min(1000, width * 10 + format.charAt(i++) - '0');
            }
            int precision = -1;
            if (i < format.length() && format.charAt(i) == '.') {
                precision = 0;
                i++;
                while (i < format.length() && Character.isDigit(format.charAt(i))) {
                    precision = Math.min(1000, precision * 10 + format.charAt(i++) - '0');
                }
            }
            String size = "";
            for (String prefix : List.of("I64", "i64", "ll", "l", "h", "I")) {
                if (format.startsWith(prefix, i)) {
                    size = prefix;
                    i += prefix.length();
                    break;
                }
            }
            for (String conversion : CONVERSIONS) {
                if (format.startsWith(conversion, i)) {
                    return new Spec(flags, width, precision, size, conversion, i + conversion.length());
                }
            }
            return null;
        }

        String pad(String text) {
            boolean numeric = "xXdiuo".contains(conversion);
            if (precision >= 0 && !numeric && text.length() > precision) {
                text = text.substring(0, precision);
            }
            if (precision >= 0 && numeric && text.length() < precision) {
                boolean negative = text.startsWith("-");
                String digits = negative ? text.substring(1) : text;
                text = (negative ? "-" : "") + "0".repeat(precision - digits.length()) + digits;
            }
            if (numeric && flags.contains("#") && (conversion.equals("x") || conversion.equals("X"))) {
                text = (conversion.equals("x") ? "0x" : "0X") + text;
            }
            if (text.length() >= width) {
                return text;
            }
            if (flags.contains("-")) {
                return text + " ".repeat(width - text.length());
            }
            if (flags.contains("0") && numeric && precision < 0) {
                boolean negative = text.startsWith("-");
                String digits = negative ? text.substring(1) : text;
                return (negative ? "-" : "") + "0".repeat(width - text.length()) + digits;
            }
            return " ".repeat(width - text.length()) + text;
        }
    }
}
