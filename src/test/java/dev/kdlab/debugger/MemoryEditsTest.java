package dev.kdlab.debugger;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands read bytes: editing memory changes what every command shows. */
class MemoryEditsTest {

    @Test
    void editingUniqueProcessIdChangesTheCidThatProcessListingPrints() {
        Lkd lkd = new Lkd();
        long notepad = lkd.processAddress("notepad.exe");
        lkd.run("ed " + Long.toHexString(notepad) + "+0x440 1234");
        assertThat(lkd.lastSucceeded()).isTrue();
        String block = lkd.text("!process 0 0 notepad.exe");
        assertThat(block).contains("Cid: 1234 ");
        assertThat(lkd.run("dd " + Long.toHexString(notepad) + "+0x440 L1").get(0)).endsWith("  00001234");
    }

    @Test
    void unlinkingActiveProcessLinksHidesTheProcessFromTheList() {
        Lkd lkd = new Lkd();
        List<Long> before = lkd.processAddresses();
        long victim = lkd.processAddress("notepad.exe");
        String links = Long.toHexString(victim) + "+0x448";
        long flink = lkd.eval("poi(" + links + ")");
        long blink = lkd.eval("poi(" + links + "+8)");
        lkd.run("eq " + Long.toHexString(blink) + " " + Long.toHexString(flink));
        lkd.run("eq " + Long.toHexString(flink) + "+8 " + Long.toHexString(blink));
        List<Long> after = lkd.processAddresses();
        assertThat(after).hasSize(before.size() - 1).doesNotContain(victim);
        // PspCidTable still knows it, as on Windows: a classic way to find hidden processes.
        assertThat(lkd.text("!process " + Long.toHexString(victim) + " 0")).contains("Image: notepad.exe");
    }

    @Test
    void aProcessListLoopedWithEqIsWalkedOnceByEveryCommandThatFollowsIt() {
        Lkd lkd = new Lkd();
        List<Long> before = lkd.processAddresses();
        String second = Long.toHexString(before.get(1)) + "+0x448";
        // the third process's Flink points back at the second: a loop that never reaches the head again
        lkd.run("eq " + Long.toHexString(before.get(2)) + "+0x448 " + second);
        assertThat(lkd.processAddresses()).containsExactlyElementsOf(before.subList(0, 3));
        List<String> nodes = lkd.run("dt -l ActiveProcessLinks.Flink nt!_EPROCESS " + Long.toHexString(before.get(0))
                + " UniqueProcessId");
        assertThat(nodes.stream().filter(line -> line.startsWith("ActiveProcessLinks.Flink at "))).hasSize(3);
        assertThat(lkd.run("dl " + second + " 100 2")).hasSize(2);
    }

    @Test
    void writesToUnmappedMemoryFailAndChangeNothing() {
        Lkd lkd = new Lkd();
        assertThat(lkd.run("eq 0 1")).containsExactly("Memory access error at ''");
        assertThat(lkd.lastSucceeded()).isFalse();
        assertThat(lkd.run("dq 0 L2")).containsExactly("00000000`00000000  ????????`???????? ????????`????????");
        assertThat(lkd.run("db 0 L4")).containsExactly("00000000`00000000  ?? ?? ?? ??                                      ????");
    }

    @Test
    void displayFormatsMatchWinDbg() {
        Lkd lkd = new Lkd();
        long head = lkd.eval("nt!PsActiveProcessHead");
        List<String> dq = lkd.run("dq nt!PsActiveProcessHead L2");
        assertThat(dq).hasSize(1);
        assertThat(dq.get(0)).matches(String.format("%08x`%08x  ffff[0-9a-f]{4}`[0-9a-f]{8} ffff[0-9a-f]{4}`[0-9a-f]{8}",
                head >>> 32, head & 0xffffffffL));
        assertThat(lkd.run("dd nt!PsActiveProcessHead")).hasSize(8);
        assertThat(lkd.run("db nt!PsActiveProcessHead L20").get(0)).matches(
                "[0-9a-f]{8}`[0-9a-f]{8}  ([0-9a-f]{2} ){7}[0-9a-f]{2}-([0-9a-f]{2} ){7}[0-9a-f]{2}  .{16}");
    }
}
