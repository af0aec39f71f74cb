package dev.kdlab.debugger.dx;

import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.types.ArrayType;
import dev.kdlab.types.BaseType;
import dev.kdlab.types.EnumType;
import dev.kdlab.types.PointerType;
import dev.kdlab.types.StructType;
import dev.kdlab.types.Type;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A native object: a value of one of the catalog's types, either in the target's memory at an address
 * (an lvalue: a structure, a field, what a pointer points at) or a number with a type (a cast, an address
 * taken with {@code &}). Nothing is read until it is shown or used. dx shows it as the transcripts do
 * (2.10, 6.8): unsigned numbers and pointers {@code 0x...} without padding, signed numbers in decimal,
 * {@code _LARGE_INTEGER} as {@code {133960160031264255}}, {@code _UNICODE_STRING} as its text, enums as
 * {@code TokenPrimary (1)}, structures by their members, pointers to structures by the members they point at.
 */
public final class NativeValue implements ModelValue {
    /** The most characters of a {@code char *} or {@code wchar_t *} string dx shows. */
    private static final int STRING_LIMIT = 0x100;

    private final Type type;
    private final VirtualMemory memory;
    private final long address;
    private final boolean lvalue;
    private final long value;
    private final int bitPosition;
    private final int bitLength;

    private NativeValue(Type type, VirtualMemory memory, long address, boolean lvalue, long value, int bitPosition,
                        int bitLength) {
        this.type = type;
        this.memory = memory;
        this.address = address;
        this.lvalue = lvalue;
        this.value = value;
        this.bitPosition = bitPosition;
        this.bitLength = bitLength;
    }

    /** The object of this type at {@code address}. */
    public static NativeValue at(Type type, VirtualMemory memory, long address) {
        return new NativeValue(type, memory, address, true, 0, 0, 0);
    }

    /** A number of this (scalar) type that lives nowhere: a cast's result, an address. */
    public static NativeValue of(Type type, VirtualMemory memory, long value) {
        return new NativeValue(type, memory, 0, false, normalize(type, value), 0, 0);
    }

    static NativeValue bitfield(Type unit, VirtualMemory memory, long address, int position, int length) {
        return new NativeValue(unit, memory, address, true, 0, position, length);
    }

    public Type type() {
        return type;
    }

    public VirtualMemory memory() {
        return memory;
    }

    public boolean isLvalue() {
        return lvalue;
    }

    /** Where the object lives (an lvalue's address). */
    public long address() {
        return address;
    }

    boolean isBitfield() {
        return bitLength > 0;
    }

    public boolean isScalar() {
        return NativeTypes.isScalar(type);
    }

    public boolean isPointer() {
        return type instanceof PointerType;
    }

    boolean signed() {
        return !isPointer() && NativeTypes.isSigned(type);
    }

    int size() {
        return (int) Math.min(8, Math.max(1, type.size()));
    }

    /** The number a scalar holds, read now (an lvalue) or kept (a typed number). */
    public long read() {
        if (!lvalue) {
            return value;
        }
        if (!isScalar()) {
            throw ModelError.invalidOperation("a " + NativeTypes.name(type) + " is not a number");
        }
        if (isBitfield()) {
            int unitBytes = (bitPosition + bitLength + 7) / 8;
            int bytes = unitBytes <= 1 ? 1 : unitBytes <= 2 ? 2 : unitBytes <= 4 ? 4 : 8;
            long unit = memory.readUnsigned(address, bytes);
            long mask = bitLength >= 64 ? -1L : (1L << bitLength) - 1;
            return unit >>> bitPosition & mask;
        }
        return normalize(type, memory.readUnsigned(address, size()));
    }

    /** A signed type's value sign-extended from its size; others as read. */
    private static long normalize(Type type, long raw) {
        int size = (int) Math.min(8, Math.max(1, type.size()));
        if (size >= 8 || !NativeTypes.isSigned(type) || type instanceof PointerType) {
            return size >= 8 ? raw : raw & ((1L << (8 * size)) - 1);
        }
        int shift = 64 - 8 * size;
        return raw << shift >> shift;
    }

    /** {@code *pointer}: the object it points at. */
    public NativeValue deref() {
        if (!(type instanceof PointerType pointer) || NativeTypes.isVoid(pointer.target())
                || pointer.target() instanceof dev.kdlab.types.FunctionType) {
            throw ModelError.dereference();
        }
        return at(pointer.target(), memory, read());
    }

    /** {@code &object}: a pointer to it. */
    public NativeValue addressOf() {
        if (!lvalue || isBitfield()) {
            throw ModelError.invalidOperation("the object has no address");
        }
        return of(new PointerType(type), memory, address);
    }

    /** {@code array[i]} or {@code pointer[i]}. */
    public NativeValue element(long index) {
        if (type instanceof ArrayType array) {
            if (!lvalue) {
                throw ModelError.dereference();
            }
            return at(array.element(), memory, address + index * array.element().size());
        }
        if (type instanceof PointerType pointer && !NativeTypes.isVoid(pointer.target())) {
            return at(pointer.target(), memory, read() + index * pointer.target().size());
        }
        throw ModelError.invalidOperation("indexing a " + NativeTypes.name(type));
    }

    /** The same object seen as another type ({@code (nt!_EPROCESS*)x}). */
    public NativeValue cast(Type to) {
        if (!NativeTypes.isScalar(to)) {
            throw ModelError.invalidOperation("a cast to " + NativeTypes.name(to));
        }
        long number = type instanceof ArrayType && lvalue ? address : read();
        return of(to, memory, number);
    }

    @Override
    public String typeName() {
        return NativeTypes.name(type);
    }

    @Override
    public String summary(Format format) {
        if (NativeTypes.isVoid(type)) {
            if (lvalue) {
                throw new ModelError("No type (or void) for object at Address 0x" + Long.toHexString(address));
            }
            return null;
        }
        if (type instanceof PointerType pointer) {
            long target = read();
            String text = "0x" + Long.toHexString(target);
            String pointee = target == 0 ? null : pointee(pointer.target(), target, format);
            return pointee == null ? text : text + " : " + pointee;
        }
        if (type instanceof EnumType e) {
            long v = read();
            return e.nameOf(v).map(n -> n + " (" + v + ")").orElse(format.number(v, true, size()));
        }
        if (type instanceof BaseType base) {
            return base(base, format);
        }
        if (type instanceof StructType struct) {
            return structure(struct, format);
        }
        return null;
    }

    private String base(BaseType base, Format format) {
        switch (base.kind()) {
            case FLOAT:
                long bits = memory.readUnsigned(address, size());
                double d = base.size() == 4 ? Float.intBitsToFloat((int) bits) : Double.longBitsToDouble(bits);
                return String.format(Locale.ROOT, "%f", d);
            case CHAR:
            case WCHAR:
                long c = read();
                String number = format.number(c, base.signed() && base.kind() == BaseType.Kind.CHAR, size());
                boolean shown = base.kind() == BaseType.Kind.WCHAR || base.signed();   // dx shows unsigned char as a number
                return shown && c >= 0x20 && c < 0x7f ? number + " '" + (char) c + "'" : number;
            default:
                return format.number(read(), signed(), size());
        }
    }

    /** What the visualizers show for a structure: large integers as a number, counted strings as their text. */
    private String structure(StructType struct, Format format) {
        if (!lvalue) {
            return null;
        }
        String name = struct.name();
        if (name.equals("_LARGE_INTEGER") || name.equals("_ULARGE_INTEGER")) {
            long quad = memory.readLong(address);
            return "{" + (name.equals("_LARGE_INTEGER") ? Long.toString(quad) : Long.toUnsignedString(quad)) + "}";
        }
        if (name.equals("_UNICODE_STRING") && !format.nativeOnly()) {
            return "\"" + unicodeString(struct) + "\"";
        }
        return null;
    }

    private String unicodeString(StructType struct) {
        int length = (int) memory.readUnsigned(address + struct.offsetOf("Length"), 2) & ~1;
        long buffer = memory.readLong(address + struct.offsetOf("Buffer"));
        if (length == 0) {
            return "";
        }
        try {
            return new String(memory.read(buffer, length), StandardCharsets.UTF_16LE);
        } catch (MemoryAccessException e) {
            return "--- memory read error at address 0x" + Long.toHexString(buffer) + " ---";
        }
    }

    /** After a pointer's value: the string a {@code char *} points at, the text of a {@code _UNICODE_STRING *}. */
    private String pointee(Type target, long at, Format format) {
        try {
            if (target instanceof BaseType base && (base.kind() == BaseType.Kind.CHAR || base.kind() == BaseType.Kind.WCHAR)) {
                return "\"" + cString(at, base.kind() == BaseType.Kind.WCHAR) + "\"";
            }
            if (target instanceof StructType struct && struct.name().equals("_UNICODE_STRING") && !format.nativeOnly()) {
                return "\"" + at(struct, memory, at).unicodeString(struct) + "\"";
            }
        } catch (MemoryAccessException e) {
            return null;
        }
        return null;
    }

    private String cString(long at, boolean wide) {
        StringBuilder text = new StringBuilder();
        int unit = wide ? 2 : 1;
        for (int i = 0; i < STRING_LIMIT; i++) {
            int c = (int) memory.readUnsigned(at + (long) i * unit, unit);
            if (c == 0) {
                break;
            }
            text.append((char) c);
        }
        return text.toString();
    }

    @Override
    public Iterable<Child> children(Format format) {
        if (type instanceof StructType struct && lvalue) {
            return members(struct, address);
        }
        if (type instanceof PointerType pointer && pointer.target() instanceof StructType struct) {
            long target = read();
            return target == 0 ? List.of() : members(struct, target);
        }
        if (type instanceof ArrayType array && lvalue) {
            List<Child> elements = new ArrayList<>();
            for (int i = 0; i < array.count(); i++) {
                long at = address + i * array.element().size();
                elements.add(new Child("", "[" + i + "]", () -> at(array.element(), memory, at), null));
            }
            return elements;
        }
        return List.of();
    }

    private List<Child> members(StructType struct, long base) {
        List<Child> children = new ArrayList<>();
        for (NativeTypes.Member m : NativeTypes.members(struct)) {
            children.add(new Child(prefix(m), m.field().name(), () -> member(m, base), null));
        }
        return children;
    }

    /** {@code [+0x440]}, or for a bit field {@code [+0x460 ( 0: 0)]}: its last and first bit. */
    private static String prefix(NativeTypes.Member m) {
        String offset = String.format(Locale.ROOT, "[+0x%03x", m.offset());
        if (!m.field().isBitfield()) {
            return offset + "] ";
        }
        int first = m.field().bitPosition();
        int last = first + m.field().bitLength() - 1;
        return offset + String.format(Locale.ROOT, " (%2d:%2d)] ", last, first);
    }

    private NativeValue member(NativeTypes.Member m, long base) {
        long at = base + m.offset();
        if (m.field().isBitfield()) {
            return bitfield(m.field().type(), memory, at, m.field().bitPosition(), m.field().bitLength());
        }
        return at(m.field().type(), memory, at);
    }

    @Override
    public Optional<ModelValue> property(String name) {
        StructType struct;
        long base;
        if (type instanceof StructType s && lvalue) {
            struct = s;
            base = address;
        } else if (type instanceof PointerType pointer && pointer.target() instanceof StructType s) {
            struct = s;
            base = read();
        } else {
            return Optional.empty();
        }
        return NativeTypes.member(struct, name).map(m -> member(m, base));
    }

    /** A native array's elements, for LINQ ({@code ImageFileName.Select(c => c)}). */
    Optional<Iterable<ModelValue>> elements() {
        if (!(type instanceof ArrayType array) || !lvalue) {
            return Optional.empty();
        }
        return Optional.of(() -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < array.count();
            }

            @Override
            public ModelValue next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return element(next++);
            }
        });
    }
}
