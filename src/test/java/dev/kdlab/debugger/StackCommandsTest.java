package dev.kdlab.debugger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** .thread, k, kb, kv, kn, r, ln and the pseudo-registers, against transcripts 3.4, 5.5, 5.6 (newer layout). */
class StackCommandsTest {
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    @AfterEach
    void backToTheDebuggersThread() {
        lkd.run(".thread 0");
    }

    private static long firstThreadOf(String image) {
        String process = lkd.run("!process 0 0 " + image).get(0).substring("PROCESS ".length());
        String line = lkd.run("!process " + process + " 4").get(5);
        return Long.parseUnsignedLong(line.substring("        THREAD ".length(), "        THREAD ".length() + 16), 16);
    }

    @Test
    void dotThreadSetsThreadAndProcessAndKMatchesTheThreadsStack() {
        long thread = firstThreadOf("notepad.exe");
        String at = Long.toHexString(thread);
        assertThat(lkd.run(".thread " + at)).containsExactly("Implicit thread is now " + Hex.backtick(thread));
        assertThat(lkd.eval("@$thread")).isEqualTo(thread);
        assertThat(lkd.eval("@$proc")).isEqualTo(lkd.eval("poi(" + at + "+0x220)"));
        List<String> k = lkd.run("kv");
        List<String> block = lkd.run("!thread " + at);
        List<String> threadFrames = block.subList(block.indexOf("Child-SP          RetAddr               : Args to Child"
                + "                                                           : Call Site") + 1, block.size());
        assertThat(k.get(0)).isEqualTo("  *** Stack trace for last set context - .thread/.cxr resets it");
        assertThat(k.subList(2, k.size())).hasSameSizeAs(threadFrames);
        for (int i = 0; i < threadFrames.size(); i++) {
            assertThat(k.get(i + 2)).isEqualTo(String.format("%02x ", i) + threadFrames.get(i));
        }
        assertThat(threadFrames.get(threadFrames.size() - 1)).endsWith(": ntdll!RtlUserThreadStart+0x21");
        assertThat(threadFrames).anyMatch(l -> l.endsWith(": notepad!wWinMain+0x1c7"));
    }

    @Test
    void kLayoutsFollowTheNewerWinDbg() {
        lkd.run(".thread " + Long.toHexString(firstThreadOf("cmd.exe")));
        List<String> k = lkd.run("k");
        assertThat(k.get(1)).isEqualTo(" # Child-SP          RetAddr               Call Site");
        assertThat(k.get(2)).matches("00 ffff[0-9a-f]{4}`[0-9a-f]{8} fffff80[0-7]`[0-9a-f]{8}     nt!KiSwapContext\\+0x76");
        assertThat(k.get(8)).matches("06 ffff[0-9a-f]{4}`[0-9a-f]{8} 00007ffe`[0-9a-f]{8}     nt!KiSystemServiceCopyEnd\\+0x25");
        assertThat(k.get(9)).endsWith("     ntdll!NtWaitForSingleObject+0x14");
        assertThat(k.get(10)).endsWith("     KERNELBASE!WaitForSingleObjectEx+0x8e");
        assertThat(lkd.run("kn")).isEqualTo(k);
        assertThat(lkd.run("kv").get(8)).contains(": nt!KiSystemServiceCopyEnd+0x25 (TrapFrame @ ffff");
        assertThat(lkd.run("kb").get(8)).endsWith(": nt!KiSystemServiceCopyEnd+0x25");
        assertThat(lkd.run("k 3")).hasSize(5);
        assertThat(lkd.eval("@$csp")).isEqualTo(Long.parseUnsignedLong(k.get(2).substring(3, 20).replace("`", ""), 16));
        assertThat(lkd.eval("@$ip")).isEqualTo(lkd.eval("nt!KiSwapContext+0x76"));
    }

    @Test
    void registersOfTheRunningDebuggerThreadAndOfASwitchedOutThread() {
        List<String> r = lkd.run("r");
        assertThat(r).hasSize(10);
        assertThat(r.get(0)).matches("rax=[0-9a-f]{16} rbx=[0-9a-f]{16} rcx=[0-9a-f]{16}");
        assertThat(r.get(2)).matches("rip=fffff80[0-7][0-9a-f]{8} rsp=ffff[0-9a-f]{12} rbp=[0-9a-f]{16}");
        assertThat(r.get(3)).matches(" r8=[0-9a-f]{16}  r9=[0-9a-f]{16} r10=[0-9a-f]{16}");
        assertThat(r.get(5)).matches("r14=[0-9a-f]{16} r15=[0-9a-f]{16}");
        assertThat(r.get(6)).isEqualTo("iopl=0         nv up ei pl zr na pe nc");
        assertThat(r.get(7)).isEqualTo("cs=0010  ss=0018  ds=002b  es=002b  fs=0053  gs=002b             efl=00000246");
        assertThat(r.get(8)).isEqualTo("nt!KdpCopyMemoryChunks+0x7c:");
        assertThat(r.get(9)).isEqualTo(Hex.backtick(lkd.eval("@$ip")) + " 8bd8            mov     ebx,eax");
        assertThat(lkd.run("r rip")).containsExactly(String.format("rip=%016x", lkd.eval("@$ip")));
        assertThat(lkd.run("k").get(1)).endsWith("     nt!KdpCopyMemoryChunks+0x7c");

        lkd.run(".thread " + Long.toHexString(firstThreadOf("notepad.exe")));
        List<String> switched = lkd.run("r");
        assertThat(switched.get(0)).isEqualTo("Last set context:");
        assertThat(switched.get(1)).isEqualTo("rax=0000000000000000 rbx=0000000000000000 rcx=0000000000000000");
        assertThat(switched.get(9)).isEqualTo("nt!KiSwapContext+0x76:");
        assertThat(switched.get(10)).endsWith(" 4c8bf0          mov     r14,rax");
        assertThat(lkd.run("r rsp")).containsExactly("Last set context:", String.format("rsp=%016x", lkd.eval("@$csp")));
    }

    @Test
    void lnNamesTheSymbolsAroundAnAddress() {
        long swapThread = lkd.eval("nt!KiSwapThread");
        String next = null;   // the first symbol above KiSwapThread, as x /a lists nt's symbols by address
        for (String line : lkd.run("x /2 /a nt!*")) {
            if (Long.compareUnsigned(Long.parseUnsignedLong(line.substring(0, 17).replace("`", ""), 16), swapThread) > 0) {
                next = line.substring(0, 17) + ")   " + line.substring(18);
                break;
            }
        }
        assertThat(lkd.run("ln nt!KiSwapThread+0x500")).containsExactly("(" + Hex.backtick(swapThread)
                + ")   nt!KiSwapThread+0x500   |  (" + next);
        assertThat(lkd.run("ln nt!KiSwapThread")).endsWith("Exact matches:", "    nt!KiSwapThread (<no parameter info>)");
        assertThat(lkd.eval("nt!KiSwapThread") - lkd.eval("nt")).isEqualTo(0x21c4c0);   // KiSwapThread+0x500 = fffff807`1e2349c0 in S1
        assertThat(lkd.run("ln 0")).isEmpty();
        // kd.exe is the context: its user modules resolve like a symbol server's PDBs would.
        long worker = lkd.eval("ntdll!TppWorkerThread");
        assertThat(worker - lkd.eval("ntdll")).isEqualTo(0x52b20);
        assertThat(lkd.eval("ntdll!RtlUserThreadStart") - lkd.eval("ntdll")).isEqualTo(0x52680);
        assertThat(lkd.eval("KERNEL32!BaseThreadInitThunk") - lkd.eval("KERNEL32")).isEqualTo(0x17600);
        assertThat(lkd.run("ln ntdll!NtWaitForSingleObject+0x14").get(0))
                .startsWith("(" + Hex.backtick(lkd.eval("ntdll!NtWaitForSingleObject")) + ")   ntdll!NtWaitForSingleObject+0x14   |  (");
        assertThat(lkd.run("db ntdll!NtWaitForSingleObject L8").get(0)).contains("4c 8b d1 b8 04 00 00 00");
    }

    @Test
    void theSameSeedGivesTheSameStacks() {
        Lkd again = new Lkd();
        String address = lkd.run("!process 0 0 explorer.exe").get(0).substring(8);
        assertThat(again.run("!process " + address + " 7")).isEqualTo(lkd.run("!process " + address + " 7"));
    }
}
