package dev.kdlab.debugger.breakpoints;

import dev.kdlab.debugger.Lkd;
import dev.kdlab.types.FieldSlot;
import dev.kdlab.types.TypeCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * .create, .kill, the breakpoint commands and !kdlab.trace on the default machine, through commands
 * only: a creation stopped at nt!PspInsertProcess has its EPROCESS and PEB in memory but no Cid and
 * no place in !process 0 0 yet; the trace lists the stages in Windows Internals' order and every
 * field it lists holds its last value in memory afterwards.
 */
class CreateFlowTest {
    private static final Pattern TRACE_LINE = Pattern.compile(
            "^ {4}([0-9a-f]{8})`([0-9a-f]{8}) (_\\w+)\\.(\\S+) (\\S+|\"[^\"]*\"|\\[[^]]*]) -> (.+)$");
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    @AfterEach
    void finishFlows() {
        lkd.run("bc *");
        for (int i = 0; i < 100 && lkd.run("g").stream().noneMatch(l -> l.contains("No runnable debuggees")); i++) {
            // let a stopped flow run to its end
        }
    }

    @Test
    void stopsAtPspInsertProcessWithTheProcessBuiltButNotYetVisible() {
        long routine = lkd.eval("nt!PspInsertProcess");
        lkd.run("bp nt!PspInsertProcess");
        List<String> hit = lkd.run(".create C:\\Windows\\System32\\notepad.exe");
        assertThat(hit.get(0)).isEqualTo("Breakpoint 0 hit");
        assertThat(hit.get(1)).isEqualTo("nt!PspInsertProcess:");
        assertThat(hit.get(2)).startsWith(String.format("%08x`%08x ", routine >>> 32, routine & 0xffffffffL));
        assertThat(hit).hasSize(3);

        long eprocess = newEprocess();
        assertThat(lkd.text("dt nt!_EPROCESS " + hex(eprocess) + " ImageFileName"))
                .contains("[15]  \"notepad.exe\"");
        assertThat(lkd.eval("poi(" + hex(eprocess) + "+@@c++(#FIELD_OFFSET(nt!_EPROCESS, UniqueProcessId)))"))
                .as("no Cid before PspInsertProcess").isZero();
        assertThat(lkd.eval("poi(" + hex(eprocess) + "+@@c++(#FIELD_OFFSET(nt!_EPROCESS, Peb)))"))
                .as("the PEB exists after MmCreatePeb").isNotZero();
        assertThat(lkd.text("!process 0 0")).doesNotContain("PROCESS " + Long.toHexString(eprocess));
        assertThat(lkd.text(".create notepad.exe")).contains("not possible while a flow is stopped");
        assertThat(callSites(lkd.run("k"))).as("k unwinds the creating thread's stack from memory").containsExactly(
                "nt!PspInsertProcess", "nt!PspAllocateProcess+", "nt!NtCreateUserProcess+",
                "nt!KiSystemServiceCopyEnd+0x25", "ntdll!NtCreateUserProcess+0x14", "explorer!wWinMain+",
                "explorer!__scrt_common_main_seh+", "KERNEL32!BaseThreadInitThunk+0x14", "ntdll!RtlUserThreadStart+");
        assertThat(lkd.text("!process -1 0")).as("@$proc is the creator").contains("Image: explorer.exe");
        assertThat(lkd.eval("@$ip")).isEqualTo(routine);

        List<String> end = lkd.run("g");
        assertThat(end.get(0)).isEqualTo("PROCESS " + Long.toHexString(eprocess));
        assertThat(lkd.text("!process 0 0")).contains("PROCESS " + Long.toHexString(eprocess));
        long pid = lkd.eval("poi(" + hex(eprocess) + "+@@c++(#FIELD_OFFSET(nt!_EPROCESS, UniqueProcessId)))");
        assertThat(pid).isNotZero();
        assertThat(end.get(1)).contains("Cid: " + String.format("%04x", pid));
    }

    @Test
    void thePebIsCreatedByMmCreatePebAndNotBefore() {
        lkd.run("bp nt!MmCreatePeb");
        assertThat(lkd.run(".create notepad.exe").get(1)).isEqualTo("nt!MmCreatePeb:");
        long eprocess = newEprocess();
        String peb = "poi(" + hex(eprocess) + "+@@c++(#FIELD_OFFSET(nt!_EPROCESS, Peb)))";
        assertThat(lkd.eval(peb)).isZero();
        assertThat(lkd.run("gu").get(0)).as("back in the caller, past its call").matches("nt!PspAllocateProcess\\+0x[0-9a-f]+:");
        assertThat(callSites(lkd.run("k")).get(0)).isEqualTo("nt!PspAllocateProcess+");
        assertThat(lkd.eval(peb)).isNotZero();
        assertThat(lkd.run("t").get(0)).as("the next routine entered").isEqualTo("nt!PspInsertProcess:");
        assertThat(lkd.run("p").get(0)).as("over PspInsertProcess to the next at its depth or above")
                .isEqualTo("nt!PspCreateThread:");
        assertThat(lkd.run("t").get(0)).isEqualTo("nt!PspAllocateThread:");
        assertThat(lkd.run("t").get(0)).isEqualTo("nt!KeInitThread:");
        assertThat(lkd.run("g").get(0)).startsWith("PROCESS ");
        assertThat(callSites(lkd.run("k")).get(0)).as("the debugger's own thread again").isEqualTo("nt!KdpCopyMemoryChunks+");
        assertThat(lkd.text("g")).isEqualTo("     ^ No runnable debuggees error in 'g'");
    }

    @Test
    void theTraceListsTheStagesInOrderAndEveryFieldHoldsItsValue() {
        List<String> created = lkd.run(".create C:\\Windows\\System32\\notepad.exe");
        long eprocess = Long.parseUnsignedLong(created.get(0).substring("PROCESS ".length()), 16);
        List<String> trace = lkd.run("!kdlab.trace");
        List<String> stages = new ArrayList<>();
        for (String line : trace) {
            Matcher header = Pattern.compile("^\\[(\\S+)] ").matcher(line);
            if (header.find() && !header.group(1).equals("-") && !stages.contains(header.group(1))) {
                stages.add(header.group(1));
            }
        }
        assertThat(stages).containsExactly("3A", "3B", "3C", "3D", "3E", "3F", "4", "7");
        assertThat(trace).contains("[3F] nt!PspInsertProcess", "[4] nt!KeStartThread", "[7] ntdll!LdrpLoadDll");

        List<Matcher> writes = new ArrayList<>();
        for (String line : trace) {
            Matcher m = TRACE_LINE.matcher(line);
            if (line.startsWith("    ")) {
                assertThat(m.matches()).as(line).isTrue();
                writes.add(m);
            }
        }
        assertThat(writes).hasSizeGreaterThan(300);
        lkd.run(".process /P " + hex(eprocess));   // the new process's user addresses (PEB, heap, loader data)
        TypeCatalog types = TypeCatalog.nt();
        int checked = 0;
        for (int i = 0; i < writes.size(); i++) {
            Matcher m = writes.get(i);
            if (overwritten(writes, i, types)) {
                continue;   // a later write of the flow changed these bits again: that one is checked
            }
            long address = Long.parseUnsignedLong(m.group(1) + m.group(2), 16);
            String value = m.group(6);
            if (value.startsWith("\"")) {
                assertThat(lkd.text("da " + hex(address))).as(m.group()).contains(value);
            } else if (value.startsWith("[")) {
                String bytes = value.substring(1, value.length() - 1).replace(" ...", "");
                assertThat(lkd.text("db " + hex(address) + " L" + Integer.toHexString(bytes.split(" ").length)))
                        .as(m.group()).contains(bytes.replace(" ", " ").substring(0, Math.min(bytes.length(), 23)));
            } else {
                FieldSlot slot = types.struct(m.group(3)).slot(m.group(4));
                long unit = lkd.eval(readExpression(address, slot.size()));
                long expected = value.equals("0") ? 0 : Long.parseUnsignedLong(value.substring(2).replace("`", ""), 16);
                assertThat(slot.extract(unit)).as(m.group()).isEqualTo(expected);
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(300);
        assertThat(lkd.text("!kdlab.trace " + hex(eprocess) + "+@@c++(#FIELD_OFFSET(nt!_EPROCESS, UniqueProcessId))"))
                .matches("(?s).*_EPROCESS\\.UniqueProcessId 0 -> 0x\\S+ written by nt!PspInsertProcess in stage 3F.*");
        lkd.run(".process /P 0");
    }

    /**
     * !kdlab.stages draws the steps !kdlab.trace heads, in the same order with the number of fields
     * each wrote (counted here from the trace's own lines), under their stage and the routine the stage
     * runs in; stopped at a breakpoint, the last line says where; ASCII and the HTML log keep the picture.
     */
    @Test
    void theStagesPictureDrawsTheTraceAndWhereTheFlowStands() throws java.io.IOException {
        lkd.run("bp nt!PspInsertProcess");
        lkd.run(".create C:\\Windows\\System32\\notepad.exe");
        List<String> steps = traceSteps(lkd.run("!kdlab.trace"));
        int fields = steps.stream().mapToInt(step -> Integer.parseInt(step.substring(step.lastIndexOf(' ') + 1))).sum();
        assertThat(steps).hasSize(9).startsWith("nt!PspSetupProcess 28");
        List<String> picture = lkd.run("!kdlab.stages");
        assertThat(picture.get(0)).isEqualTo("nt!NtCreateUserProcess: 9 steps, " + fields + " fields written");
        assertThat(picture.get(1)).isEqualTo("├─ nt!PspAllocateProcess");
        assertThat(picture.get(2)).isEqualTo("│  ├─ 3A  Setting up the EPROCESS object: "
                + stageFields(steps, 0, 5) + " fields written");
        assertThat(picture.get(3)).isEqualTo("│  │  ├─ nt!PspSetupProcess                      28 fields");
        assertThat(picture).contains("│  └─ 3E  Setting up the PEB: " + stageFields(steps, 8, 9) + " fields written",
                String.format("│     └─ %-36s %5s fields", "nt!MmCreatePeb", steps.get(8).split(" ")[1]));
        assertThat(picture.get(picture.size() - 1)).isEqualTo("└─ ▶ stopped at the entry of nt!PspInsertProcess "
                + "(called from nt!NtCreateUserProcess > nt!PspAllocateProcess)");
        assertThat(pictureSteps(picture)).as("one line per step of !kdlab.trace, in its order").isEqualTo(steps);

        lkd.debugger().session().setGlyphs(dev.kdlab.debugger.pictures.Glyphs.ASCII);
        List<String> ascii = lkd.run("!kdlab.stages");
        lkd.debugger().session().setGlyphs(dev.kdlab.debugger.pictures.Glyphs.UNICODE);
        assertThat(ascii.get(3)).isEqualTo("|  |  |- nt!PspSetupProcess                      28 fields");
        assertThat(ascii.get(ascii.size() - 1)).startsWith("`- > stopped at the entry of nt!PspInsertProcess ");

        lkd.run("bc *");
        lkd.run("g");
        java.nio.file.Path page = java.nio.file.Files.createTempDirectory("kdlab-stages").resolve("stages.html");
        lkd.workIn(page.getParent()).run(".logopen /html stages.html");
        List<String> finished = lkd.run("!kdlab.stages");
        lkd.run(".logclose");
        steps = traceSteps(lkd.run("!kdlab.trace"));
        assertThat(pictureSteps(finished)).isEqualTo(steps);
        assertThat(finished).contains("│  └─ 3F  Completing the setup of the executive process object: "
                + stageFields(steps, 9, 10) + " fields written", "├─ nt!PspCreateThread",
                "└─ ntdll!LdrInitializeThunk (the new process's initial thread)");
        assertThat(finished.get(finished.size() - 1)).startsWith("      └─ ntdll!LdrInitializeThunk ");
        assertThat(java.nio.file.Files.readString(page, java.nio.charset.StandardCharsets.UTF_8))
                .contains("│  │  ├─ <span class=\"symbol\">nt!PspSetupProcess</span>                      28 fields",
                        "├─ <span class=\"symbol\">nt!PspCreateThread</span>");
        java.nio.file.Files.delete(page);
        java.nio.file.Files.delete(page.getParent());
    }

    /** "routine fields" for each "[stage] routine" heading of !kdlab.trace, fields counted from its lines. */
    private static List<String> traceSteps(List<String> trace) {
        List<String> steps = new ArrayList<>();
        String routine = null;
        int count = 0;
        for (String line : trace) {
            if (line.startsWith("[")) {
                if (routine != null) {
                    steps.add(routine + " " + count);
                }
                routine = line.substring(line.indexOf("] ") + 2);
                count = 0;
            } else if (line.startsWith("    ")) {
                count++;
            }
        }
        steps.add(routine + " " + count);
        return steps;
    }

    private static List<String> pictureSteps(List<String> picture) {
        List<String> steps = new ArrayList<>();
        Pattern step = Pattern.compile("^[│ ]*[├└]─ (\\S+!\\S+) +(\\d+) fields?$");
        for (String line : picture) {
            Matcher m = step.matcher(line);
            if (m.matches()) {
                steps.add(m.group(1) + " " + m.group(2));
            }
        }
        return steps;
    }

    private static int stageFields(List<String> steps, int from, int to) {
        return steps.subList(from, to).stream().mapToInt(step -> Integer.parseInt(step.substring(step.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void validationFailsBeforeAnythingIsAllocated() {
        int processes = processCount();
        assertThat(lkd.text(".create C:\\Windows\\System32\\nosuch.exe"))
                .isEqualTo("Unable to create process 'C:\\Windows\\System32\\nosuch.exe': (NTSTATUS) 0xc0000034 - "
                        + "Object Name not found.");
        assertThat(lkd.text(".create /p 0n999999 notepad.exe"))
                .isEqualTo("Unable to create process 'notepad.exe': (NTSTATUS) 0xc000000b - "
                        + "An invalid Client ID was specified.");
        assertThat(lkd.text(".create /p 4 notepad.exe"))
                .startsWith("Unable to create process 'notepad.exe': (NTSTATUS) 0xc0000022 - {Access Denied}");
        assertThat(lkd.text(".kill 4")).contains("(NTSTATUS) 0xc0000022");
        assertThat(processCount()).as("nothing half left").isEqualTo(processes);
        assertThat(lkd.text("!kdlab.trace")).doesNotContain("nosuch");
    }

    @Test
    void breakpointTableFormatsPassCountsOneShotsAndCommands() {
        long insert = lkd.eval("nt!PspInsertProcess");
        lkd.run("bp nt!PspInsertProcess \".echo inserting; g\"");
        lkd.run("bp /1 nt!PspCreateThread");
        lkd.run("bp ntdll!LdrpLoadDll 3");
        List<String> list = lkd.run("bl");
        assertThat(list.get(0)).isEqualTo(String.format(
                "     0 e Disable Clear  %08x`%08x     0001 (0001) nt!PspInsertProcess \".echo inserting; g\"",
                insert >>> 32, insert & 0xffffffffL));
        assertThat(list.get(1)).matches("     1 e Disable Clear  [0-9a-f]{8}`[0-9a-f]{8}     0001 \\(0001\\) nt!PspCreateThread");
        assertThat(list.get(2)).matches("     2 e Disable Clear  [0-9a-f]{8}`[0-9a-f]{8}     0003 \\(0003\\) ntdll!LdrpLoadDll");
        lkd.run("bd 1");
        assertThat(lkd.run("bl").get(1)).startsWith("     1 d Enable Clear  ");
        lkd.run("be 1");

        List<String> run = lkd.run(".create notepad.exe");
        assertThat(run.subList(0, 4)).containsExactly("Breakpoint 0 hit", "nt!PspInsertProcess:", run.get(2), "inserting");
        assertThat(run.get(4)).isEqualTo("Breakpoint 1 hit");
        assertThat(lkd.run("bl")).as("/1 clears itself at its hit").hasSize(2);
        List<String> third = lkd.run("g");
        assertThat(third.subList(0, 2)).containsExactly("Breakpoint 2 hit", "ntdll!LdrpLoadDll:");
        assertThat(lkd.run("bl").get(1)).contains("     0001 (0003) ntdll!LdrpLoadDll");
        assertThat(lkd.run("g").get(0)).as("after its pass count it breaks every pass").isEqualTo("Breakpoint 2 hit");
        lkd.run("bc 0-2");
        assertThat(lkd.run("bl")).isEmpty();
        assertThat(lkd.run("g").get(0)).startsWith("PROCESS ");

        List<String> matched = lkd.run("bm nt!PspInsert*");
        assertThat(matched).hasSize(2).allMatch(l -> l.matches(" {2}\\d: [0-9a-f]{8}`[0-9a-f]{8} @!\"nt!PspInsert\\w+\""));
    }

    @Test
    void killTerminatesTheThreadsAndLeavesAZombieWhileHandlesHoldIt() {
        List<String> created = lkd.run(".create notepad.exe");
        long eprocess = Long.parseUnsignedLong(created.get(0).substring("PROCESS ".length()), 16);
        String process = "PROCESS " + Long.toHexString(eprocess);
        long pid = lkd.eval("poi(" + hex(eprocess) + "+@@c++(#FIELD_OFFSET(nt!_EPROCESS, UniqueProcessId)))");
        long thread = lkd.eval("poi(" + hex(eprocess) + "+@@c++(#FIELD_OFFSET(nt!_EPROCESS, ThreadListHead)))"
                + "-@@c++(#FIELD_OFFSET(nt!_ETHREAD, ThreadListEntry))");
        lkd.run("bp nt!PspExitProcess");
        assertThat(lkd.run(".kill " + Long.toHexString(pid)).subList(0, 2))
                .containsExactly("Breakpoint 0 hit", "nt!PspExitProcess:");
        assertThat(callSites(lkd.run("k")).subList(0, 4)).as("the debugger's thread runs the exit").containsExactly(
                "nt!PspExitProcess", "nt!PspTerminateProcess+", "nt!NtTerminateProcess+", "nt!KiSystemServiceCopyEnd+0x25");
        assertThat(lkd.text("dt nt!_ETHREAD " + hex(thread) + " Tcb.State")).contains("State     : 0x4");
        assertThat(lkd.eval("poi(" + hex(thread) + "+@@c++(#FIELD_OFFSET(nt!_ETHREAD, ExitTime)))")).isNotZero();
        lkd.run("g");
        // explorer (its creator) and csrss hold handles to it: PspProcessDelete waits, the zombie stays listed
        // with no handle table of its own, as on Windows (transcripts 6.5)
        List<String> listing = lkd.run("!process 0 0 notepad.exe");
        int at = listing.indexOf(process);
        assertThat(at).isNotNegative();
        assertThat(listing.get(at + 2)).contains("ObjectTable: 00000000");
        assertThat(lkd.eval("poi(" + hex(eprocess) + "+@@c++(#FIELD_OFFSET(nt!_EPROCESS, ExitTime)))")).isNotZero();
        assertThat(lkd.eval("dwo(" + hex(eprocess) + "+@@c++(#FIELD_OFFSET(nt!_EPROCESS, ExitStatus)))")).isEqualTo(1);
        assertThat(lkd.text("!kdlab.trace")).contains("[exit] nt!PspExitThread", "[exit] nt!PspExitProcess")
                .doesNotContain("PspProcessDelete");
        assertThat(lkd.text(".kill " + Long.toHexString(pid))).contains("0xc000000b");
    }

    /** The call sites of a k listing, offsets cut to {@code +} where they depend on generated code. */
    private static List<String> callSites(List<String> stack) {
        List<String> sites = new ArrayList<>();
        for (String line : stack.subList(1, stack.size())) {
            String site = line.substring(line.lastIndexOf(' ') + 1);
            sites.add(site.matches(".*\\+0x(25|14)$") ? site : site.replaceAll("\\+0x[0-9a-f]+$", "+"));
        }
        return sites;
    }

    /** True when a later write of the trace covers bits this one wrote. */
    private static boolean overwritten(List<Matcher> writes, int index, TypeCatalog types) {
        long[] mine = span(writes.get(index), types);
        for (int j = index + 1; j < writes.size(); j++) {
            long[] later = span(writes.get(j), types);
            boolean bytesOverlap = mine[0] < later[0] + later[1] && later[0] < mine[0] + mine[1];
            boolean sameUnitDisjointBits = mine[0] == later[0] && mine[1] == later[1] && (mine[2] & later[2]) == 0;
            if (bytesOverlap && !sameUnitDisjointBits) {
                return true;
            }
        }
        return false;
    }

    /** Address, size and the bits (in the unit) a trace line wrote. */
    private static long[] span(Matcher m, TypeCatalog types) {
        long address = Long.parseUnsignedLong(m.group(1) + m.group(2), 16);
        String value = m.group(5);
        if (value.startsWith("\"") || value.startsWith("[")) {
            return new long[] {address, 16, -1};
        }
        FieldSlot slot = types.struct(m.group(3)).slot(m.group(4));
        return new long[] {address, slot.size(), slot.mask() << slot.bitPosition()};
    }

    /** The EPROCESS the flow is building: where its first field written sits, less that field's offset. */
    private static long newEprocess() {
        for (String line : lkd.run("!kdlab.trace")) {
            Matcher m = TRACE_LINE.matcher(line);
            if (m.matches() && m.group(3).equals("_EPROCESS")) {
                long address = Long.parseUnsignedLong(m.group(1) + m.group(2), 16);
                return address - TypeCatalog.nt().struct("_EPROCESS").slot(m.group(4)).offset();
            }
        }
        throw new AssertionError("no EPROCESS in the trace");
    }

    private static String readExpression(long address, int size) {
        return switch (size) {
            case 1 -> "by(" + hex(address) + ")";
            case 2 -> "wo(" + hex(address) + ")";
            case 4 -> "dwo(" + hex(address) + ")";
            default -> "qwo(" + hex(address) + ")";
        };
    }

    private static int processCount() {
        return (int) lkd.run("!process 0 0").stream().filter(l -> l.startsWith("PROCESS ")).count();
    }

    private static String hex(long value) {
        return String.format("%08x`%08x", value >>> 32, value & 0xffffffffL);
    }
}
