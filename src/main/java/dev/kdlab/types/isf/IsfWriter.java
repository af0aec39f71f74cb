package dev.kdlab.types.isf;

import dev.kdlab.types.ArrayType;
import dev.kdlab.types.BaseType;
import dev.kdlab.types.EnumType;
import dev.kdlab.types.Field;
import dev.kdlab.types.FunctionType;
import dev.kdlab.types.PointerType;
import dev.kdlab.types.StructType;
import dev.kdlab.types.Type;
import dev.kdlab.types.TypeCatalog;

import java.io.IOException;
import java.io.Writer;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a type catalog and a module's symbols as a Volatility 3 Intermediate Symbol Format file, format 6.1.0
 * (volatility3/schemas/schema-6.x.json; what readers require: reference/dump-readers.md, section D):
 * {@code metadata} (producer, {@code windows.pdb} GUID/age/database/machine type, {@code windows.pe} version),
 * {@code base_types}, {@code user_types}, {@code enums} and {@code symbols} (RVAs, the module base subtracted).
 *
 * <p>dt's base types map to the C names Volatility's Windows tables use ({@code Uint4B} is {@code unsigned long}:
 * Windows is LLP64). An anonymous member's type ({@code <unnamed-tag>}) needs a name in {@code user_types}; it gets
 * its container's name and the member's, {@code _EPROCESS::MitigationFlagsValues}, after WinDbg's
 * {@code _TOP::<unnamed-tag>} spelling made unique. A struct known only by name behind a pointer is written with
 * size 0 and no fields, so every name a type descriptor uses exists in the file.
 */
public final class IsfWriter {
    public static final String FORMAT = "6.1.0";
    public static final String PRODUCER = "kdlab";
    public static final String PRODUCER_VERSION = "0.1.0";
    /** IMAGE_FILE_MACHINE_AMD64 (0x8664). */
    public static final int MACHINE_AMD64 = 34404;

    /** The build whose layouts the catalog holds: Windows 10 version 2004 and later share 10.0.19041. */
    private static final int PE_MAJOR = 10;
    private static final int PE_MINOR = 0;
    private static final int PE_REVISION = 19041;

    /** Which symbol file this stands for: the CodeView record of the image ({@code GUID} upper-case, 32 hex digits). */
    public record Pdb(String guid, int age, String database) {
        public Pdb {
            if (!guid.matches("[0-9A-F]{32}")) {
                throw new IllegalArgumentException("GUID must be 32 upper-case hex digits: " + guid);
            }
        }

        /** The name Volatility looks the file up by: {@code <GUID>-<age>.json} under {@code windows/<database>/}. */
        public String fileName() {
            return guid + "-" + age + ".json";
        }
    }

    /** How much was written. */
    public record Summary(int baseTypes, int userTypes, int enums, int symbols) {
    }

    /** A base type of the file: its C name, size, signedness and kind (int, char, bool, float, void). */
    private record BaseSpec(String name, int size, boolean signed, String kind) {
    }

    private static final List<BaseSpec> BASE_TYPES = List.of(
            new BaseSpec("void", 0, true, "void"),
            new BaseSpec("bool", 1, false, "bool"),
            new BaseSpec("char", 1, true, "char"),
            new BaseSpec("unsigned char", 1, false, "char"),
            new BaseSpec("short", 2, true, "int"),
            new BaseSpec("unsigned short", 2, false, "int"),
            new BaseSpec("wchar", 2, false, "int"),
            new BaseSpec("int", 4, true, "int"),
            new BaseSpec("unsigned int", 4, false, "int"),
            new BaseSpec("long", 4, true, "int"),
            new BaseSpec("unsigned long", 4, false, "int"),
            new BaseSpec("long long", 8, true, "int"),
            new BaseSpec("unsigned long long", 8, false, "int"),
            new BaseSpec("float", 4, true, "float"),
            new BaseSpec("double", 8, true, "float"),
            new BaseSpec("pointer", 8, false, "int"));

    /** dt's base type names and the file's. */
    private static final Map<BaseType, String> BASE_NAMES = Map.ofEntries(
            Map.entry(BaseType.VOID, "void"), Map.entry(BaseType.CHAR, "char"), Map.entry(BaseType.UCHAR, "unsigned char"),
            Map.entry(BaseType.INT2B, "short"), Map.entry(BaseType.UINT2B, "unsigned short"),
            Map.entry(BaseType.WCHAR, "wchar"), Map.entry(BaseType.INT4B, "long"), Map.entry(BaseType.UINT4B, "unsigned long"),
            Map.entry(BaseType.INT8B, "long long"), Map.entry(BaseType.UINT8B, "unsigned long long"),
            Map.entry(BaseType.FLOAT, "float"), Map.entry(BaseType.DOUBLE, "double"));

    private final TypeCatalog catalog;
    private final Pdb pdb;
    private final Map<String, Long> symbols;
    /** Every struct and union to write, by its name in the file, in name order. */
    private final Map<String, StructType> userTypes = new TreeMap<>();
    private final Map<StructType, String> userTypeNames = new IdentityHashMap<>();
    private final Map<String, EnumType> enums = new TreeMap<>();

    /** {@code symbols}: name to RVA (offset from the image base). */
    public IsfWriter(TypeCatalog catalog, Pdb pdb, Map<String, Long> symbols) {
        this.catalog = catalog;
        this.pdb = pdb;
        this.symbols = new TreeMap<>(symbols);
    }

    public Summary write(Writer out) throws IOException {
        collect();
        JsonWriter json = new JsonWriter(out);
        json.beginObject();
        metadata(json.name("metadata"));
        baseTypes(json.name("base_types"));
        userTypes(json.name("user_types"));
        enums(json.name("enums"));
        symbols(json.name("symbols"));
        json.endObject();
        out.flush();
        return new Summary(BASE_TYPES.size(), userTypes.size(), enums.size(), symbols.size());
    }

    private void collect() {
        for (Type t : catalog.all()) {
            if (t instanceof StructType s) {
                addUserType(s.name(), s);
            } else if (t instanceof EnumType e) {
                enums.put(e.name(), e);
            }
        }
    }

    /** A struct and, under names made from its own, the anonymous members' types inside it. */
    private void addUserType(String name, StructType s) {
        if (userTypes.put(name, s) != null) {
            throw new IllegalStateException("two user types named " + name);
        }
        userTypeNames.put(s, name);
        for (Field f : s.fields()) {
            if (f.isAnonymousMember()) {
                addUserType(name + "::" + f.name(), (StructType) f.type());
            }
        }
    }

    private void metadata(JsonWriter json) throws IOException {
        json.beginObject().member("format", FORMAT);
        json.name("producer").beginObject().member("name", PRODUCER).member("version", PRODUCER_VERSION).endObject();
        json.name("windows").beginObject();
        json.name("pdb").beginObject()
                .member("GUID", pdb.guid())
                .member("age", pdb.age())
                .member("database", pdb.database())
                .member("machine_type", MACHINE_AMD64)
                .endObject();
        json.name("pe").beginObject()
                .member("major", PE_MAJOR)
                .member("minor", PE_MINOR)
                .member("revision", PE_REVISION)
                .endObject();
        json.endObject().endObject();
    }

    private static void baseTypes(JsonWriter json) throws IOException {
        json.beginObject();
        for (BaseSpec b : BASE_TYPES) {
            json.name(b.name()).beginObject()
                    .member("size", b.size())
                    .member("signed", b.signed())
                    .member("kind", b.kind())
                    .member("endian", "little")
                    .endObject();
        }
        json.endObject();
    }

    private void userTypes(JsonWriter json) throws IOException {
        json.beginObject();
        for (Map.Entry<String, StructType> entry : userTypes.entrySet()) {
            StructType s = entry.getValue();
            json.name(entry.getKey()).beginObject()
                    .member("kind", s.isUnion() ? "union" : "struct")
                    .member("size", s.size());
            json.name("fields").beginObject();
            Map<String, Field> fields = new LinkedHashMap<>();
            for (Field f : s.fields()) {
                if (fields.put(f.name(), f) != null) {
                    throw new IllegalStateException(entry.getKey() + " has two members named " + f.name());
                }
                json.name(f.name()).beginObject().member("offset", f.offset());
                json.name("type");
                if (f.isBitfield()) {
                    json.beginObject()
                            .member("kind", "bitfield")
                            .member("bit_position", f.bitPosition())
                            .member("bit_length", f.bitLength());
                    type(json.name("type"), f.type());
                    json.endObject();
                } else {
                    type(json, f.type());
                }
                json.endObject();
            }
            json.endObject().endObject();
        }
        json.endObject();
    }

    /** A type descriptor: base, pointer, array, struct or union, enum, or function. */
    private void type(JsonWriter json, Type t) throws IOException {
        json.beginObject();
        if (t instanceof BaseType b) {
            json.member("kind", "base").member("name", BASE_NAMES.get(b));
        } else if (t instanceof PointerType p) {
            json.member("kind", "pointer");
            type(json.name("subtype"), p.target());
        } else if (t instanceof ArrayType a) {
            json.member("kind", "array").member("count", a.count());
            type(json.name("subtype"), a.element());
        } else if (t instanceof StructType s) {
            json.member("kind", s.isUnion() ? "union" : "struct").member("name", userTypeNames.get(s));
        } else if (t instanceof EnumType e) {
            json.member("kind", "enum").member("name", e.name());
        } else if (t instanceof FunctionType) {
            json.member("kind", "function");
        }
        json.endObject();
    }

    private void enums(JsonWriter json) throws IOException {
        json.beginObject();
        for (EnumType e : enums.values()) {
            json.name(e.name()).beginObject()
                    .member("size", e.size())
                    .member("base", enumBase(e.size()));
            json.name("constants").beginObject();
            for (EnumType.Constant c : e.constants()) {
                json.member(c.name(), c.value());
            }
            json.endObject().endObject();
        }
        json.endObject();
    }

    /** The signed integer an enum of this size is stored as. */
    private static String enumBase(long size) {
        return switch ((int) size) {
            case 1 -> "char";
            case 2 -> "short";
            case 8 -> "long long";
            default -> "long";
        };
    }

    private void symbols(JsonWriter json) throws IOException {
        json.beginObject();
        for (Map.Entry<String, Long> s : symbols.entrySet()) {
            json.name(s.getKey()).beginObject().member("address", s.getValue()).endObject();
        }
        json.endObject();
    }
}
