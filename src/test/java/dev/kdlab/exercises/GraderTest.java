package dev.kdlab.exercises;

import dev.kdlab.scenario.Anomaly;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The grader: WinDbg's notations accepted, near-misses named, parts and lists judged as the curriculum says. */
class GraderTest {
    private static final long BODY = 0xffffe089_7de77040L;
    private static Reads reads;
    private final Grader grader = new Grader(name -> name.equalsIgnoreCase("PsActiveProcessHead")
            ? OptionalLong.of(BODY) : OptionalLong.empty());

    @BeforeAll
    static void boot() {
        reads = new Reads(BootedLabs.SHARED.boot(19045, Anomaly.NONE).target());
    }

    private static Truth address() {
        return Truth.builder(reads).hex("the EPROCESS", BODY).objectHeader(BODY)
                .listEntry(BODY, "_EPROCESS", "ActiveProcessLinks").fastRefCount(BODY).build();
    }

    @Test
    void acceptsEveryNotationWinDbgWritesAnAddressIn() {
        for (String written : new String[] {"ffffe089`7de77040", "0xFFFFE0897DE77040", "FFFFE0897DE77040h",
            " ffffe0897de77040 ", "0x0000ffffe089`7de77040"}) {
            assertThat(grader.grade(address(), written).correct()).as(written).isTrue();
        }
        assertThat(grader.grade(address(), "nt!PsActiveProcessHead").correct()).isTrue();
    }

    @Test
    void namesTheNearMisses() {
        assertThat(grader.grade(address(), "ffffe089`7de77010").lines()).containsExactly(
                "That is the _OBJECT_HEADER; the object body starts 0x30 bytes later.");
        assertThat(String.join("\n", grader.grade(address(), "ffffe089`7de77488").lines()))
                .contains("LIST_ENTRY ActiveProcessLinks", "subtract its offset 0x448");
        assertThat(String.join("\n", grader.grade(address(), "ffffe089`7de77047").lines()))
                .contains("_EX_FAST_REF");
        assertThat(grader.grade(address(), "7de77040").lines()).containsExactly(
                "That looks truncated: kernel addresses are ffff... (all 16 digits).");
        assertThat(grader.grade(address(), "poi(@$proc)").lines().get(0)).contains("is not a number");
    }

    @Test
    void readsABareNumberInTheOtherRadixWhenOnlyThatFitsAndSaysSo() {
        Truth pid = Truth.builder(reads).hex("the PID", 0x2e0).build();
        Grader.Verdict decimal = grader.grade(pid, "736");
        assertThat(decimal.correct()).isTrue();
        assertThat(decimal.lines()).containsExactly(
                "(Read 736 as decimal = 0x2e0; WinDbg would read 736 as hex: write 0n736.)");
        assertThat(grader.grade(pid, "0n736").correct()).isTrue();
        assertThat(grader.grade(pid, "0n737").correct()).isFalse();

        Truth count = Truth.builder(reads).count("the number", 61).countedHead(61).build();
        assertThat(grader.grade(count, "61").correct()).isTrue();
        assertThat(grader.grade(count, "0x3d").correct()).isTrue();
        assertThat(grader.grade(count, "62").lines()).containsExactly(
                "One too many: did you count the list head? It is not an entry of the list.");
    }

    @Test
    void namesListsAndPartsForgiveNotationOnly() {
        Truth name = Truth.builder(reads).name("the image", "lsass.exe").nearName("wininit.exe", "That is its parent.")
                .build();
        assertThat(grader.grade(name, "LSASS").correct()).isTrue();
        assertThat(grader.grade(name, "C:\\Windows\\System32\\lsass.exe").correct()).isTrue();
        assertThat(grader.grade(name, "wininit").lines()).containsExactly("That is its parent.");

        Truth list = Truth.builder(reads).names("the processes", java.util.List.of("System", "Registry",
                "MemCompression")).build();
        assertThat(grader.grade(list, "registry, system memcompression").correct()).isTrue();
        assertThat(grader.grade(list, "System, smss.exe").lines()).containsExactly("1 right, 2 missing, 1 extra.");

        Truth two = Truth.builder(reads).yesNo("alive", false).hex("the PID", 0x1a4).build();
        assertThat(grader.grade(two, "no 0x1a4").correct()).isTrue();
        assertThat(grader.grade(two, "n,1a4").correct()).isTrue();
        assertThat(grader.grade(two, "yes 1a4").lines()).containsExactly("1 of 2 parts are right.",
                "Part 1 (alive): No: look at the evidence again.");
        assertThat(grader.grade(two, "no").lines().get(0)).startsWith("The answer has 2 parts (alive, the PID)");
    }
}
