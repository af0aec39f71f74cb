package dev.kdlab.debugger.commands.expressions;

import dev.kdlab.debugger.Lkd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ?? and the type macros of ? on the default machine, cross-checked with dt and the catalog's offsets. */
class CppEvaluateCommandTest {
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    @Test
    void theIssuesThreeForms() {
        assertThat(lkd.run("?? sizeof(nt!_EPROCESS)")).containsExactly("unsigned int64 0xa40");
        assertThat(lkd.run("?? #FIELD_OFFSET(nt!_EPROCESS, Token)")).containsExactly("long 0n1208");
        assertThat(lkd.run("?? 1+2")).containsExactly("int 0n3");
    }

    @Test
    void valuesAreSpelledAsDtSpellsThem() {
        assertThat(lkd.run("?? sizeof(nt!_OBJECT_HEADER)")).containsExactly("unsigned int64 0x38");   // lkd transcript
        assertThat(lkd.run("?? sizeof(ntdll!_LIST_ENTRY) / 4")).containsExactly("unsigned int64 4");
        assertThat(lkd.run("?? -5")).containsExactly("int 0n-5");
        assertThat(lkd.run("?? 2 > 1")).containsExactly("bool true");
        assertThat(lkd.run("?? @$ptrsize")).containsExactly("unsigned int64 8");
    }

    @Test
    void theOffsetAgreesWithDt() {
        String line = lkd.run("dt nt!_KTHREAD ApcState.Process").get(1);
        long offset = Long.parseLong(line.substring(line.indexOf("+0x") + 3, line.indexOf(' ', line.indexOf("+0x"))), 16);
        assertThat(lkd.run("?? #FIELD_OFFSET(nt!_KTHREAD, ApcState.Process)"))
                .containsExactly("long 0n" + (0x98 + offset));
        assertThat(lkd.eval("#FIELD_OFFSET(nt!_KTHREAD, ApcState.Process)")).isEqualTo(0x98 + offset);
        assertThat(lkd.eval("sizeof(nt!_EPROCESS)")).isEqualTo(0xa40);
    }

    @Test
    void procIsTheImplicitEprocessShownAsDtShowsIt() {
        long proc = lkd.eval("@$proc");
        List<String> lines = lkd.run("?? @$proc");
        assertThat(lines.get(0)).isEqualTo(String.format("struct _EPROCESS * 0x%08x`%08x", proc >>> 32, proc & 0xffffffffL));
        assertThat(lines.subList(1, lines.size())).isEqualTo(lkd.run("dt nt!_EPROCESS @$proc"));
        assertThat(lines).contains("   +0x5a8 ImageFileName    : [15]  \"kd.exe\"");
    }

    @Test
    void membersArraysAndStructuresReadThroughTheLayoutAsDtShowsThem() {
        long proc = lkd.eval("@$proc");
        long names = proc + 0x5a8;
        assertThat(lkd.run("?? @$proc->ImageFileName")).containsExactly(
                String.format("unsigned char [15] 0x%08x`%08x  \"kd.exe\"", names >>> 32, names & 0xffffffffL));
        assertThat(lkd.run("?? @$proc->UniqueProcessId")).containsExactly(
                "void * " + lkd.run("dt nt!_EPROCESS @$proc UniqueProcessId").get(0).split(" : ")[1].replace(" Void", ""));
        List<String> links = lkd.run("?? @$proc->ActiveProcessLinks");
        assertThat(links.get(0)).isEqualTo("struct _LIST_ENTRY");
        assertThat(links.subList(1, links.size())).isEqualTo(lkd.run("dt nt!_LIST_ENTRY @$proc+0x448"));
        assertThat(lkd.run("?? ((nt!_EPROCESS*)@$proc)->Pcb.DirectoryTableBase")).containsExactly(
                "unsigned int64 " + lkd.run("dt nt!_EPROCESS @$proc Pcb.DirectoryTableBase").get(1).split(" : ")[1]);
        assertThat(lkd.run("r? $t5 = @$proc->Peb; ?? @$t5->ImageBaseAddress")).hasSize(1)
                .allMatch(line -> line.startsWith("void * 0x00007ff"));
    }

    @Test
    void unsupportedInputGetsTheEvaluatorsErrorLine() {
        // transcripts 7: "da @@(((char **)@@(nt!IrpMajorNames))[67)" -> "Unexpected token ')'"
        assertThat(lkd.run("?? da[1])")).containsExactly("Unexpected token ')'");
        assertThat(lkd.lastSucceeded()).isFalse();
        assertThat(lkd.run("?? sizeof(nt!_NOPE)")).containsExactly("Couldn't resolve error at 'nt!_NOPE)'");
        assertThat(lkd.run("??")).containsExactly("Syntax error at ''");
    }
}
