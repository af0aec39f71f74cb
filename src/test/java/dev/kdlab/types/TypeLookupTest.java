package dev.kdlab.types;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Module-qualified type names and patterns, as dt, sizeof and #FIELD_OFFSET take them. */
class TypeLookupTest {
    private final TypeLookup lookup = new TypeLookup(TypeCatalog.nt());

    @Test
    void modulesAndHeaders() {
        TypeLookup.Found bare = lookup.find("_eprocess").orElseThrow();
        assertThat(bare.type()).isSameAs(TypeCatalog.nt().get("_EPROCESS"));
        assertThat(bare.header()).isEqualTo("nt!_EPROCESS");
        assertThat(lookup.find("nt!_EPROCESS").orElseThrow().header()).isNull();
        assertThat(lookup.find("NTKRNLMP!_EPROCESS").orElseThrow().qualified()).isTrue();
        TypeLookup.Found peb = lookup.find("ntdll!_PEB").orElseThrow();
        assertThat(peb.module()).isEqualTo("ntdll");
        assertThat(peb.symbolName()).isEqualTo("ntdll!_PEB");
        assertThat(lookup.find("nt!_PEB").orElseThrow().symbolName()).isEqualTo("ntkrnlmp!_PEB");
        assertThat(lookup.find("kernel32!_PEB")).isEmpty();
        assertThat(lookup.find("nt!")).isEmpty();
        assertThat(lookup.find("_NOPE")).isEmpty();
    }

    @Test
    void windowsNamesOfBaseTypesHaveNoHeader() {
        assertThat(lookup.find("ULONG").orElseThrow().type()).isEqualTo(BaseType.UINT4B);
        assertThat(lookup.find("ulong64").orElseThrow().type()).isEqualTo(BaseType.UINT8B);
        assertThat(lookup.find("PVOID").orElseThrow().type().typeText()).isEqualTo("Ptr64 Void");
        assertThat(lookup.find("Uint2B").orElseThrow().header()).isNull();
    }

    @Test
    void sizesAndOffsets() {
        assertThat(lookup.sizeOf("ntdll!_TEB")).hasValue(0x1838);
        assertThat(lookup.sizeOf("nope!_TEB")).isEmpty();
        assertThat(lookup.offsetOf("nt!_EPROCESS", "Pcb.DirectoryTableBase")).hasValue(0x28);
        assertThat(lookup.offsetOf("_EPROCESS", "NoSuchField")).isEmpty();
        assertThat(lookup.offsetOf("_KTHREAD_STATE", "Running")).isEmpty();
    }

    @Test
    void searchMatchesNamesWithWildcardsInNameOrderAndSize() {
        assertThat(lookup.search("nt!_KTHREAD*", OptionalLong.empty()))
                .extracting(f -> f.type().name()).containsExactly("_KTHREAD", "_KTHREAD_COUNTERS", "_KTHREAD_STATE");
        assertThat(lookup.search("nt!_?THREAD", OptionalLong.empty()))
                .extracting(f -> f.type().name()).containsExactly("_ETHREAD", "_KTHREAD");
        assertThat(lookup.search("nt!_*THREAD", OptionalLong.of(0x898)))
                .extracting(f -> f.type().name()).containsExactly("_ETHREAD");
        assertThat(lookup.search("nt!_EPROCESS_QUOTA_BLOCK", OptionalLong.empty())).as("opaque: no layout").isEmpty();
        assertThat(lookup.search("foo!*", OptionalLong.empty())).isEmpty();
    }

    @Test
    void wildcards() {
        assertThat(WildcardPattern.of("*PROCESS*").matches("_eprocess_values")).isTrue();
        assertThat(WildcardPattern.of("_OBJECT_HEADER_*").matches("_OBJECT_HEADER")).isFalse();
        assertThat(WildcardPattern.of("a*b*c").matches("aXXbYYbZc")).isTrue();
        assertThat(WildcardPattern.of("a*b*c").matches("aXXbYYbZ")).isFalse();
        assertThat(WildcardPattern.of("*").matches("")).isTrue();
        assertThat(WildcardPattern.isPattern("nt!_K?")).isTrue();
        assertThat(WildcardPattern.isPattern("nt!_KTHREAD")).isFalse();
    }
}
