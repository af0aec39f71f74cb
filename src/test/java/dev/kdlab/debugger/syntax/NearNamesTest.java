package dev.kdlab.debugger.syntax;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NearNamesTest {
    private static final List<String> NAMES = List.of("!process", ".process", "!peb", "!teb", "!thread", ".thread",
            "!pte", "dt", "db", "dd", "lm", "ln", "vertarget", "version");

    @Test
    void sigilsAreTheCommonSlip() {
        assertThat(NearNames.near("process", NAMES)).containsExactly("!process", ".process");
        assertThat(NearNames.near("pte", NAMES)).containsExactly("!pte");
    }

    @Test
    void typosAndSwappedLetters() {
        assertThat(NearNames.near("proces", NAMES)).containsExactly("!process", ".process");
        assertThat(NearNames.near("!thraed", NAMES)).containsExactly("!thread", ".thread");
        assertThat(NearNames.near("vertraget", NAMES)).containsExactly("vertarget");
        assertThat(NearNames.distance("ab", "ba")).isEqualTo(1);
    }

    @Test
    void shortWordsNeedACloseMatchAndFarOnesGetNone() {
        assertThat(NearNames.near("dx", NAMES)).isEmpty();
        assertThat(NearNames.near("pcb", NAMES)).isEmpty();
        assertThat(NearNames.near("!tebb", NAMES)).containsExactly("!teb");
        assertThat(NearNames.near("frobnicate", NAMES)).isEmpty();
        assertThat(NearNames.near("!peb", NAMES)).doesNotContain("!peb");
    }
}
