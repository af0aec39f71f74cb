package dev.kdlab.types.isf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of Volatility 3's ISF schema (volatility3/schemas/schema-6.x.json) for a Windows symbol table, checked
 * on a parsed file, plus what the schema cannot say and Volatility's readers still need (reference/dump-readers.md,
 * section D): every name a type descriptor uses exists in base_types, user_types or enums, a {@code pointer} base
 * type of 8 bytes, an upper-case 32-digit GUID. {@link #violations} lists what is wrong, empty when nothing is.
 */
final class IsfRules {
    private static final Set<String> TOP = Set.of("metadata", "base_types", "user_types", "enums", "symbols");
    private static final Set<String> BASE_KINDS = Set.of("void", "int", "float", "char", "bool");

    private final Map<String, Object> isf;
    private final List<String> violations = new ArrayList<>();
    private Map<String, Object> baseTypes = Map.of();
    private Map<String, Object> userTypes = Map.of();
    private Map<String, Object> enums = Map.of();

    private IsfRules(Map<String, Object> isf) {
        this.isf = isf;
    }

    static List<String> violations(Object document) {
        if (!(document instanceof Map<?, ?>)) {
            return List.of("the document is not an object");
        }
        IsfRules rules = new IsfRules(object(document));
        rules.check();
        return rules.violations;
    }

    private void check() {
        keys("top level", isf, TOP, TOP);
        baseTypes = objectAt(isf, "base_types", "top level");
        userTypes = objectAt(isf, "user_types", "top level");
        enums = objectAt(isf, "enums", "top level");
        metadata(objectAt(isf, "metadata", "top level"));
        baseTypes.forEach((name, value) -> baseType(name, value));
        userTypes.forEach((name, value) -> userType(name, value));
        enums.forEach((name, value) -> enumeration(name, value));
        objectAt(isf, "symbols", "top level").forEach((name, value) -> symbol(name, value));
        if (!(baseTypes.get("pointer") instanceof Map<?, ?> pointer) || !Long.valueOf(8).equals(pointer.get("size"))) {
            violations.add("base_types: no 8-byte \"pointer\"");
        }
    }

    private void metadata(Map<String, Object> metadata) {
        keys("metadata", metadata, Set.of("format", "producer", "windows"), Set.of("format", "windows"));
        matches("metadata.format", metadata.get("format"), "6\\.[0-9]+\\.[0-9]+");
        Map<String, Object> producer = objectAt(metadata, "producer", "metadata");
        keys("metadata.producer", producer, Set.of("name", "version", "datetime"), Set.of("name", "version"));
        matches("metadata.producer.version", producer.get("version"), "[0-9]+\\.[0-9]+\\.[0-9]+");
        Map<String, Object> windows = objectAt(metadata, "windows", "metadata");
        keys("metadata.windows", windows, Set.of("pe", "pdb"), Set.of("pe", "pdb"));
        Map<String, Object> pdb = objectAt(windows, "pdb", "metadata.windows");
        Set<String> pdbKeys = Set.of("GUID", "age", "database", "machine_type");
        keys("metadata.windows.pdb", pdb, pdbKeys, pdbKeys);
        matches("metadata.windows.pdb.GUID", pdb.get("GUID"), "[0-9A-F]{32}");
        integer("metadata.windows.pdb.age", pdb.get("age"));
        integer("metadata.windows.pdb.machine_type", pdb.get("machine_type"));
        matches("metadata.windows.pdb.database", pdb.get("database"), "ntkrnlmp\\.pdb|ntkrnlpa\\.pdb|ntkrpamp\\.pdb|ntoskrnl\\.pdb");
        Map<String, Object> pe = objectAt(windows, "pe", "metadata.windows");
        keys("metadata.windows.pe", pe, Set.of("major", "minor", "revision", "build"), Set.of("major", "minor", "revision"));
        pe.forEach((key, value) -> integer("metadata.windows.pe." + key, value));
    }

    private void baseType(String name, Object value) {
        String where = "base_types." + name;
        Map<String, Object> base = objectOr(where, value);
        Set<String> all = Set.of("size", "signed", "kind", "endian");
        keys(where, base, all, all);
        integer(where + ".size", base.get("size"));
        if (!(base.get("signed") instanceof Boolean)) {
            violations.add(where + ".signed is not a boolean");
        }
        if (!BASE_KINDS.contains(base.get("kind"))) {
            violations.add(where + ".kind is " + base.get("kind"));
        }
        matches(where + ".endian", base.get("endian"), "little|big");
    }

    private void userType(String name, Object value) {
        String where = "user_types." + name;
        Map<String, Object> type = objectOr(where, value);
        Set<String> all = Set.of("kind", "size", "fields");
        keys(where, type, all, all);
        matches(where + ".kind", type.get("kind"), "struct|union|class");
        long size = integer(where + ".size", type.get("size"));
        objectAt(type, "fields", where).forEach((fieldName, fieldValue) -> {
            String at = where + "." + fieldName;
            Map<String, Object> field = objectOr(at, fieldValue);
            keys(at, field, Set.of("type", "offset", "anonymous"), Set.of("type", "offset"));
            long offset = integer(at + ".offset", field.get("offset"));
            if (offset < 0 || offset > size) {
                violations.add(at + ".offset " + offset + " is outside the type's " + size + " bytes");
            }
            descriptor(at + ".type", field.get("type"));
        });
    }

    /** A type descriptor: pointer, base, array, struct/class/union, enum, function or bitfield. */
    private void descriptor(String where, Object value) {
        Map<String, Object> d = objectOr(where, value);
        Object kind = d.get("kind");
        if (!(kind instanceof String k)) {
            violations.add(where + " has no kind");
            return;
        }
        switch (k) {
            case "pointer" -> {
                keys(where, d, Set.of("kind", "base", "subtype"), Set.of("kind", "subtype"));
                descriptor(where + ".subtype", d.get("subtype"));
            }
            case "base" -> named(where, d, baseTypes, "base_types");
            case "array" -> {
                Set<String> all = Set.of("kind", "subtype", "count");
                keys(where, d, all, all);
                if (integer(where + ".count", d.get("count")) < 0) {
                    violations.add(where + ".count is negative");
                }
                descriptor(where + ".subtype", d.get("subtype"));
            }
            case "struct", "class", "union" -> {
                named(where, d, userTypes, "user_types");
                if (userTypes.get(d.get("name")) instanceof Map<?, ?> target && !k.equals(target.get("kind"))) {
                    violations.add(where + " says " + k + ", user_types." + d.get("name") + " is " + target.get("kind"));
                }
            }
            case "enum" -> named(where, d, enums, "enums");
            case "function" -> keys(where, d, Set.of("kind"), Set.of("kind"));
            case "bitfield" -> bitfield(where, d);
            default -> violations.add(where + ".kind is " + k);
        }
    }

    private void bitfield(String where, Map<String, Object> d) {
        Set<String> all = Set.of("kind", "bit_position", "bit_length", "type");
        keys(where, d, all, all);
        long position = integer(where + ".bit_position", d.get("bit_position"));
        long length = integer(where + ".bit_length", d.get("bit_length"));
        Map<String, Object> storage = objectOr(where + ".type", d.get("type"));
        if (!"base".equals(storage.get("kind")) && !"enum".equals(storage.get("kind"))) {
            violations.add(where + ".type is neither base nor enum");
            return;
        }
        descriptor(where + ".type", storage);
        Object size = "base".equals(storage.get("kind")) && baseTypes.get(storage.get("name")) instanceof Map<?, ?> b
                ? b.get("size") : null;
        if (length < 1 || position < 0 || size instanceof Long bytes && position + length > 8 * bytes) {
            violations.add(where + " bits " + position + "+" + length + " do not fit " + storage.get("name"));
        }
    }

    private void named(String where, Map<String, Object> d, Map<String, Object> table, String tableName) {
        keys(where, d, Set.of("kind", "name"), Set.of("kind", "name"));
        if (!table.containsKey(d.get("name"))) {
            violations.add(where + " names " + d.get("name") + ", which " + tableName + " does not have");
        }
    }

    private void enumeration(String name, Object value) {
        String where = "enums." + name;
        Map<String, Object> e = objectOr(where, value);
        Set<String> all = Set.of("size", "base", "constants");
        keys(where, e, all, all);
        integer(where + ".size", e.get("size"));
        if (!baseTypes.containsKey(e.get("base"))) {
            violations.add(where + ".base " + e.get("base") + " is not a base type");
        }
        objectAt(e, "constants", where).forEach((constant, v) -> integer(where + "." + constant, v));
    }

    private void symbol(String name, Object value) {
        String where = "symbols." + name;
        Map<String, Object> s = objectOr(where, value);
        keys(where, s, Set.of("address", "linkage_name", "type", "constant_data"), Set.of("address"));
        if (!(s.get("address") instanceof Number)) {
            violations.add(where + ".address is not a number");
        }
    }

    // ---- helpers

    private void keys(String where, Map<String, Object> object, Set<String> allowed, Set<String> required) {
        for (String key : object.keySet()) {
            if (!allowed.contains(key)) {
                violations.add(where + " has the key " + key + ", which the schema does not allow");
            }
        }
        for (String key : required) {
            if (!object.containsKey(key)) {
                violations.add(where + " lacks " + key);
            }
        }
    }

    private void matches(String where, Object value, String regex) {
        if (!(value instanceof String s) || !s.matches(regex)) {
            violations.add(where + " is " + value + ", not " + regex);
        }
    }

    private long integer(String where, Object value) {
        if (value instanceof Long l) {
            return l;
        }
        violations.add(where + " is not an integer: " + value);
        return 0;
    }

    private Map<String, Object> objectAt(Map<String, Object> parent, String key, String where) {
        return objectOr(where + "." + key, parent.get(key));
    }

    private Map<String, Object> objectOr(String where, Object value) {
        if (value instanceof Map<?, ?>) {
            return object(value);
        }
        violations.add(where + " is not an object");
        return Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }
}
