package dev.kdlab.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The catalog format: forward references, opaque names, anonymous members, and loud errors. */
class TypeCatalogReaderTest {

    @Test
    void readsAForwardReferencedEnumStructAndOpaqueTarget() {
        TypeCatalog c = TypeCatalogReader.read("""
                # a comment
                enum _MODE 0x4
                  KernelMode 0
                  UserMode 1

                struct _A 0x18
                  0x000 Next Ptr64 _A
                  0x008 Other _B
                  0x00c Mode _MODE
                  0x010 Bits {union 0x8
                    0x000 Low @0:4 UChar
                    0x000 All Uint8B
                  }
                  0x000 Hidden Ptr64 _NOWHERE
                  0x000 Callback Ptr64 fn(void)

                struct _B 0x4
                  0x000 X Uint4B
                """, "test");
        StructType a = c.struct("_A");
        assertThat(((PointerType) a.field("Next").orElseThrow().type()).target()).isSameAs(a);
        assertThat(a.field("Other").orElseThrow().type()).isSameAs(c.get("_B"));
        assertThat(a.field("Mode").orElseThrow().type()).isSameAs(c.get("_MODE")).isInstanceOf(EnumType.class);
        assertThat(c.struct("_NOWHERE").isOpaque()).isTrue();
        assertThat(a.offsetOf("Low")).isEqualTo(0x10);
        assertThat(a.field("Callback").orElseThrow().type().typeText()).isEqualTo("Ptr64     void ");
        assertThat(TypeLayoutPrinter.membersWithAnonymous(a)).containsExactly(
                "   +0x000 Next             : Ptr64 _A",
                "   +0x008 Other            : _B",
                "   +0x00c Mode             : _MODE",
                "   +0x010 Bits             : <unnamed-tag>",
                "      +0x000 Low              : Pos 0, 4 Bits",
                "      +0x000 All              : Uint8B",
                "   +0x000 Hidden           : Ptr64 _NOWHERE",
                "   +0x000 Callback         : Ptr64     void ");
        assertThat(c.all()).extracting(Type::name).containsExactly("_A", "_B", "_MODE", "_NOWHERE");
    }

    @Test
    void aTypeDefinedTwiceIsAnError() {
        assertThatThrownBy(() -> TypeCatalogReader.read("struct _A 0x4\n  0x000 X Uint4B\nstruct _A 0x4\n", "dup"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("_A");
        assertThatThrownBy(() -> TypeCatalogReader.read("struct _A 0x4\nunion _a 0x4\n", "dup"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
    }

    @Test
    void anEnumMustComeBeforeItsFirstUse() {
        assertThatThrownBy(() -> TypeCatalogReader.read("struct _A 0x4\n  0x000 M _MODE\nenum _MODE 0x4\n  KernelMode 0\n", "late"))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("late:3:").hasMessageContaining("_MODE");
    }

    @Test
    void malformedLinesNameTheLine() {
        assertThatThrownBy(() -> TypeCatalogReader.read("struct _A 0x4\n  garbage\n", "bad"))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("bad:2:");
        assertThatThrownBy(() -> TypeCatalogReader.read("struct _A 0x4\n  0x000 X @30:4 UChar\n", "bad"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("fit");
        assertThatThrownBy(() -> TypeCatalogReader.read("struct _A 0x4\n  0x000 U {struct 0x4\n", "bad"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unclosed");
    }
}
