package dev.kdlab.debugger.dt;

import dev.kdlab.debugger.symbols.ModuleList;
import dev.kdlab.types.ArrayType;
import dev.kdlab.types.BaseType;
import dev.kdlab.types.EnumType;
import dev.kdlab.types.Field;
import dev.kdlab.types.FunctionType;
import dev.kdlab.types.PointerType;
import dev.kdlab.types.StructType;
import dev.kdlab.types.Type;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The text dt prints after {@code " : "} for a member of a structure instance (transcripts section 2.2 and 2.7,
 * rules of section 9.6). Every value comes from memory through {@link TrackedMemory}; an unreadable member prints
 * {@code ??} ({@code ???? } for a pointer), as dt does.
 */
final class ValueFormatter {
    /** Longest string dt shows behind a char or wchar pointer here (its own limit is not documented). */
    private static final int STRING_LIMIT = 512;

    private final TrackedMemory memory;
    private final ModuleList symbols;

    ValueFormatter(TrackedMemory memory, ModuleList symbols) {
        this.memory = memory;
        this.symbols = symbols;
    }

    TrackedMemory memory() {
        return memory;
    }

    /** The value of member {@code f} whose bytes start at {@code address}. */
    String member(Field f, long address) {
        if (f.isBitfield()) {
            return bitfield(f, address);
        }
        return value(f.type(), address);
    }

    /** The value of a {@code type} at {@code address}: what follows " : " on a member line. */
    String value(Type type, long address) {
        if (type instanceof BaseType base) {
            return base(base, address);
        }
        if (type instanceof PointerType pointer) {
            return pointer(pointer, address);
        }
        if (type instanceof ArrayType array) {
            return array(array, address);
        }
        if (type instanceof EnumType e) {
            return enumeration(e, address);
        }
        if (type instanceof StructType s) {
            return struct(s, address);
        }
        return type.typeText();
    }

    /**
     * One element of dt -a's instance list: unsigned integers always in hex with {@code 0x}, also below ten
     * ({@code [1] 0x1}, {@code [6] 0x0} in the docs example {@code dt -ca10 ULONG}); anything else as a member value.
     */
    String element(Type type, long address) {
        if (type instanceof BaseType base && base.kind() == BaseType.Kind.INTEGER && !base.signed()) {
            OptionalLong read = memory.member(address, (int) base.size());
            if (read.isEmpty()) {
                return "??";
            }
            return DtNumbers.quad(read.getAsLong());
        }
        return value(type, address);
    }

    /** An embedded struct: its type name and, for the few types dt summarises, the summary. */
    String struct(StructType s, long address) {
        if (s.isAnonymous()) {
            return "<anonymous-tag>";
        }
        return s.name() + summary(s, address);
    }

    /**
     * What dt shows of a struct's contents on its own line: {@code " [ 0x… - 0x… ]"} for a {@code _LIST_ENTRY},
     * {@code " \"text\""} for a {@code _UNICODE_STRING} or {@code _STRING}, {@code " 0x…"} for a
     * {@code _LARGE_INTEGER}; empty for other structs or when the struct cannot be read.
     */
    String summary(StructType s, long address) {
        switch (s.name()) {
            case "_LIST_ENTRY": {
                OptionalLong flink = memory.member(address, 8);
                OptionalLong blink = memory.member(address + 8, 8);
                if (flink.isEmpty() || blink.isEmpty()) {
                    return "";
                }
                return " [ " + DtNumbers.pointer(flink.getAsLong()) + " - " + DtNumbers.pointer(blink.getAsLong()) + " ]";
            }
            case "_LARGE_INTEGER":
            case "_ULARGE_INTEGER": {
                OptionalLong quad = memory.member(address, 8);
                return quad.isEmpty() ? "" : " " + DtNumbers.quad(quad.getAsLong());
            }
            case "_UNICODE_STRING":
            case "_STRING": {
                OptionalLong length = memory.member(address, 2);
                OptionalLong buffer = memory.member(address + 8, 8);
                if (length.isEmpty() || buffer.isEmpty()) {
                    return "";
                }
                boolean wide = s.name().equals("_UNICODE_STRING");
                return " \"" + countedString(buffer.getAsLong(), (int) length.getAsLong(), wide) + "\"";
            }
            default:
                return "";
        }
    }

    private String countedString(long buffer, int length, boolean wide) {
        if (length == 0) {
            return "";
        }
        Optional<byte[]> bytes = memory.quietBytes(buffer, length);
        if (bytes.isEmpty()) {
            return readErrorText(buffer);
        }
        return wide ? new String(bytes.get(), 0, length & ~1, StandardCharsets.UTF_16LE)
                : new String(bytes.get(), StandardCharsets.ISO_8859_1);
    }

    private String base(BaseType base, long address) {
        OptionalLong read = memory.member(address, (int) base.size());
        if (read.isEmpty()) {
            return "??";
        }
        long v = read.getAsLong();
        switch (base.kind()) {
            case CHAR:
                // UChar (BOOLEAN, UCHAR) prints hex: 0x2 ''; Char (CHAR, KPROCESSOR_MODE) decimal: BasePriority 8 ''
                String number = base.signed() ? Long.toString((byte) v) : v == 0 ? "0" : "0x" + Long.toHexString(v);
                return number + " '" + (printable(v) ? String.valueOf((char) v) : "") + "'";
            case FLOAT:
                return floatText(base, v);
            default:
                return base.signed() ? DtNumbers.signed(signExtend(v, (int) base.size())) : DtNumbers.unsigned(v);
        }
    }

    private String pointer(PointerType pointer, long address) {
        OptionalLong read = memory.member(address, 8);
        if (read.isEmpty()) {
            return "???? ";
        }
        long p = read.getAsLong();
        if (p == 0) {
            return "(null) ";
        }
        return DtNumbers.pointer(p) + pointee(pointer.target(), p);
    }

    /** What follows the pointer value: the pointee's type name, and for some pointees their contents. */
    private String pointee(Type target, long p) {
        if (target instanceof StructType s) {
            String text = " " + s.name();
            if (s.name().equals("_LIST_ENTRY")) {
                OptionalLong flink = memory.quiet(p, 8);
                OptionalLong blink = memory.quiet(p + 8, 8);
                if (flink.isPresent() && blink.isPresent()) {
                    text += " [ " + DtNumbers.pointer(flink.getAsLong()) + " - " + DtNumbers.pointer(blink.getAsLong()) + " ]";
                }
            }
            return text;
        }
        if (target instanceof BaseType base) {
            switch (base.kind()) {
                case VOID:
                    return " Void";
                case CHAR:
                    return "  \"" + terminatedString(p, false) + "\"";
                case WCHAR:
                    return "  \"" + terminatedString(p, true) + "\"";
                default:
                    return "  -> " + quietValue(base, p);
            }
        }
        if (target instanceof PointerType inner) {
            OptionalLong value = memory.quiet(p, 8);
            if (value.isEmpty()) {
                return "  -> ???? ";
            }
            return "  -> " + (value.getAsLong() == 0 ? "(null) " : DtNumbers.pointer(value.getAsLong()) + pointee(inner.target(), value.getAsLong()));
        }
        if (target instanceof FunctionType function) {
            // dt: "0xfffff800`6d46e6e0     void  nt!PspProcessClose+0" (transcript of _OBJECT_TYPE_INITIALIZER)
            return " " + function.typeText() + " " + symbolText(p);
        }
        return " " + target.name();
    }

    /** A pointee integer, read without reporting a failure: the member itself (the pointer) was readable. */
    private String quietValue(BaseType base, long address) {
        OptionalLong read = memory.quiet(address, (int) Math.max(1, base.size()));
        if (read.isEmpty()) {
            return "??";
        }
        long v = read.getAsLong();
        return base.signed() ? DtNumbers.signed(signExtend(v, (int) base.size())) : DtNumbers.unsigned(v);
    }

    private String symbolText(long address) {
        Optional<String> described = symbols.symbolic(address);
        if (described.isEmpty()) {
            return "+" + Long.toHexString(address);
        }
        String text = described.get();
        int plus = text.indexOf("+0x");
        return plus < 0 ? text + "+0" : text.substring(0, plus) + "+" + text.substring(plus + 3);
    }

    private String array(ArrayType array, long address) {
        Type element = array.element();
        String count = "[" + array.count() + "] ";
        if (element instanceof BaseType base && (base.kind() == BaseType.Kind.CHAR || base.kind() == BaseType.Kind.WCHAR)) {
            // dt prints a character array as text, two blanks after the count: [15]  "notepad.exe"
            int length = (int) array.size();
            Optional<byte[]> bytes = memory.memberBytes(address, length);
            String text = bytes.isEmpty() ? readErrorText(address)
                    : base.kind() == BaseType.Kind.WCHAR ? wideText(bytes.get()) : narrowText(bytes.get());
            return count + " \"" + text + "\"";
        }
        if (array.count() == 0) {
            return count.strip();
        }
        return count + value(element, address);
    }

    private String enumeration(EnumType e, long address) {
        OptionalLong read = memory.member(address, (int) e.size());
        if (read.isEmpty()) {
            return "??";
        }
        long v = read.getAsLong();
        // hex without 0x: "PoolType : 200 ( NonPagedPoolNx )" is 0x200 (transcript of _OBJECT_TYPE_INITIALIZER)
        return Long.toHexString(v) + " ( " + e.nameOf(v).orElse("No matching name") + " )";
    }

    private String bitfield(Field f, long address) {
        OptionalLong read = memory.member(address, (int) f.type().size());
        if (read.isEmpty()) {
            return "??";
        }
        long v = read.getAsLong() >>> f.bitPosition() & f.bitMask();
        String binary = Long.toBinaryString(v);
        String text = "0y" + "0".repeat(Math.max(0, f.bitLength() - binary.length())) + binary;
        // Fields of five bits and more also show the value: 0y00000 (0), 0y01110 (0xe); four and fewer do not
        // (RefCnt : 0y1100, DefaultPagePriority : 0y101) — transcripts of _KIDTENTRY64, _EX_FAST_REF, _EPROCESS.
        if (f.bitLength() > 4) {
            text += " (" + (v == 0 ? "0" : "0x" + Long.toHexString(v)) + ")";
        }
        return text;
    }

    static String readErrorText(long address) {
        return "--- memory read error at address " + DtNumbers.pointer(address) + " ---";
    }

    private String terminatedString(long address, boolean wide) {
        byte[] bytes = memory.available(address, STRING_LIMIT);
        if (bytes.length == 0) {
            return readErrorText(address);
        }
        return wide ? wideText(bytes) : narrowText(bytes);
    }

    private static String narrowText(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            if (b == 0) {
                break;
            }
            text.append(printable(b & 0xff) ? (char) (b & 0xff) : '?');
        }
        return text.toString();
    }

    private static String wideText(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i + 1 < bytes.length; i += 2) {
            char c = (char) ((bytes[i] & 0xff) | (bytes[i + 1] & 0xff) << 8);
            if (c == 0) {
                break;
            }
            text.append(c);
        }
        return text.toString();
    }

    private static boolean printable(long c) {
        return c >= 0x20 && c < 0x7f;
    }

    private static long signExtend(long v, int size) {
        int shift = 64 - 8 * size;
        return size >= 8 ? v : v << shift >> shift;
    }

    private static String floatText(BaseType base, long bits) {
        double d = base.size() == 4 ? Float.intBitsToFloat((int) bits) : Double.longBitsToDouble(bits);
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return String.format(Locale.ROOT, "%s", d);
    }
}
