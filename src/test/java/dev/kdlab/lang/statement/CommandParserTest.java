package dev.kdlab.lang.statement;

import dev.kdlab.lang.SyntaxErrorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class CommandParserTest {

    /** The command lines of the transcripts (and a few kdlab ones), one per line. */
    public static List<String> corpus() throws IOException {
        try (InputStream in = CommandParserTest.class.getResourceAsStream("commands.txt")) {
            assertThat(in).as("commands.txt").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank())
                    .toList();
        }
    }

    /** Every command of every corpus line, the commands inside blocks included. */
    public static List<CommandText> corpusCommands() throws Exception {
        List<CommandText> commands = new ArrayList<>();
        for (String line : corpus()) {
            StatementCorpus.commandsOf(StatementParsing.parse(line), commands);
        }
        return commands;
    }

    @Test
    void everyCorpusLineParses() throws Exception {
        List<String> failures = new ArrayList<>();
        List<CommandText> commands = new ArrayList<>();
        for (String line : corpus()) {
            try {
                StatementCorpus.commandsOf(StatementParsing.parse(line), commands);
            } catch (SyntaxErrorException e) {
                failures.add(line + " (column " + e.column() + ")");
            }
        }
        assertThat(failures).isEmpty();
        assertThat(commands).allSatisfy(text -> assertThat(text.name()).isNotBlank().isLowerCase());
        assertThat(commands.size()).isGreaterThan(200);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "dt nt!_EPROCESS ffffcd0685106080           | dt        | nt!_EPROCESS ffffcd0685106080    | 3",
            "!process 0 0                              | !process  | 0 0                              | 9",
            ".process /P ffffc387d2d22080              | .process  | /P ffffc387d2d22080              | 9",
            "? 1+2                                     | ?         | 1+2                              | 2",
            "?1+2                                      | ?         | 1+2                              | 1",
            "?ffffca86`79a5b488 - 0x448                | ?         | ffffca86`79a5b488 - 0x448        | 1",
            "?? sizeof(nt!_EPROCESS)                   | ??        | sizeof(nt!_EPROCESS)             | 3",
            "db @$peb L10                              | db        | @$peb L10                        | 3",
            "q                                         | q         | \"\"                               | 1",
            "dt_eprocess                               | dt        | _eprocess                        | 2",
            "dt_eprocess ffff8287ad34f000+40           | dt        | _eprocess ffff8287ad34f000+40    | 2",
            "!Thread ffffe0007cf34880                  | !thread   | ffffe0007cf34880                 | 8",
            ".Thread ffffe0007cf34880                  | .thread   | ffffe0007cf34880                 | 8",
            "!exts.token -n e1bed030                   | !exts.token | -n e1bed030                    | 12",
            "!dml_proc                                 | !dml_proc | \"\"                               | 9",
            "lmvm nt                                   | lm        | vm nt                            | 2",
            "lmDvmnt                                   | lm        | Dvmnt                            | 2",
            "lm m s*                                   | lm        | m s*                             | 3",
            "kn                                        | k         | n                                | 1",
            "r cr3                                     | r         | cr3                              | 2",
            "rdmsr 0xC0000082                          | rdmsr     | 0xC0000082                       | 6",
            "vertarget                                 | vertarget | \"\"                               | 9",
            "dps nt!KeServiceDescriptorTable L4        | dps       | nt!KeServiceDescriptorTable L4   | 4",
            "!process 0  0 wermgr.exe                  | !process  | 0  0 wermgr.exe                  | 9",
            "~                                         | ~         | \"\"                               | 1",
            "DD nt!kd_DEFAULT_MASK                     | dd        | nt!kd_DEFAULT_MASK               | 3",
            "\"  k  \"                                 | k         | \"\"                               | 1",
    })
    void namesAndArguments(String command, String name, String arguments, int column) throws Exception {
        CommandText parsed = CommandParser.parse(command);
        assertThat(parsed).extracting(CommandText::name, CommandText::arguments, CommandText::argumentsColumn)
                .containsExactly(name, arguments, column);
        assertThat(parsed.writtenName()).isEqualToIgnoringCase(name);
    }

    @Test
    void corpusNames() throws Exception {
        assertThat(corpusCommands()).extracting(CommandText::name)
                .contains("!process", "dt", "dd", "db", "dq", "dps", "?", ".process", "!peb", "!pte",
                        "lm", "x", "k", "r", ".formats", "!vtop", "dx", "dl", "!list", "~", ".printf", ".echo",
                        "as", "ad", "al", "$$>a<", "$$<", "$><", ".logopen", "z", "r", "??");
    }

    @Test
    void aLineThatIsNoCommandIsASyntaxErrorAtItsFirstColumn() {
        // transcripts 7: "lkd> (0x88-0x70)" -> "     ^ Syntax error in '(0x88-0x70)'"
        assertThatThrownBy(() -> CommandParser.parse("(0x88-0x70)"))
                .isInstanceOfSatisfying(SyntaxErrorException.class, e -> {
                    assertThat(e.column()).isZero();
                    assertThat(e.text()).isEqualTo("(0x88-0x70)");
                    assertThat(e.render(5, e.text())).isEqualTo("     ^ Syntax error in '(0x88-0x70)'");
                });
        assertThatThrownBy(() -> CommandParser.parse("  123")).isInstanceOfSatisfying(SyntaxErrorException.class,
                e -> assertThat(e.column()).isEqualTo(2));
        assertThatThrownBy(() -> CommandParser.parse("r; k")).isInstanceOf(SyntaxErrorException.class);
        assertThatThrownBy(() -> CommandParser.parse("")).isInstanceOf(SyntaxErrorException.class);
        assertThatThrownBy(() -> CommandParser.parse("! process")).isInstanceOf(SyntaxErrorException.class);
    }
}
