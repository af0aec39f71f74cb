package dev.kdlab.debugger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The values of transcripts 4.1, 5.3 and 5.4 (.formats and df), from their bits. */
class CrtFloatTest {

    @ParameterizedTest
    @CsvSource({
            "47017344, 6, 33139.3",
            "00007ffe, 6, 4.59149e-041",
            "031fd5b0, 6, 4.69712e-037",
            "fffff800, 6, -1.#QNAN",
            "ffa00000, 8, -1.#QNAN",
            "00000018, 8, 3.3631163e-044",
            "00000000, 8, 0",
            "c52d7008, 8, -2775.002",
            "e0495756, 8, -5.8032637e+019",
            "b7eee710, 8, -2.8479408e-005",
            "ffc00000, 6, -1.#IND",
            "7f800000, 6, 1.#INF",
            "3f800000, 6, 1",
            "3e000000, 6, 0.125",
            "461c4000, 6, 10000",
            "49742400, 6, 1e+006",
    })
    void floatsPrintAsTheEngineDoes(String hex, int precision, String expected) {
        assertThat(CrtFloat.single((int) Long.parseLong(hex, 16), precision)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "00007ffe47017344, 6.95299e-310",
            "fffff800031fd5b0, -1.#QNAN",
            "3ff0000000000000, 1",
            "fff8000000000000, -1.#IND",
            "7ff0000000000001, 1.#SNAN",
            "0000000000000000, 0",
    })
    void doublesPrintAsTheEngineDoes(String hex, String expected) {
        assertThat(CrtFloat.dbl(Long.parseUnsignedLong(hex, 16), 6)).isEqualTo(expected);
    }
}
