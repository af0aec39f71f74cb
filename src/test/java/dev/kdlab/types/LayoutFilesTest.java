package dev.kdlab.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every file of reference/layouts-19041 and layouts-extra against the catalog: kind, size, and the dt listing line by line. */
class LayoutFilesTest {

    private static List<LayoutImporter.LayoutFile> files;

    /** "   +0x460 DefaultPagePriority : Pos 12, 3 Bits" -- parsed here independently of the importer. */
    private static final Pattern MEMBER =
            Pattern.compile("^((?:   )+)\\+0x([0-9a-f]{3,}) (\\S+) *: (?:Pos (\\d+), (\\d+) Bits?|(.+))$");
    private static final Pattern CONSTANT = Pattern.compile("^   (\\S+) += 0n(-?\\d+) \\(0x([0-9a-f]+)\\)$");

    @BeforeAll
    static void readReference() {
        assertThat(LayoutImporter.referenceDir()).as("reference layouts (system property kdlab.reference)").isDirectory();
        files = LayoutImporter.catalogFiles();
        assertThat(files).hasSizeGreaterThanOrEqualTo(527);
    }

    @TestFactory
    Stream<DynamicTest> everyReferenceFileIsInTheCatalog() {
        return files.stream().map(f -> DynamicTest.dynamicTest(f.name(), f.path().toUri(), () -> check(f)));
    }

    private static void check(LayoutImporter.LayoutFile file) {
        Type type = TypeCatalog.nt().get(file.name());
        assertThat(type.name()).isEqualTo(file.name());
        assertThat(type.size()).as("size").isEqualTo(file.size());
        switch (file.kind()) {
            case "enum" -> checkEnum(file, type);
            case "union", "struct" -> checkStruct(file, type);
            default -> throw new AssertionError(file.kind());
        }
    }

    private static void checkEnum(LayoutImporter.LayoutFile file, Type type) {
        assertThat(type).isInstanceOf(EnumType.class);
        EnumType e = (EnumType) type;
        assertThat(TypeLayoutPrinter.members(e)).containsExactlyElementsOf(file.dump());
        List<EnumType.Constant> expected = new ArrayList<>();
        for (String line : file.dump()) {
            Matcher m = CONSTANT.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            long value = Long.parseLong(m.group(2));
            assertThat(value & 0xffffffffL).as(line).isEqualTo(Long.parseLong(m.group(3), 16));
            expected.add(new EnumType.Constant(m.group(1), value));
        }
        assertThat(e.constants()).containsExactlyElementsOf(expected);
    }

    private static void checkStruct(LayoutImporter.LayoutFile file, Type type) {
        assertThat(type).isInstanceOf(StructType.class);
        StructType s = (StructType) type;
        assertThat(s.isUnion()).as("union").isEqualTo(file.kind().equals("union"));
        assertThat(s.isOpaque()).isFalse();
        assertThat(s.isAnonymous()).isFalse();

        // dt nt!_X: the top-level lines exactly
        assertThat(TypeLayoutPrinter.members(s)).containsExactlyElementsOf(file.topLevel());
        // and with the anonymous members expanded, the whole dump exactly
        assertThat(TypeLayoutPrinter.membersWithAnonymous(s)).containsExactlyElementsOf(file.dump());

        // field by field, against an independent parse of the lines (names, relative offsets, types, bits, nesting)
        List<Object[]> flat = new ArrayList<>();
        flatten(s, 0, flat);
        assertThat(flat).hasSameSizeAs(file.dump());
        for (int i = 0; i < flat.size(); i++) {
            String line = file.dump().get(i);
            Matcher m = MEMBER.matcher(line);
            assertThat(m.matches()).as("member line: " + line).isTrue();
            Field f = (Field) flat.get(i)[0];
            int depth = (Integer) flat.get(i)[1];
            assertThat(depth).as(line).isEqualTo(m.group(1).length() / 3 - 1);
            assertThat(f.offset()).as(line).isEqualTo(Long.parseLong(m.group(2), 16));
            assertThat(f.name()).as(line).isEqualTo(m.group(3));
            if (m.group(4) != null) {
                assertThat(f.isBitfield()).as(line).isTrue();
                assertThat(f.bitPosition()).as(line).isEqualTo(Integer.parseInt(m.group(4)));
                assertThat(f.bitLength()).as(line).isEqualTo(Integer.parseInt(m.group(5)));
                assertThat(f.type()).as(line).isInstanceOf(BaseType.class);
                assertThat(f.bitPosition() + f.bitLength()).as(line).isLessThanOrEqualTo(8 * (int) f.type().size());
            } else {
                assertThat(f.isBitfield()).as(line).isFalse();
                assertThat(f.type().typeText()).as(line).isEqualTo(m.group(6));
                assertThat(f.isAnonymousMember()).as(line).isEqualTo(m.group(6).equals("<unnamed-tag>"));
            }
        }
        assertFieldsFit(s, file.name());
    }

    /** Every member, also inside anonymous members, lies within its container (checks the inferred sizes too). */
    private static void assertFieldsFit(StructType s, String where) {
        for (Field f : s.fields()) {
            assertThat(f.offset() + f.type().size()).as(where + "." + f.name() + " ends inside " + s.size())
                    .isLessThanOrEqualTo(s.size());
            if (f.type() instanceof StructType inner) {
                assertThat(inner.isOpaque()).as(where + "." + f.name() + " is embedded, so not opaque").isFalse();
                if (inner.isAnonymous()) {
                    assertFieldsFit(inner, where + "." + f.name());
                }
            }
        }
    }

    private static void flatten(StructType s, int depth, List<Object[]> out) {
        for (Field f : s.fields()) {
            out.add(new Object[] {f, depth});
            if (f.type() instanceof StructType inner && inner.isAnonymous()) {
                flatten(inner, depth + 1, out);
            }
        }
    }
}
