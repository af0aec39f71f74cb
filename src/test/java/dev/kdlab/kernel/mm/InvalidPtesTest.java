package dev.kdlab.kernel.mm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The encodings against PTE values real 19041 machines show in !pte (sources in InvalidPte's javadoc). */
class InvalidPtesTest {
    @Test
    void demandZeroHoldsOnlyTheProtection() {
        assertThat(InvalidPtes.MiMakeDemandZeroPte(InvalidPtes.MM_READWRITE)).isEqualTo(0x80L);
    }

    @Test
    void transitionOfAReadWritePageIsAsKdmpParsersDumpShowsIt() {
        assertThat(InvalidPtes.MiMakeTransitionPte(0x166b7, InvalidPtes.MM_READWRITE)).isEqualTo(0x00000000_166B7880L);
    }

    @Test
    void pageFilePteIsAsTheVirtualStorePaperShowsIt() {
        assertThat(InvalidPtes.MiMakePagingFilePte(InvalidPtes.VIRTUAL_STORE, 0x1bbeda, InvalidPtes.MM_READWRITE))
                .isEqualTo(0x001BBEDA_00002084L);
    }

    @Test
    void prototypePteKeepsTheLow48BitsOfTheAddressAboveBit16() {
        assertThat(InvalidPtes.MiMakePrototypePte(0xffffc14f_0cc641f8L)).isEqualTo(0xc14f0cc6_41f80400L);
    }
}
