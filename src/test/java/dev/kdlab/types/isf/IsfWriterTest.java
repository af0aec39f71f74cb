package dev.kdlab.types.isf;

import dev.kdlab.types.Field;
import dev.kdlab.types.StructType;
import dev.kdlab.types.Type;
import dev.kdlab.types.TypeCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ISF export of the 19041 catalog: the schema's rules, and every layout read back equal to the catalog's. */
class IsfWriterTest {
    private static final IsfWriter.Pdb PDB = new IsfWriter.Pdb("0CBFE6C21B6C92797036FF10B4E01A08", 1, "ntkrnlmp.pdb");
    private static final TypeCatalog NT = TypeCatalog.nt();
    private static Map<String, Object> isf;
    private static IsfWriter.Summary summary;

    @BeforeAll
    static void export() throws IOException {
        StringWriter out = new StringWriter();
        Map<String, Long> symbols = Map.of("PsActiveProcessHead", 0xc1e5e0L, "KiProcessorBlock", 0xc2c500L);
        summary = new IsfWriter(NT, PDB, symbols).write(out);
        isf = map(Json.parse(out.toString()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> at(Map<String, Object> from, String... keys) {
        Map<String, Object> m = from;
        for (String key : keys) {
            assertThat(m).as("has " + key).containsKey(key);
            m = map(m.get(key));
        }
        return m;
    }

    @Test
    void theExportFollowsTheSchemaRules() {
        assertThat(IsfRules.violations(isf)).isEmpty();
        assertThat(isf.keySet()).containsExactly("metadata", "base_types", "user_types", "enums", "symbols");
    }

    @Test
    void theRulesCatchAFileVolatilityWouldReject() throws IOException {
        StringWriter out = new StringWriter();
        new IsfWriter(NT, PDB, Map.of()).write(out);
        Map<String, Object> broken = map(Json.parse(out.toString()));
        at(broken, "metadata", "windows", "pdb").put("GUID", "0cbfe6c2-1b6c-9279-7036-ff10b4e01a08");
        at(broken, "user_types").remove("_LIST_ENTRY");
        at(broken, "base_types", "pointer").put("kind", "address");
        at(broken, "user_types", "_EPROCESS", "fields", "Token").remove("offset");
        broken.put("extra", Map.of());
        assertThat(IsfRules.violations(broken)).contains(
                "top level has the key extra, which the schema does not allow",
                "metadata.windows.pdb.GUID is 0cbfe6c2-1b6c-9279-7036-ff10b4e01a08, not [0-9A-F]{32}",
                "base_types.pointer.kind is address",
                "user_types._EPROCESS.Token lacks offset",
                "user_types._EPROCESS.ActiveProcessLinks.type names _LIST_ENTRY, which user_types does not have");
    }

    @Test
    void metadataNamesThePdbAndTheBuild() {
        Map<String, Object> metadata = at(isf, "metadata");
        assertThat(metadata.get("format")).isEqualTo("6.1.0");
        assertThat(at(metadata, "producer")).containsEntry("name", "kdlab").containsEntry("version", "0.1.0");
        assertThat(at(metadata, "windows", "pdb")).containsExactly(Map.entry("GUID", "0CBFE6C21B6C92797036FF10B4E01A08"),
                Map.entry("age", 1L), Map.entry("database", "ntkrnlmp.pdb"), Map.entry("machine_type", 34404L));
        assertThat(at(metadata, "windows", "pe")).containsExactly(Map.entry("major", 10L), Map.entry("minor", 0L),
                Map.entry("revision", 19041L));
        assertThat(PDB.fileName()).isEqualTo("0CBFE6C21B6C92797036FF10B4E01A08-1.json");
    }

    @Test
    void baseTypesAreTheWindowsCNamesWithAPointerOfEightBytes() {
        Map<String, Object> base = at(isf, "base_types");
        assertThat(base).containsKeys("char", "unsigned char", "short", "unsigned short", "int", "unsigned int", "long",
                "unsigned long", "long long", "unsigned long long", "wchar", "void", "pointer", "bool", "float", "double");
        assertThat(at(base, "pointer")).containsExactly(Map.entry("size", 8L), Map.entry("signed", false),
                Map.entry("kind", "int"), Map.entry("endian", "little"));
        assertThat(at(base, "unsigned long")).containsEntry("size", 4L).containsEntry("signed", false);
        assertThat(at(base, "unsigned char")).containsEntry("kind", "char");
        assertThat(summary.baseTypes()).isEqualTo(base.size());
    }

    @Test
    void everyEprocessMemberRoundTripsWithItsOffsetAndType() {
        Map<String, Object> eprocess = at(isf, "user_types", "_EPROCESS");
        assertThat(eprocess).containsEntry("kind", "struct").containsEntry("size", 0xa40L);
        Map<String, Object> fields = at(eprocess, "fields");
        StructType catalog = NT.struct("_EPROCESS");
        assertThat(fields.keySet()).containsExactlyElementsOf(catalog.fields().stream().map(Field::name).toList());
        for (Field f : catalog.fields()) {
            assertThat(at(fields, f.name()).get("offset")).as(f.name()).isEqualTo(f.offset());
        }
        assertThat(at(fields, "Token")).isEqualTo(Map.of("offset", 0x4b8L,
                "type", Map.of("kind", "struct", "name", "_EX_FAST_REF")));
        assertThat(at(fields, "ImageFileName", "type")).isEqualTo(Map.of("kind", "array", "count", 15L,
                "subtype", Map.of("kind", "base", "name", "unsigned char")));
        assertThat(at(fields, "UniqueProcessId", "type")).isEqualTo(Map.of("kind", "pointer",
                "subtype", Map.of("kind", "base", "name", "void")));
        assertThat(at(fields, "DefaultPagePriority", "type")).isEqualTo(Map.of("kind", "bitfield", "bit_position", 12L,
                "bit_length", 3L, "type", Map.of("kind", "base", "name", "unsigned long")));
        assertThat(at(fields, "Peb", "type")).isEqualTo(Map.of("kind", "pointer",
                "subtype", Map.of("kind", "struct", "name", "_PEB")));
    }

    @Test
    void anonymousMembersGetATypeNamedAfterTheirContainer() {
        Map<String, Object> flags = at(isf, "user_types", "_EPROCESS", "fields", "MitigationFlagsValues");
        assertThat(flags).isEqualTo(Map.of("offset", 0x9d0L,
                "type", Map.of("kind", "struct", "name", "_EPROCESS::MitigationFlagsValues")));
        Map<String, Object> anonymous = at(isf, "user_types", "_EPROCESS::MitigationFlagsValues");
        assertThat(anonymous).containsEntry("size", 4L);
        assertThat(at(anonymous, "fields", "ControlFlowGuardEnabled", "type"))
                .containsEntry("bit_position", 0L).containsEntry("bit_length", 1L);
    }

    @Test
    void everyCatalogTypeIsThereWithItsKindAndSize() {
        Map<String, Object> userTypes = at(isf, "user_types");
        Map<String, Object> enums = at(isf, "enums");
        int structs = 0;
        for (Type t : NT.all()) {
            if (t instanceof StructType s) {
                structs++;
                assertThat(at(userTypes, s.name())).as(s.name())
                        .containsEntry("kind", s.isUnion() ? "union" : "struct").containsEntry("size", s.size());
            } else {
                assertThat(at(enums, t.name())).as(t.name()).containsEntry("size", t.size());
            }
        }
        assertThat(structs).isGreaterThan(450);
        assertThat(userTypes.size()).isGreaterThan(structs).isEqualTo(summary.userTypes());
        assertThat(enums).hasSize(summary.enums());
    }

    @Test
    void enumsKeepTheirConstantsAndFunctionPointersAreFunctions() {
        Map<String, Object> state = at(isf, "enums", "_KTHREAD_STATE");
        assertThat(state).containsEntry("size", 4L).containsEntry("base", "long");
        Map<String, Object> constants = at(state, "constants");
        assertThat(constants).containsEntry("Initialized", 0L).containsEntry("Running", 2L).containsEntry("Waiting", 5L);
        assertThat(at(isf, "user_types", "_DRIVER_OBJECT", "fields", "MajorFunction", "type"))
                .isEqualTo(Map.of("kind", "array", "count", 28L,
                        "subtype", Map.of("kind", "pointer", "subtype", Map.of("kind", "function"))));
    }

    @Test
    void symbolsAreRvasInNameOrder() {
        Map<String, Object> symbols = at(isf, "symbols");
        assertThat(symbols).containsExactly(Map.entry("KiProcessorBlock", Map.of("address", 0xc2c500L)),
                Map.entry("PsActiveProcessHead", Map.of("address", 0xc1e5e0L)));
    }

    @Test
    void aGuidMustBeUpperCaseHexWithoutDashes() {
        assertThatThrownBy(() -> new IsfWriter.Pdb("0cbfe6c21b6c92797036ff10b4e01a08", 1, "ntkrnlmp.pdb"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stringsAreEscaped() throws IOException {
        StringWriter out = new StringWriter();
        JsonWriter json = new JsonWriter(out);
        json.beginObject().member("quote\"back\\slash", "line\nbreak \u00e9 \t").name("empty").beginObject().endObject()
                .endObject();
        Map<String, Object> parsed = map(Json.parse(out.toString()));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("quote\"back\\slash", "line\nbreak \u00e9 \t");
        expected.put("empty", Map.of());
        assertThat(parsed).isEqualTo(expected);
        assertThat(out.toString()).contains("\\u00e9").endsWith("}\n");
        assertThat(List.of(out.toString().split("\n"))).contains("  \"empty\": {}");
    }
}
