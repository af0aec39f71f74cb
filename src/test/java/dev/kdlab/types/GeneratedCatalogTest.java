package dev.kdlab.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The shipped resource is what LayoutImporter makes of the reference folder today. */
class GeneratedCatalogTest {

    @Test
    void resourceIsUpToDateWithTheReferenceFolder() throws IOException {
        String expected = LayoutImporter.render(LayoutImporter.catalogFiles());
        String shipped;
        try (InputStream in = TypeCatalog.class.getResourceAsStream(TypeCatalog.NT_RESOURCE)) {
            assertThat(in).as("resource " + TypeCatalog.NT_RESOURCE).isNotNull();
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(shipped)
                .as("nt-19041.types is stale: run LayoutImporter (see its javadoc)")
                .isEqualTo(expected);
    }

    @Test
    void functionPointerSpellingRoundTrips() {
        assertThat(LayoutImporter.spec("Ptr64     unsigned char ")).isEqualTo("Ptr64 fn(unsigned char)");
        assertThat(LayoutImporter.spec("[28] Ptr64     long ")).isEqualTo("[28] Ptr64 fn(long)");
        assertThat(LayoutImporter.spec("Ptr64 Ptr64 _KEVENT")).isEqualTo("Ptr64 Ptr64 _KEVENT");
        assertThat(LayoutImporter.spec("[4] [2] Uint8B")).isEqualTo("[4] [2] Uint8B");
    }
}
