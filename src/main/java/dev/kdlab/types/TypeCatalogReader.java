package dev.kdlab.types;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the line-oriented catalog format that {@code LayoutImporter} writes. One definition per block; leading blanks
 * are only for the eye; {@code #} starts a comment line:
 *
 * <pre>
 * enum _KTHREAD_STATE 0x4              enum NAME SIZE, then one "NAME VALUE" line per constant (decimal, signed)
 *   Initialized 0
 * struct _EPROCESS 0xa40               struct|union NAME SIZE, then one line per member:
 *   0x440 UniqueProcessId Ptr64 Void     OFFSET NAME TYPE   (TYPE as dt spells it, the rest of the line)
 *   0x460 DefaultPagePriority @12:3 Uint4B   bitfield: @POS:WIDTH STORAGE
 *   0x9d0 MitigationFlagsValues {struct 0x4  anonymous member: {struct|union SIZE, its members, then "}"
 *     0x000 ControlFlowGuardEnabled @0:1 Uint4B
 *   }
 *   0x000 AcquireForLazyWrite Ptr64 fn(unsigned char)   function pointer (dt: "Ptr64     unsigned char ")
 * </pre>
 *
 * Offsets are hex, relative to the enclosing struct or anonymous member. Enums come before their first use (the
 * importer writes them all first); structs may be used before they are defined, and a struct name that is never
 * defined becomes an opaque struct (declared only, size 0).
 *
 * <p>The catalog loads at start-up, mostly in the interpreter, so this reads in one pass, by index into the text,
 * without regular expressions or lambdas.
 */
final class TypeCatalogReader {

    private final String source;
    private final String text;
    private final Map<String, EnumType> enums = new HashMap<>();
    private final Map<String, StructType> structs = new LinkedHashMap<>();
    /** Type spellings already parsed ("Ptr64 Void", "Uint4B", "[15] UChar"): types are immutable, so they can be shared. */
    private final Map<String, Type> parsed = new HashMap<>();
    private int lineNumber;

    // the definition being read: an enum (constants != null) or a struct (open is not empty)
    private String enumName;
    private long enumSize;
    private List<EnumType.Constant> constants;
    private StructType current;
    private final Deque<Open> open = new ArrayDeque<>();

    /** An open struct, union or anonymous member whose fields are being read. */
    private static final class Open {
        final String fieldName;   // for an anonymous member: the member's name; null for the named struct
        final long fieldOffset;
        final boolean union;
        final long size;
        final List<Field> fields = new ArrayList<>();

        Open(String fieldName, long fieldOffset, boolean union, long size) {
            this.fieldName = fieldName;
            this.fieldOffset = fieldOffset;
            this.union = union;
            this.size = size;
        }
    }

    /** Name order, ignoring case first. */
    private static final Comparator<Type> BY_NAME = new Comparator<>() {
        @Override
        public int compare(Type a, Type b) {
            int c = String.CASE_INSENSITIVE_ORDER.compare(a.name(), b.name());
            return c != 0 ? c : a.name().compareTo(b.name());
        }
    };

    private TypeCatalogReader(String text, String source) {
        this.text = text;
        this.source = source;
    }

    static TypeCatalog read(String text, String source) {
        return new TypeCatalogReader(text, source).read();
    }

    private TypeCatalog read() {
        int pos = 0;
        int length = text.length();
        while (pos < length) {
            int end = text.indexOf('\n', pos);
            if (end < 0) {
                end = length;
            }
            lineNumber++;
            int first = pos;
            while (first < end && text.charAt(first) == ' ') {
                first++;
            }
            int last = end;
            while (last > first && text.charAt(last - 1) <= ' ') {
                last--;
            }
            if (last > first && text.charAt(first) != '#') {
                if (first == pos) {
                    header(first, last);
                } else if (constants != null) {
                    constant(first, last);
                } else if (current != null) {
                    member(first, last);
                } else {
                    throw error("indented line outside a definition");
                }
            }
            pos = end + 1;
        }
        finish();

        Map<String, Type> byLowerName = new HashMap<>();
        List<Type> all = new ArrayList<>(enums.size() + structs.size());
        all.addAll(enums.values());
        all.addAll(structs.values());
        for (Type t : all) {
            if (byLowerName.put(t.name().toLowerCase(Locale.ROOT), t) != null) {
                throw new IllegalStateException(source + ": type " + t.name() + " is defined twice (ignoring case)");
            }
            if (BaseType.named(t.name()).isPresent()) {
                throw new IllegalStateException(source + ": type " + t.name() + " has a base type's name");
            }
        }
        all.sort(BY_NAME);
        return new TypeCatalog(byLowerName, all);
    }

    /** {@code enum|struct|union NAME 0xSIZE} */
    private void header(int from, int to) {
        finish();
        int blank1 = text.indexOf(' ', from);
        int blank2 = blank1 < 0 || blank1 >= to ? -1 : text.indexOf(' ', blank1 + 1);
        int blank3 = blank2 < 0 ? -1 : text.indexOf(' ', blank2 + 1);
        if (blank2 < 0 || blank2 >= to || (blank3 >= 0 && blank3 < to)) {
            throw error("expected 'KIND NAME SIZE': " + text.substring(from, to));
        }
        String kind = text.substring(from, blank1);
        String name = text.substring(blank1 + 1, blank2);
        long size = hex(blank2 + 1, to);
        switch (kind) {
            case "enum" -> {
                if (enums.containsKey(name) || structs.containsKey(name)) {
                    throw error(name + (structs.containsKey(name) ? " is used as a struct before its enum definition" : " is defined twice"));
                }
                enumName = name;
                enumSize = size;
                constants = new ArrayList<>();
            }
            case "struct", "union" -> {
                StructType s = structs.get(name);
                if (s == null) {
                    s = StructType.declared(name);
                    structs.put(name, s);
                } else if (s.isDefined()) {
                    throw error(name + " is defined twice");
                }
                current = s;
                open.push(new Open(null, 0, kind.equals("union"), size));
            }
            default -> throw error("expected enum, struct or union: " + text.substring(from, to));
        }
    }

    /** {@code NAME VALUE} */
    private void constant(int from, int to) {
        int blank = text.lastIndexOf(' ', to - 1);
        if (blank < from) {
            throw error("expected 'NAME VALUE': " + text.substring(from, to));
        }
        constants.add(new EnumType.Constant(text.substring(from, blank), Long.parseLong(text, blank + 1, to, 10)));
    }

    /** {@code OFFSET NAME TYPE}, {@code OFFSET NAME @POS:WIDTH STORAGE}, {@code OFFSET NAME {KIND SIZE} or {@code }} */
    private void member(int from, int to) {
        if (text.charAt(from) == '}' && to == from + 1) {
            Open anonymous = open.pop();
            if (open.isEmpty()) {
                throw error("unbalanced }");
            }
            open.peek().fields.add(new Field(anonymous.fieldName, anonymous.fieldOffset,
                    StructType.anonymous(anonymous.union, anonymous.size, anonymous.fields)));
            return;
        }
        int blank1 = text.indexOf(' ', from);
        int blank2 = blank1 < 0 ? -1 : text.indexOf(' ', blank1 + 1);
        if (blank2 < 0 || blank2 + 1 >= to || !text.startsWith("0x", from)) {
            throw error("expected 'OFFSET NAME TYPE': " + text.substring(from, to));
        }
        long offset = hex(from, blank1);
        String name = text.substring(blank1 + 1, blank2);
        int spec = blank2 + 1;
        switch (text.charAt(spec)) {
            case '{' -> {
                int blank = text.indexOf(' ', spec);
                String kind = blank < 0 || blank >= to ? "" : text.substring(spec + 1, blank);
                if (!(kind.equals("struct") || kind.equals("union"))) {
                    throw error("expected '{struct SIZE' or '{union SIZE': " + text.substring(from, to));
                }
                open.push(new Open(name, offset, kind.equals("union"), hex(blank + 1, to)));
            }
            case '@' -> {
                int colon = text.indexOf(':', spec);
                int blank = text.indexOf(' ', spec);
                if (colon < 0 || blank < colon || blank >= to) {
                    throw error("expected '@POS:WIDTH STORAGE': " + text.substring(from, to));
                }
                int position = Integer.parseInt(text, spec + 1, colon, 10);
                int width = Integer.parseInt(text, colon + 1, blank, 10);
                Type storage = type(text.substring(blank + 1, to));
                if (width <= 0 || position < 0 || position + width > 8 * storage.size()) {
                    throw error("bitfield does not fit its storage: " + text.substring(from, to));
                }
                open.peek().fields.add(new Field(name, offset, storage, position, width));
            }
            default -> open.peek().fields.add(new Field(name, offset, type(text.substring(spec, to))));
        }
    }

    private void finish() {
        if (constants != null) {
            enums.put(enumName, new EnumType(enumName, enumSize, constants));
            constants = null;
        }
        if (current != null) {
            if (open.size() != 1) {
                throw error(current.name() + ": unclosed anonymous member");
            }
            Open body = open.pop();
            current.define(body.union, body.size, body.fields);
            current = null;
        }
    }

    /** Parses a type as dt spells it, except that a function is written {@code fn(RETURN)}. */
    private Type type(String spec) {
        Type t = parsed.get(spec);
        if (t == null) {
            t = parseType(spec);
            parsed.put(spec, t);
        }
        return t;
    }

    private Type parseType(String spec) {
        if (spec.startsWith("Ptr64 ")) {
            return new PointerType(type(spec.substring(6)));
        }
        if (spec.startsWith("[")) {
            int close = spec.indexOf("] ");
            if (close < 0) {
                throw error("bad array type: " + spec);
            }
            return new ArrayType(type(spec.substring(close + 2)), Integer.parseInt(spec, 1, close, 10));
        }
        if (spec.startsWith("fn(") && spec.endsWith(")")) {
            return new FunctionType(spec.substring(3, spec.length() - 1));
        }
        if (spec.isEmpty() || spec.indexOf(' ') >= 0) {
            throw error("bad type: " + spec);
        }
        BaseType base = BaseType.named(spec).orElse(null);
        if (base != null && base.name().equals(spec)) {
            return base;
        }
        EnumType e = enums.get(spec);
        if (e != null) {
            return e;
        }
        StructType s = structs.get(spec);
        if (s == null) {
            s = StructType.declared(spec);
            structs.put(spec, s);
        }
        return s;
    }

    private long hex(int from, int to) {
        if (to - from < 3 || !text.startsWith("0x", from)) {
            throw error("expected a 0x number: " + text.substring(from, Math.max(from, to)));
        }
        return Long.parseLong(text, from + 2, to, 16);
    }

    private IllegalStateException error(String message) {
        return new IllegalStateException(source + ":" + lineNumber + ": " + message);
    }
}
