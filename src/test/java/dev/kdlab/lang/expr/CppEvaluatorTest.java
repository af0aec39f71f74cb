package dev.kdlab.lang.expr;

import dev.kdlab.lang.Nesting;
import dev.kdlab.lang.ExpressionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The C++ subset of ??: C's constant typing and conversions on LLP64, the macros, registers and the error words. */
class CppEvaluatorTest {
    private final FakeEnvironment env = new FakeEnvironment()
            .register("$proc", 0xffffca8679a5b040L)
            .register("$ptrsize", 8)
            .register("rax", 0xfffff80000001234L)
            .field("nt!_EPROCESS", "Token", 0x4b8)
            .field("_KTHREAD", "ApcState.Process", 0xb8)
            .type("nt!_EPROCESS", 0xa40)
            .type("_EPROCESS", 0xa40)
            .type("_LIST_ENTRY", 0x10);

    private CppValue eval(String expression) throws ExpressionException {
        return CppEvaluator.evaluate(expression, env);
    }

    /** The C++ evaluator takes the same depth as MASM's: 100 levels of parentheses and brackets, not 101. */
    @Test
    void parenthesesNestUpToTheDocumentedDepth() throws Exception {
        int depth = Nesting.EXPRESSION_DEPTH;
        assertThat(eval("(".repeat(depth) + "1+2" + ")".repeat(depth)).value()).isEqualTo(3);
        assertThatThrownBy(() -> eval("(".repeat(depth + 1) + "1" + ")".repeat(depth + 1)))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("Expression nested too deeply (more than 100 levels) at '(1)");
    }

    private String typeOf(String expression) throws ExpressionException {
        return eval(expression).type().name();
    }

    @ParameterizedTest(name = "{0} is {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "1+2                  | int                | 3",
            "0x10                 | int                | 16",
            "010                  | int                | 8",
            "-1                   | int                | -1",
            "7/2                  | int                | 3",
            "-7/2                 | int                | -3",
            "-7%3                 | int                | -1",
            "0xffffffff           | unsigned int       | 4294967295",
            "4000000000           | int64              | 4000000000",
            "1u - 2               | unsigned int       | 4294967295",
            "1 << 31              | int                | -2147483648",
            "0x80000000 >> 4      | unsigned int       | 134217728",
            "-16 >> 2             | int                | -4",
            "~0                   | int                | -1",
            "5L + 1               | long               | 6",
            "5L + 1u              | unsigned long      | 6",
            "1i64 + 1u            | int64              | 2",
            "1ull * 3             | unsigned int64     | 3",
            "(2 + 3) * 4 - 1      | int                | 19",
            "(6 & 3) + (8 ^ 1)    | int                | 11",
            "sizeof(nt!_EPROCESS) | unsigned int64     | 2624",
            "sizeof(_LIST_ENTRY)*2 - 1 | unsigned int64 | 31",
            "sizeof(unsigned long) | unsigned int64    | 4",
            "sizeof(_LIST_ENTRY *) | unsigned int64    | 8",
            "#FIELD_OFFSET(nt!_EPROCESS, Token) | long | 1208",
            "#FIELD_OFFSET(_KTHREAD, ApcState.Process) + 1 | long | 185",
            "@$ptrsize            | unsigned int64     | 8",
    })
    void integersAreTypedAndConvertedAsCDoes(String expression, String type, long value) throws Exception {
        CppValue v = eval(expression);
        assertThat(v.type().name()).isEqualTo(type);
        assertThat(v.value()).isEqualTo(v.type().signed() ? value : value & (v.type().size() == 8 ? -1L : 0xffffffffL));
    }

    @Test
    void comparisonsAndLogicGiveBool() throws Exception {
        assertThat(eval("1 == 1")).isEqualTo(CppValue.of(CppType.BOOL, 1));
        assertThat(eval("-1 < 1u")).isEqualTo(CppValue.of(CppType.BOOL, 0));   // -1 converts to 0xffffffff
        assertThat(eval("-1 < 1")).isEqualTo(CppValue.of(CppType.BOOL, 1));
        assertThat(eval("!0 && (2 > 1 || 0)")).isEqualTo(CppValue.of(CppType.BOOL, 1));
        assertThat(typeOf("(1 == 1) + 1")).isEqualTo("int");
        assertThat(eval("4 | 1u")).isEqualTo(CppValue.of(CppType.UNSIGNED_INT, 5));
    }

    @Test
    void procIsAPointerToEprocessThatStepsByItsSize() throws Exception {
        CppValue proc = eval("@$proc");
        assertThat(proc.type().name()).isEqualTo("struct _EPROCESS *");
        assertThat(proc.type().element().name()).isEqualTo("struct _EPROCESS");
        assertThat(proc.value()).isEqualTo(0xffffca8679a5b040L);
        assertThat(eval("@$proc + 1").value()).isEqualTo(0xffffca8679a5b040L + 0xa40);
        assertThat(eval("(@$proc + 2) - @$proc")).isEqualTo(CppValue.of(CppType.INT64, 2));
        assertThat(eval("@rax")).isEqualTo(CppValue.of(CppType.UNSIGNED_INT64, 0xfffff80000001234L));
    }

    @Test
    void errorsUseTheEvaluatorsWords() {
        assertError("1 + )", "Unexpected token ')'");
        assertError("da[1]", "Couldn't resolve error at 'da[1]'");
        assertError("(char*)", "Syntax error at ''");
        assertError("1 ? 2", "Syntax error at ''");
        assertError("1 +", "Syntax error at ''");
        assertError("", "Syntax error at ''");
        assertError("nt!PsActiveProcessHead + 1", "Couldn't resolve error at 'nt!PsActiveProcessHead + 1'");
        assertError("sizeof(nt!_NOPE)", "Couldn't resolve error at 'nt!_NOPE)'");
        assertError("#FIELD_OFFSET(nt!_EPROCESS, Nope)", "Couldn't resolve error at 'nt!_EPROCESS, Nope)'");
        assertError("@rfoo", "Bad register error at '@rfoo'");
        assertError("@$proc * 2", "Type conflict error at '@$proc * 2'");
        assertError("1 - @$proc", "Type conflict error at '1 - @$proc'");
        assertError("1/0", "Operand error");
        assertError("0x1ffffffffffffffff", "Overflow error at '0x1ffffffffffffffff'");
    }

    @Test
    void castsMembersIndexingAndAddressesReadThroughTheLayouts() throws Exception {
        long eprocess = 0xffffca8679a5b040L;
        env.memory(eprocess + 0x440, 0x1234, 8)                       // UniqueProcessId
                .memory(eprocess + 0x448, 0xffffca8679a00448L, 8)      // ActiveProcessLinks.Flink
                .memory(eprocess + 0x5a8, 0x6578652e647063L, 8)        // ImageFileName "cpd.exe"
                .memory(eprocess + 0x28, 0x1ad000, 8)                  // Pcb.DirectoryTableBase
                .memory(eprocess + 0x87a, 0x10, 1);                    // Protection.Level
        assertThat(eval("((nt!_EPROCESS*)0xffffca8679a5b040)->UniqueProcessId"))
                .isEqualTo(CppValue.of(CppType.pointerTo(CppType.VOID), 0x1234));
        assertThat(eval("@$proc->Pcb.DirectoryTableBase")).isEqualTo(CppValue.of(CppType.UNSIGNED_INT64, 0x1ad000));
        assertThat(eval("(*@$proc).Pcb.DirectoryTableBase").value()).isEqualTo(0x1ad000);
        assertThat(eval("@$proc->ImageFileName[1]")).isEqualTo(CppValue.of(CppType.UNSIGNED_CHAR, 'p'));
        CppValue name = eval("@$proc->ImageFileName");
        assertThat(name.type().name()).isEqualTo("unsigned char [15]");
        assertThat(name.address()).isEqualTo(eprocess + 0x5a8);
        assertThat(eval("&@$proc->ActiveProcessLinks")).isEqualTo(
                CppValue.of(CppType.pointerTo(CppType.of(FakeEnvironment.TYPES.struct("_LIST_ENTRY"))), eprocess + 0x448));
        assertThat(eval("#CONTAINING_RECORD(0xffffca8679a5b488, nt!_EPROCESS, ActiveProcessLinks)").value())
                .isEqualTo(eprocess);
        assertThat(eval("(unsigned char)@$proc->UniqueProcessId")).isEqualTo(CppValue.of(CppType.UNSIGNED_CHAR, 0x34));
        assertThat(eval("@$proc->UniqueProcessId == (void*)0x1234 ? 7 : 8")).isEqualTo(CppValue.of(CppType.INT, 7));
        assertThat(eval("&((nt!_EPROCESS*)0)->Token").value()).isEqualTo(0x4b8);   // the offsetof idiom reads nothing
        assertError("@$proc->Nope", "Couldn't resolve error at 'Nope'");
        assertError("@$proc->Pcb->Header", "Type conflict error at '->Header'");
        assertError("((nt!_EPROCESS*)0x1000)->UniqueProcessId", "Memory access error at '((nt!_EPROCESS*)0x1000)->UniqueProcessId'");
    }

    @Test
    void aHugeExpressionIsRefusedBeforeItIsParsed() {
        assertThatThrownBy(() -> eval("1" + "+1".repeat(5000))).isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("Too complex error at '1+1+1").hasMessageEndingWith("...'");
        assertThatThrownBy(() -> eval("-".repeat(5000) + "1")).hasMessageStartingWith("Too complex error at '-");
    }

    private void assertError(String expression, String message) {
        assertThatThrownBy(() -> eval(expression)).as(expression)
                .isInstanceOf(ExpressionException.class).hasMessage(message);
    }
}
