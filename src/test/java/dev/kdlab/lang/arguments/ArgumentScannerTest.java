package dev.kdlab.lang.arguments;

import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.lang.expr.FakeEnvironment;
import dev.kdlab.lang.statement.CommandParser;
import dev.kdlab.lang.statement.CommandParserTest;
import dev.kdlab.lang.statement.CommandText;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgumentScannerTest {

    private static final long PROC = 0xffffca8679a5b040L;

    private final FakeEnvironment env = new FakeEnvironment()
            .symbol("nt!PsActiveProcessHead", 0xfffff8035f01df60L)
            .symbol("addr", 0xffffca8679a5b000L)
            .register("$proc", PROC)
            .register("$peb", 0x000000d1b7cfd000L);

    private ArgumentScanner scanner(String command) throws Exception {
        return ArgumentScanner.of(CommandParser.parse(command), env);
    }

    @Test
    void endAddressIsAnExpression() throws Exception {
        // transcripts 5.4: "dd 000000d1`b7cfddd0 000000d1`b7cfddd0+0x40" prints 17 DWORDs
        ArgumentScanner s = scanner("dd 000000d1`b7cfddd0 000000d1`b7cfddd0+0x40");
        AddressRange range = s.nextRange(32, 1);
        assertThat(range).isEqualTo(AddressRange.toEnd(0xd1b7cfddd0L, 0xd1b7cfde10L));
        assertThat(range.elementCount(4)).isEqualTo(17);
        assertThat(s.atEnd()).isTrue();

        ArgumentScanner two = new ArgumentScanner("A A+0x40", 3, env);
        assertThat(two.nextExpression()).isEqualTo(0xaL);
        assertThat(two.column()).isEqualTo(5);
        assertThat(two.nextExpression()).isEqualTo(0x4aL);
        assertThat(two.atEnd()).isTrue();
    }

    @Test
    void lengths() throws Exception {
        assertThat(scanner("db addr L10").nextRange(128, 1)).isEqualTo(AddressRange.counted(0xffffca8679a5b000L, 0x10));
        assertThat(scanner("dd ffffb780`b7eee664 l4").nextRange(32, 1)).isEqualTo(AddressRange.counted(0xffffb780b7eee664L, 4));
        assertThat(scanner("db @$peb L 0n20").nextRange(128, 1)).isEqualTo(AddressRange.counted(0xd1b7cfd000L, 20));
        assertThat(scanner("dq nt!PsActiveProcessHead").nextRange(16, 1))
                .isEqualTo(AddressRange.counted(0xfffff8035f01df60L, 16));
        assertThat(scanner("db addr l?10").nextRange(128, 1)).isEqualTo(AddressRange.counted(0xffffca8679a5b000L, 0x10));
        AddressRange backward = scanner("dd addr L-4").nextRange(32, 1);
        assertThat(backward.backward()).isTrue();
        assertThat(backward.firstAddress(4)).isEqualTo(0xffffca8679a5aff0L);
        assertThat(backward.elementCount(4)).isEqualTo(4);
    }

    @Test
    void searchReadsARangeThenItsPattern() throws Exception {
        ArgumentScanner s = scanner("s ffff828000000000 L? 100000000000 06 a1 ff ff");
        assertThat(s.nextRange(0, 1)).isEqualTo(AddressRange.counted(0xffff828000000000L, 0x100000000000L));
        List<Long> pattern = new ArrayList<>();
        while (!s.atEnd()) {
            pattern.add(s.nextExpression());
        }
        assertThat(pattern).containsExactly(6L, 0xa1L, 0xffL, 0xffL);
    }

    @Test
    void expressionThenValue() throws Exception {
        ArgumentScanner s = scanner("ed addr+0x440 5");
        assertThat(s.nextExpression()).isEqualTo(0xffffca8679a5b440L);
        assertThat(s.nextExpression()).isEqualTo(5L);
        assertThat(s.atEnd()).isTrue();
    }

    @Test
    void evaluateTakesEverything() throws Exception {
        ArgumentScanner s = scanner("? 1 + 2");
        assertThat(s.nextExpression()).isEqualTo(3L);
        s.expectEnd();
        assertThat(s.atEnd()).isTrue();
    }

    @Test
    void dtOptionsTypeAddressField() throws Exception {
        ArgumentScanner s = scanner("dt -r1 nt!_EPROCESS @$proc Pcb.DirectoryTableBase");
        assertThat(s.nextOption()).contains("-r1");
        assertThat(s.nextOption()).isEmpty();
        assertThat(s.nextWord()).isEqualTo("nt!_EPROCESS");
        assertThat(s.peekWord()).contains("@$proc");
        assertThat(s.nextWordExpression()).isEqualTo(PROC);
        assertThat(s.nextWord()).isEqualTo("Pcb.DirectoryTableBase");
        assertThat(s.atEnd()).isTrue();
        assertThat(s.peekWord()).isEmpty();
        assertThat(s.nextWord()).isEmpty();
    }

    @Test
    void dtAddressIsOneWord() throws Exception {
        // transcripts 2.4: the "-y" after the address is an option, not a subtraction
        ArgumentScanner s = scanner("dt nt!_eprocess 0xffffc509`c5488488-0x448 -y ActiveProcessLinks.flink -y ImageFileName");
        assertThat(s.nextWord()).isEqualTo("nt!_eprocess");
        assertThat(s.nextWordExpression()).isEqualTo(0xffffc509c5488040L);
        assertThat(s.nextOption()).contains("-y");
        assertThat(s.nextWord()).isEqualTo("ActiveProcessLinks.flink");
        assertThat(s.nextOption()).contains("-y");
        assertThat(s.rest()).isEqualTo("ImageFileName");
        assertThat(s.atEnd()).isTrue();
    }

    @Test
    void optionsAndQuotedWords() throws Exception {
        ArgumentScanner s = scanner(".process /P ffffc387d2d22080");
        assertThat(s.nextOption()).contains("/P");
        assertThat(s.nextExpression()).isEqualTo(0xffffc387d2d22080L);

        ArgumentScanner list = scanner("!list -x \"dt nt!_LDR_DATA_TABLE_ENTRY -y fulldll\" 0000018e`0e8b32a0");
        assertThat(list.nextOption()).contains("-x");
        assertThat(list.nextWord()).isEqualTo("dt nt!_LDR_DATA_TABLE_ENTRY -y fulldll");
        assertThat(list.nextExpression()).isEqualTo(0x18e0e8b32a0L);
    }

    @Test
    void errorColumnsCountFromTheCommand() throws Exception {
        // "? 1 +": the missing operand is at the end, column 5 of the command
        assertThatThrownBy(() -> scanner("? 1 +").nextExpression())
                .isInstanceOfSatisfying(SyntaxErrorException.class, e -> assertThat(e.column()).isEqualTo(5));
        assertThatThrownBy(() -> scanner("? (0x88-0x70").nextExpression())
                .isInstanceOfSatisfying(SyntaxErrorException.class, e -> assertThat(e.column()).isEqualTo(12));
        assertThatThrownBy(() -> {
            ArgumentScanner s = scanner("? 1 2");
            s.nextExpression();
            s.expectEnd();
        }).isInstanceOfSatisfying(SyntaxErrorException.class, e -> assertThat(e.column()).isEqualTo(4));
        assertThatThrownBy(() -> scanner("dd").nextRange(32, 1))
                .isInstanceOfSatisfying(SyntaxErrorException.class, e -> assertThat(e.column()).isEqualTo(2));
        assertThatThrownBy(() -> {
            ArgumentScanner s = scanner("dt _EPROCESS 1+");
            s.nextWord();
            s.nextWordExpression();
        }).isInstanceOfSatisfying(SyntaxErrorException.class, e -> assertThat(e.column()).isEqualTo(15));
    }

    @Test
    void unknownSymbolNamesTheRestOfTheArguments() {
        assertThatThrownBy(() -> scanner("dd nt!PsFoo L4").nextRange(32, 1))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("Couldn't resolve error at 'nt!PsFoo L4'");
    }

    /** Memory-display commands of the corpus read one range and nothing more. */
    @Test
    void corpusRanges() throws Exception {
        Set<String> display = Set.of("d", "db", "dc", "dd", "dq", "dps", "du", "da", "dl", "u", "!db", "!dc", "!dq",
                "!kext.db", "!kext.dq");
        int checked = 0;
        for (CommandText command : CommandParserTest.corpusCommands()) {
            if (!display.contains(command.name()) || command.arguments().contains("@@(") || command.arguments().contains("*(")) {
                continue;   // C++ expressions are not MASM
            }
            ArgumentScanner s = ArgumentScanner.of(command, FakeEnvironment.permissive());
            s.nextOption();   // dd /c1
            if (s.peekWord().filter(w -> w.matches("\\d+")).isPresent() && command.arguments().startsWith("/c")) {
                s.nextWord();
            }
            if (s.atEnd()) {
                continue;
            }
            s.nextRange(32, 1);
            assertThat(s.atEnd()).as(command.toString()).isTrue();
            checked++;
        }
        assertThat(checked).isGreaterThan(20);
    }

    /** Every ? of the corpus evaluates, except the string functions kdlab does not have. */
    @Test
    void corpusEvaluations() throws Exception {
        List<String> failures = new ArrayList<>();
        int evaluated = 0;
        for (CommandText command : CommandParserTest.corpusCommands()) {
            if (!command.name().equals("?")) {
                continue;
            }
            try {
                ArgumentScanner s = ArgumentScanner.of(command, FakeEnvironment.permissive());
                s.nextExpression();
                s.expectEnd();
                evaluated++;
            } catch (ExpressionException | SyntaxErrorException e) {
                failures.add(command.arguments());
            }
        }
        // the string functions come with the MASM additions, C++ casts with the C++ evaluator
        assertThat(failures).allMatch(arguments -> arguments.startsWith("$spat") || arguments.startsWith("$iment")
                || arguments.startsWith("$scmp") || arguments.startsWith("@@c++(((nt!_EPROCESS*)"));
        assertThat(evaluated).isGreaterThan(15);
    }
}
