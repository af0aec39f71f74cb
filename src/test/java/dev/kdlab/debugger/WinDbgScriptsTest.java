package dev.kdlab.debugger;

import dev.kdlab.memory.MemoryAccessException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scripts in the styles found in books and on the web (src/test/resources/dev/kdlab/scripts), run unchanged
 * with $$>< and $$>a<, their values checked against dt, dq and the bytes read by hand (TargetBytes).
 */
class WinDbgScriptsTest {
    private static final List<String> SCRIPTS = List.of("pslist.wds", "images.wds", "tokenpriv.wds", "modules.wds",
            "objtypes.wds", "cid.wds", "broken.wds");

    @TempDir
    static Path scripts;
    private static Lkd lkd;
    private static TargetBytes bytes;

    @BeforeAll
    static void boot() throws IOException {
        for (String name : SCRIPTS) {
            try (InputStream in = WinDbgScriptsTest.class.getResourceAsStream("/dev/kdlab/scripts/" + name)) {
                Files.write(scripts.resolve(name), in.readAllBytes());
            }
        }
        lkd = new Lkd().workIn(scripts);
        bytes = new TargetBytes(lkd.target());
    }

    private static String hex(long v) {
        return String.format("%016x", v);
    }

    @Test
    void aProcessListWalkWithWhilePoiAndPrintfPrintsWhatTheListHolds() throws MemoryAccessException {
        List<String> lines = lkd.run("$$><pslist.wds");
        List<Long> processes = bytes.processes();
        assertThat(lines).hasSize(processes.size() + 1);
        for (int i = 0; i < processes.size(); i++) {
            long eprocess = processes.get(i);
            long pid = bytes.read(eprocess, TargetBytes.EPROCESS, "UniqueProcessId");
            assertThat(lines.get(i)).isEqualTo(String.format("%s %5d %s", hex(eprocess), pid, bytes.imageName(eprocess)));
            // and dt agrees
            assertThat(lkd.run("dt nt!_EPROCESS " + Long.toHexString(eprocess) + " ImageFileName").get(0))
                    .endsWith("\"" + bytes.imageName(eprocess) + "\"");
        }
        assertThat(lines.get(processes.size())).isEqualTo(processes.size() + " processes");
        assertThat(lkd.eval("@$t9")).isEqualTo(processes.size());
    }

    @Test
    void aForeachOverTheTokensOfProcessZeroZeroVisitsEveryProcess() throws MemoryAccessException {
        List<String> lines = lkd.run("$$><images.wds");
        List<Long> processes = bytes.processes();
        List<String> expected = new ArrayList<>();
        for (long eprocess : processes) {
            expected.add("   +0x5a8 ImageFileName : [15]  \"" + bytes.imageName(eprocess) + "\"");
        }
        assertThat(lines).isEqualTo(expected);
    }

    @Test
    void aScriptWithAnEprocessArgumentPrintsThenEnablesTheTokensPrivileges() throws MemoryAccessException {
        long notepad = lkd.processAddress("notepad.exe");
        long token = bytes.read(notepad, TargetBytes.EPROCESS, "Token") & ~0xfL;
        long privileges = token + TargetBytes.TYPES.struct("_TOKEN").offsetOf("Privileges");
        long present = bytes.kernel().readLong(privileges);
        long enabled = bytes.kernel().readLong(privileges + 8);
        long byDefault = bytes.kernel().readLong(privileges + 16);
        assertThat(enabled).isNotEqualTo(present);   // a user's token has privileges it has not enabled

        List<String> lines = lkd.run("$$>a< tokenpriv.wds " + Long.toHexString(notepad));
        assertThat(lines).containsExactly(
                "Process " + hex(notepad) + " notepad.exe token " + hex(token),
                "Present  " + hex(present), "Enabled  " + hex(enabled), "Default  " + hex(byDefault),
                "Enabled  " + hex(present) + " (all present)");
        assertThat(bytes.kernel().readLong(privileges + 8)).isEqualTo(present);
        assertThat(lkd.run("dt nt!_SEP_TOKEN_PRIVILEGES " + Long.toHexString(privileges) + " Enabled").get(0))
                .endsWith(String.format("0x%08x`%08x", present >>> 32, present & 0xffffffffL));
        lkd.run("eq " + Long.toHexString(privileges + 8) + " " + Long.toHexString(enabled));   // as it was
        assertThat(lkd.run("$$>a< tokenpriv.wds")).containsExactly("Usage: $$>a< tokenpriv.wds EPROCESS");
    }

    @Test
    void listOverPsLoadedModuleListShowsEveryModuleAsLmDoes() throws MemoryAccessException {
        List<String> lines = lkd.run("$$><modules.wds");
        long head = bytes.symbol("PsLoadedModuleList");
        List<Long> modules = bytes.walk(bytes.kernel(), head, 0);
        // each module: DllBase and BaseDllName, then a blank line; the list head last, read as an element
        assertThat(lines).hasSize(3 * (modules.size() + 1));
        var entry = TargetBytes.TYPES.struct("_KLDR_DATA_TABLE_ENTRY");
        for (int i = 0; i < modules.size(); i++) {
            long module = modules.get(i);
            long base = bytes.read(module, entry, "DllBase");
            String name = TargetBytes.unicode(bytes.kernel(), module + entry.offsetOf("BaseDllName"));
            assertThat(lines.get(3 * i)).isEqualTo(String.format("   +0x030 DllBase     : 0x%08x`%08x Void", base >>> 32,
                    base & 0xffffffffL));
            assertThat(lines.get(3 * i + 1)).isEqualTo("   +0x058 BaseDllName : _UNICODE_STRING \"" + name + "\"");
            assertThat(lines.get(3 * i + 2)).isEmpty();
        }
        assertThat(lines.get(1)).contains("ntoskrnl.exe");
    }

    @Test
    void aForOverTheObjectTypesNamesEachTypeAsDtDoes() throws MemoryAccessException {
        List<String> lines = lkd.run("$$><objtypes.wds");
        long table = bytes.symbol("ObTypeIndexTable");
        assertThat(lines).hasSizeGreaterThan(30);
        Pattern line = Pattern.compile(" ?([0-9a-f]+) ([0-9a-f]{16}) (.+)");
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = line.matcher(lines.get(i));
            assertThat(m.matches()).as(lines.get(i)).isTrue();
            long index = Long.parseLong(m.group(1), 16);
            long type = Long.parseUnsignedLong(m.group(2), 16);
            assertThat(index).isEqualTo(i + 2);
            assertThat(type).isEqualTo(bytes.kernel().readLong(table + 8 * index));
            assertThat(lkd.run("dt nt!_OBJECT_TYPE " + m.group(2) + " Name Index")).containsExactly(
                    "   +0x010 Name  : _UNICODE_STRING \"" + m.group(3) + "\"",
                    String.format("   +0x028 Index : 0x%x '%s'", index, index >= 0x20 && index < 0x7f ? (char) index : ""));
        }
        assertThat(bytes.kernel().readLong(table + 8 * (lines.size() + 2))).isZero();
        assertThat(lines).anyMatch(l -> l.endsWith(" Process")).anyMatch(l -> l.endsWith(" Thread"))
                .anyMatch(l -> l.endsWith(" Token"));
    }

    @Test
    void aCidTableLookupByHandFindsTheProcessOfAPid() throws MemoryAccessException {
        for (String image : List.of("System", "lsass.exe", "notepad.exe")) {
            long eprocess = lkd.processAddress(image);
            long pid = bytes.read(eprocess, TargetBytes.EPROCESS, "UniqueProcessId");
            List<String> lines = lkd.run("$$>a< cid.wds " + Long.toHexString(pid));
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).startsWith("Cid " + Long.toHexString(pid) + " entry ")
                    .endsWith(" object " + hex(eprocess) + " " + image);
            assertThat(bytes.cidLookup(pid)).isEqualTo(eprocess);
            assertThat(lkd.run("!process " + Long.toHexString(pid) + " 0").get(1)).isEqualTo("PROCESS " + Long.toHexString(eprocess));
        }
    }

    @Test
    void aScriptStopsAtItsFirstFailingCommandAndSaysWhere() {
        assertThat(lkd.run("$$><broken.wds; .echo after")).containsExactly("one", "two",
                "Symbol nt!_NO_SUCH_TYPE not found.", "Script broken.wds stopped at line 4: dt nt!_NO_SUCH_TYPE");
        assertThat(lkd.lastSucceeded()).isFalse();
        assertThat(lkd.run("$$<broken.wds")).containsExactly("lkd> $$ broken.wds: the third command fails, so the fourth never runs.",
                "lkd> .echo one", "one", "lkd> .echo two", "two", "lkd> dt nt!_NO_SUCH_TYPE",
                "Symbol nt!_NO_SUCH_TYPE not found.", "Script broken.wds stopped at line 4: dt nt!_NO_SUCH_TYPE");
    }
}
