package dev.kdlab.debugger;

import dev.kdlab.debugger.pictures.Glyphs;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** !kdlab.pstree and !walk: pictures drawn from the machine's bytes, in box-drawing characters or ASCII. */
class PicturesTest {
    private static final Lkd LKD = new Lkd();
    private static final Pattern NODE = Pattern.compile("^((?:[│ ] {2})*)(?:[├└]─ )?(\\S+)  Cid ([0-9a-f]{4})  Session (\\S+)  (.+)  ([0-9a-f]{16})$");

    @Test
    void theTreeDrawsEveryProcessUnderItsParent() {
        List<String> tree = LKD.run("!kdlab.pstree");
        assertThat(tree.get(1)).matches("System  Cid 0004  Session none  SYSTEM  [0-9a-f]{16}");
        assertThat(tree.get(2)).startsWith("├─ Registry  Cid ");
        assertThat(tree).anyMatch(l -> l.matches("<exited>  Cid [0-9a-f]{4}"));
        assertThat(tree).anyMatch(l -> l.matches("└─ explorer.exe  Cid [0-9a-f]{4}  Session 1  learner  [0-9a-f]{16}"));
        assertThat(tree).anyMatch(l -> l.contains("dwm.exe") && l.contains("Session 1  DWM-1"));
        assertThat(tree).anyMatch(l -> l.contains("fontdrvhost.ex") && l.contains("UMFD-0"));
        assertThat(tree).anyMatch(l -> l.contains("svchost.exe") && l.contains("LOCAL SERVICE"));
        assertThat(tree).anyMatch(l -> l.contains("svchost.exe") && l.contains("NETWORK SERVICE"));
        assertThat(tree.stream().filter(l -> l.contains("  Cid ") && !l.startsWith("<exited>")).count())
                .isEqualTo(LKD.processAddresses().size());
    }

    /** Each drawn parent is the process whose Cid the child's bytes name (checked through !process, not the tree's code). */
    @Test
    void parentsAreTheOnesTheBytesName() {
        List<String> tree = LKD.run("!kdlab.pstree");
        String[] parentAtDepth = new String[32];
        int checked = 0;
        for (String line : tree.subList(1, tree.size())) {
            if (line.startsWith("<exited>")) {
                parentAtDepth[0] = line.substring(line.length() - 4);
                continue;
            }
            Matcher m = NODE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            int depth = m.group(1).length() / 3 + (line.startsWith(m.group(1) + "├") || line.startsWith(m.group(1) + "└") ? 1 : 0);
            parentAtDepth[depth] = m.group(3);
            if (depth > 0) {
                String parentCid = LKD.run("!process " + m.group(6) + " 0").get(1).replaceAll(".*ParentCid: ", "");
                assertThat(parentCid).as(line).isEqualTo(parentAtDepth[depth - 1]);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void editingTheParentCidMovesTheProcess() {
        long notepad = LKD.processAddress("notepad.exe");
        long field = notepad + LKD.target().types().struct("_EPROCESS").offsetOf("InheritedFromUniqueProcessId");
        long parent = LKD.eval("poi(" + Long.toHexString(field) + ")");
        try {
            LKD.run("eq " + Long.toHexString(field) + " 1234");
            List<String> tree = LKD.run("!kdlab.pstree");
            int exited = tree.indexOf("<exited>  Cid 1234");
            assertThat(exited).isPositive();
            assertThat(tree.get(exited + 1)).startsWith("└─ notepad.exe  Cid ");
        } finally {
            LKD.run("eq " + Long.toHexString(field) + " " + Long.toHexString(parent));
        }
    }

    @Test
    void asciiWhereBoxDrawingCannotShow() {
        assertThat(new Debugger(LKD.target(), System.out).session().glyphs()).isEqualTo(Glyphs.UNICODE);
        List<String> tree = asciiRun("!kdlab.pstree");
        assertThat(tree.get(2)).startsWith("|- Registry  Cid ");
        assertThat(tree).anyMatch(l -> l.startsWith("`- explorer.exe"));
        assertThat(tree).anyMatch(l -> l.startsWith("   |  |- svchost.exe"));
        assertThat(String.join("\n", tree)).doesNotContain("├", "└", "│");
        List<String> walk = asciiRun("!walk nt!PsActiveProcessHead");
        assertThat(walk).anyMatch(l -> l.startsWith("`- PML4E [0x"));
        assertThat(walk).anyMatch(l -> l.startsWith("   `- PDPTE [0x"));
    }

    private static List<String> asciiRun(String command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Debugger debugger = new Debugger(LKD.target(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        debugger.session().setGlyphs(Glyphs.ASCII);
        debugger.execute(command);
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
