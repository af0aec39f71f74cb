package dev.kdlab.debugger.commands.session;

import dev.kdlab.debugger.Lkd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** r with pseudo-registers, .echo, .printf, n and .expr, checked against ?, dt and dq on the default machine. */
class ScriptOutputCommandsTest {
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    @AfterEach
    void defaults() {
        lkd.run("n 16; .expr /s masm");
    }

    private static String backtick(long v) {
        return String.format("%08x`%08x", v >>> 32, v & 0xffffffffL);
    }

    @Test
    void userPseudoRegistersHoldWhatRSetsAndReadWithOrWithoutTheAt() {
        assertThat(lkd.run("r $t0 = 7; r @$t1 = @$t0 * 2 + 1, $t19 = poi(nt!PsActiveProcessHead)")).isEmpty();
        assertThat(lkd.run("r $t0, $t1")).containsExactly("$t0=0000000000000007", "$t1=000000000000000f");
        assertThat(lkd.eval("$t19")).isEqualTo(lkd.eval("poi(nt!PsActiveProcessHead)"));
        assertThat(lkd.run("r $t20 = 1")).containsExactly("Bad register error at '$t20'");
        assertThat(lkd.run("r rax = 1")).containsExactly("Register rax can't be set in a local kernel session");
        assertThat(lkd.run("r $t0 1")).last().asString().endsWith("^ Syntax error in 'r $t0 1'");
    }

    @Test
    void theQuestionMarkLeavesItsValueInExp() {
        lkd.run("? 0x1234 + 1");
        assertThat(lkd.eval("@$exp")).isEqualTo(0x1235);
    }

    @Test
    void typedPseudoRegistersKeepTheirCppType() {
        lkd.run("r? $t2 = (nt!_EPROCESS*)@$proc");
        assertThat(lkd.run("?? @$t2->ImageFileName")).hasSize(1).allMatch(l -> l.endsWith("  \"kd.exe\""));
        assertThat(lkd.eval("@$t2")).isEqualTo(lkd.eval("@$proc"));
        assertThat(lkd.run("r? $t2").get(0)).isEqualTo("struct _EPROCESS * 0x" + backtick(lkd.eval("@$proc")));
        lkd.run("r $t2 = 5");
        assertThat(lkd.run("r? $t2")).containsExactly("unsigned int64 5");
    }

    @Test
    void echoPrintsItsTextAndQuotesKeepSemicolons() {
        assertThat(lkd.run(".echo Hello world; .echo \"a;b\"; .echo")).containsExactly("Hello world", "a;b", "");
    }

    @Test
    void printfFormatsNumbersStringsAndSymbolsFromTheBytes() {
        long proc = lkd.eval("@$proc");
        long pid = lkd.eval("poi(@$proc+0x440)");
        assertThat(lkd.run(".printf \"%p %N|%x|%08X|%d|%u|%I64x|%%\\n\", @$proc, @$proc, 0n255, 0n255, -1, -1, @$proc"))
                .containsExactly(String.format("%016x %016x|ff|000000FF|-1|4294967295|%x|%%", proc, proc, proc));
        assertThat(lkd.run(".printf \"%ma pid %d\\n\", @$proc+0x5a8, poi(@$proc+0x440)"))
                .containsExactly("kd.exe pid " + pid);
        long peb = lkd.eval("@$peb");
        String imagePath = lkd.run("dt nt!_RTL_USER_PROCESS_PARAMETERS poi(@$peb+0x20) ImagePathName").get(0)
                .replaceAll(".*_UNICODE_STRING \"(.*)\"$", "$1");
        assertThat(lkd.run(".printf \"[%msu]\\n\", poi(@$peb+0x20)+0x60")).containsExactly("[" + imagePath + "]");
        assertThat(lkd.run(".printf \"[%mu]\\n\", poi(poi(@$peb+0x20)+0x68)")).containsExactly("[" + imagePath + "]");
        long bugcheck = lkd.eval("nt!KeBugCheckEx");
        assertThat(lkd.run(".printf \"%y|%y\\n\", nt!KeBugCheckEx, nt!KeBugCheckEx+0x10")).containsExactly(
                "nt!KeBugCheckEx (" + backtick(bugcheck) + ")|nt!KeBugCheckEx+0x10 (" + backtick(bugcheck + 0x10) + ")");
        assertThat(lkd.run(".printf \"%-6s|%5d|%c\\n\", \"ab\", 0n42, 0x41")).containsExactly("ab    |   42|A");
        assertThat(lkd.run(".printf /D \"<b>bold</b> &lt;%d&gt;\\n\", 3")).containsExactly("bold <3>");
        assertThat(lkd.run(".printf \"%ma\\n\", 0")).containsExactly("Memory access error at '00000000`00000000'");
        assertThat(lkd.run(".printf \"%d %d\\n\", 1")).containsExactly("Not enough arguments for format string");
        assertThat(peb).isNotZero();
    }

    @Test
    void radixChangesHowBareNumbersRead() {
        assertThat(lkd.run("n")).containsExactly("base is 16");
        lkd.run("n 10");
        assertThat(lkd.eval("10")).isEqualTo(10);
        assertThat(lkd.eval("0x10")).isEqualTo(16);
        assertThat(lkd.eval("10h")).isEqualTo(16);
        assertThat(lkd.run("? ff")).containsExactly("Couldn't resolve error at 'ff'");
        assertThat(lkd.run("n 7")).containsExactly("Invalid radix '7': 8, 10 or 16");
    }

    @Test
    void exprChoosesTheEvaluatorOfArgumentsAndConditions() {
        assertThat(lkd.run(".expr")).containsExactly("Current expression evaluator: MASM - Microsoft Assembler expressions");
        assertThat(lkd.run(".expr /s c++")).containsExactly("Current expression evaluator: C++ - C++ source expressions");
        assertThat(lkd.run("dq &@$proc->UniqueProcessId L1")).isEqualTo(lkd.run("dq @@masm(@$proc+0x440) L1"));
        assertThat(lkd.run(".if (@$proc->UniqueProcessId != 0) { .echo yes }")).containsExactly("yes");
        lkd.run(".expr /s masm");
        assertThat(lkd.run("dq @$proc+0x440 L1")).isEqualTo(lkd.run("dq @@c++(&@$proc->UniqueProcessId) L1"));
        assertThat(lkd.run(".expr /q")).containsExactly("Available expression evaluators:",
                "MASM - Microsoft Assembler expressions", "C++ - C++ source expressions", "",
                "Current expression evaluator: MASM - Microsoft Assembler expressions");
    }

    @Test
    void masmStringFunctionsCharactersAndImageEntries() {
        assertThat(lkd.eval("$scmp(\"abc\", \"abd\")")).isEqualTo(-1);
        assertThat(lkd.eval("$sicmp(\"ABC\", \"abc\")")).isZero();
        assertThat(lkd.eval("$spat(\"notepad.exe\", \"NOTE*.exe\")")).isEqualTo(1);
        // the docs' example: "\n" in "c:\dir\name.txt" is a line feed, so *name* does not match
        assertThat(lkd.eval("$spat(\"c:\\dir\\name.txt\", \"*name*\")")).isZero();
        assertThat(lkd.eval("'A'")).isEqualTo(0x41);
        assertThat(lkd.eval("'MZ'")).isEqualTo(0x4d5a);
        long base = lkd.eval("nt");
        long entry = base + lkd.eval("dwo(nt + dwo(nt+0x3c) + 0x28)");
        assertThat(lkd.eval("$iment(nt)")).isEqualTo(entry);
        String physical = lkd.run("!dq @cr3+0x800 L1").get(0);   // "#  1ad800 00000000`0123f063"
        assertThat(lkd.eval("$pqwo(@cr3+0x800)"))
                .isEqualTo(Long.parseUnsignedLong(physical.substring(physical.lastIndexOf(' ') + 1).replace("`", ""), 16));
        assertThat(lkd.eval("$pby(@cr3+0x800)")).isEqualTo(lkd.eval("$pqwo(@cr3+0x800)") & 0xff);
        assertThat(lkd.run("? $nope(1)")).containsExactly("Bad register error at '$nope(1)'");
    }
}
