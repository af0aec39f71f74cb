package dev.kdlab.debugger.completion;

import dev.kdlab.debugger.Debugger;
import dev.kdlab.debugger.Lkd;
import dev.kdlab.exercises.ExerciseSession;
import dev.kdlab.exercises.Exercises;
import dev.kdlab.exercises.ProgressStore;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tab completion on the default machine, through the same table and machine the commands use. */
class CompleterTest {
    private static final Lkd LKD = new Lkd();
    private static final Debugger DEBUGGER = new Debugger(LKD.target(), new PrintStream(OutputStream.nullOutputStream()));
    private static final Completer COMPLETER = DEBUGGER.completer();

    private static List<String> values(String line) {
        return COMPLETER.complete(line, line.length()).candidates().stream().map(Candidate::value).toList();
    }

    private static Candidate only(String line) {
        List<Candidate> candidates = COMPLETER.complete(line, line.length()).candidates();
        assertThat(candidates).as(line).hasSize(1);
        return candidates.get(0);
    }

    @Test
    void commandNamesComeFromTheTable() {
        assertThat(values("!pe")).containsExactly("!peb");
        assertThat(values("!pr")).containsExactly("!prcb", "!process");
        assertThat(values(".pro")).containsExactly(".process");
        assertThat(values("vert")).containsExactly("vertarget");
        assertThat(only("!pe").description()).isEqualTo("Show the implicit process's PEB and loader lists");
        assertThat(values("zz")).isEmpty();
    }

    @Test
    void typeNamesWithAndWithoutTheirModule() {
        Completion completion = COMPLETER.complete("dt nt!_EPRO", 11);
        assertThat(completion.start()).isEqualTo(3);
        assertThat(completion.candidates()).extracting(Candidate::value).containsExactly("nt!_EPROCESS", "nt!_EPROCESS_VALUES");
        assertThat(values("dt _KTHR")).containsExactly("_KTHREAD", "_KTHREAD_COUNTERS", "_KTHREAD_STATE");
        assertThat(values("dt nt!_eprocess_v")).containsExactly("nt!_EPROCESS_VALUES");
        assertThat(values("dt -r1 ntdll!_PEB_L")).containsExactly("ntdll!_PEB_LDR_DATA");
        assertThat(values("dt nt")).contains("nt!", "ntdll!", "ntkrnlmp!");
    }

    @Test
    void fieldsOfTheTypeNestedAfterADot() {
        Candidate directory = only("dt nt!_EPROCESS Pcb.Dir");
        assertThat(directory.value()).isEqualTo("Pcb.DirectoryTableBase");
        assertThat(directory.complete()).isTrue();
        Candidate pcb = only("dt nt!_EPROCESS Pc");
        assertThat(pcb.value()).isEqualTo("Pcb");
        assertThat(pcb.complete()).as("an embedded structure: a '.' may follow").isFalse();
        assertThat(values("dt nt!_EPROCESS @$proc ImageFileN")).containsExactly("ImageFileName");
        assertThat(values("dt nt!_EPROCESS -y ActiveProcessLinks.F")).containsExactly("ActiveProcessLinks.Flink");
        // members of anonymous members are the type's own, as dt finds them
        assertThat(values("dt nt!_EPROCESS ControlFlowGuardEn")).containsExactly("ControlFlowGuardEnabled");
    }

    @Test
    void symbolsAfterTheirModuleInsideExpressions() {
        assertThat(values("? nt!PsActive")).containsExactly("nt!PsActiveProcessHead");
        assertThat(values("dq poi(nt!PsInit")).containsExactly("poi(nt!PsInitialSystemProcess");
        assertThat(values("x nt!KiSw")).containsExactly("nt!KiSwapContext", "nt!KiSwapThread");
        assertThat(values("? ntd")).containsExactly("ntdll!");
        assertThat(values("? @$pr")).containsExactly("@$proc", "@$prcb");
        assertThat(values("?? sizeof(nt!_KPRC")).containsExactly("sizeof(nt!_KPRCB", "sizeof(nt!_KPRCBFLAG");
        assertThat(values("db 1234")).isEmpty();
    }

    @Test
    void processesByAddressOrImageName() {
        long notepad = LKD.processAddress("notepad.exe");
        Candidate byName = only(".process /p note");
        assertThat(byName.value()).isEqualTo(Long.toHexString(notepad));
        assertThat(byName.description()).startsWith("notepad.exe  Cid ");
        assertThat(values(".process " + Long.toHexString(notepad).substring(0, 12)))
                .contains(Long.toHexString(notepad));
        assertThat(values("!process 0 0 note")).containsExactly("notepad.exe");
        assertThat(values("!process 0 0 svc")).containsExactly("svchost.exe");
    }

    @Test
    void threadsOfTheImplicitProcess() {
        String implicitThread = Long.toHexString(LKD.eval("@$thread"));
        assertThat(values(".thread ")).contains(implicitThread);
        assertThat(values("!thread " + implicitThread.substring(0, 10))).contains(implicitThread);
    }

    @Test
    void optionsKeywordsRegistersFilesAndCommands() {
        assertThat(values("dt -")).contains("-b", "-r", "-y", "-l", "-v");
        assertThat(values(".process /")).containsExactly("/i", "/p", "/r", "/P");
        assertThat(values("lm m nto")).containsExactly("ntosext");
        assertThat(values("r ra")).containsExactly("rax");
        assertThat(values(".isf src/ma")).containsExactly("src/main/");
        assertThat(values(".help !pr")).containsExactly("!prcb", "!process");
    }

    @Test
    void onlyTheCommandUnderTheCursorCounts() {
        Completion completion = COMPLETER.complete(".process 0; dt nt!_KPRO", 23);
        assertThat(completion.start()).isEqualTo(15);
        assertThat(completion.candidates()).extracting(Candidate::value).contains("nt!_KPROCESS");
        assertThat(values(".process 0; !pe")).containsExactly("!peb");
    }

    /**
     * Exercise ids come from the catalogue, which lives above the debugger and hands them to the
     * table when the exercise commands are installed; a debugger without them offers none.
     */
    @Test
    void exerciseIdsAfterExerciseStart() {
        Debugger practice = new Debugger(LKD.target(), new PrintStream(OutputStream.nullOutputStream()));
        ExerciseSession.install(practice, Exercises::catalog, new ProgressStore(Path.of("target", "completion-progress"),
                Clock.systemUTC()), (seed, anomaly) -> {
                    throw new UnsupportedOperationException("no machine is booted here");
                }, 0);
        Completer completer = practice.completer();
        Completion ids = completer.complete(".exercise start l1-p", 20);
        assertThat(ids.start()).isEqualTo(16);
        assertThat(ids.candidates()).extracting(Candidate::value).containsExactly("l1-pid-by-name");
        assertThat(ids.candidates().get(0).description()).isEqualTo("A process's PID");
        assertThat(completer.complete(".exercise start l3-cr", 21).candidates()).extracting(Candidate::value)
                .containsExactly("l3-creation-before-insert");
        assertThat(completer.complete(".exercise start ", 16).candidates()).extracting(Candidate::value)
                .hasSize(Exercises.catalog().all().size()).startsWith(Exercises.catalog().all().get(0).id());
        assertThat(completer.complete(".exercise st", 12).candidates()).extracting(Candidate::value)
                .containsExactly("start", "status");
        assertThat(values(".exercise start l1-p")).as("no exercise commands, no ids").isEmpty();
    }

    /** Script commands take their file against their name ($$<FileName); the file completes from there. */
    @Test
    void aFileWrittenAgainstTheCommandsName() {
        dev.kdlab.debugger.CommandRegistry table = new dev.kdlab.debugger.CommandRegistry()
                .register(dev.kdlab.debugger.CommandSpec.of("$$<", "$$<FileName", "Run a script file", invocation -> { }))
                .register(dev.kdlab.debugger.CommandSpec.of("$$>a<", "$$>a<FileName [Arg1 Arg2 ...]", "Run a script file with arguments",
                        invocation -> { }));
        Completer scripts = new Completer(table, DEBUGGER.session());
        assertThat(scripts.complete("$$<src/ma", 9).candidates()).extracting(Candidate::value).containsExactly("$$<src/main/");
        assertThat(scripts.complete("$$>a<po", 7).candidates()).extracting(Candidate::value).containsExactly("$$>a<pom.xml");
        assertThat(scripts.complete("$$", 2).candidates()).extracting(Candidate::value).containsExactly("$$<", "$$>a<");
    }
}
