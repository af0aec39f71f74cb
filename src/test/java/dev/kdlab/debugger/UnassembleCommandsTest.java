package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** u, ub, uf and r's instruction line over the emulated images' code, checked against ? and the bytes. */
class UnassembleCommandsTest {
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    private static String at(String expression) {
        return Hex.backtick(lkd.eval(expression));
    }

    /** ntdll's x64 system-call stub as the emulated loader maps it in the debugger's process (kd.exe). */
    private static List<String> stub(String symbol, int number, String masm) {
        return List.of(
                at(symbol) + " 4c8bd1          mov     r10,rcx",
                at(symbol + "+3") + " b8" + String.format("%02x", number) + "000000      mov     eax," + masm,
                at(symbol + "+8") + " f604250803fe7f01 test    byte ptr [SharedUserData+0x308 (00000000`7ffe0308)],1",
                at(symbol + "+0x10") + " 7503            jne     " + symbol + "+0x15 (" + at(symbol + "+0x15") + ")",
                at(symbol + "+0x12") + " 0f05            syscall",
                at(symbol + "+0x14") + " c3              ret",
                at(symbol + "+0x15") + " cd2e            int     2Eh",
                at(symbol + "+0x17") + " c3              ret");
    }

    /** The padding after a stub, up to the next one 0x20 bytes on. */
    private static String stubPadding(String symbol) {
        return at(symbol + "+0x18") + " 0f1f840000000000 nop     dword ptr [rax+rax]";
    }

    @Test
    void uShowsEightInstructionsUnderTheirLabelAndGoesOnWhenRepeated() {
        List<String> expected = new ArrayList<>(List.of("ntdll!NtWaitForSingleObject:"));
        expected.addAll(stub("ntdll!NtWaitForSingleObject", 4, "4"));
        assertThat(lkd.run("u ntdll!NtWaitForSingleObject")).containsExactlyElementsOf(expected);
        List<String> next = lkd.run("u");
        assertThat(next).hasSize(10);   // eight instructions and two labels: the next stub (number 5) starts on the way
        assertThat(next.get(0)).isEqualTo("ntdll!NtWaitForSingleObject+0x18:");
        assertThat(next.get(1)).isEqualTo(stubPadding("ntdll!NtWaitForSingleObject"));
        assertThat(next.subList(2, 10)).containsExactlyElementsOf(
                concat(List.of("ntdll!NtCallbackReturn:"), stub("ntdll!NtCallbackReturn", 5, "5").subList(0, 7)));
        assertThat(lkd.run("u ntdll!NtWaitForSingleObject+0x12 L2")).containsExactly(
                "ntdll!NtWaitForSingleObject+0x12:",
                at("ntdll!NtWaitForSingleObject+0x12") + " 0f05            syscall",
                at("ntdll!NtWaitForSingleObject+0x14") + " c3              ret");
        List<String> toEnd = lkd.run("u ntdll!NtWaitForSingleObject ntdll!NtWaitForSingleObject+0x12");
        assertThat(toEnd).containsExactlyElementsOf(expected.subList(0, 6));   // the end address is inclusive
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    @Test
    void uPrintsALabelWhereTheListingReachesTheNextSymbol() {
        List<String> lines = lkd.run("u ntdll!NtDeviceIoControlFile-8 L2");
        assertThat(lines).containsExactly(
                "ntdll!NtReadFile+0x18:",   // system call 6, the stub before NtDeviceIoControlFile (7)
                stubPadding("ntdll!NtReadFile"),
                "ntdll!NtDeviceIoControlFile:",
                at("ntdll!NtDeviceIoControlFile") + " 4c8bd1          mov     r10,rcx");
    }

    @Test
    void ubShowsTheInstructionsThatEndBeforeAnAddress() {
        assertThat(lkd.run("ub ntdll!NtWaitForSingleObject+0x12 L3")).containsExactly(
                "ntdll!NtWaitForSingleObject+0x3:",
                at("ntdll!NtWaitForSingleObject+3") + " b804000000      mov     eax,4",
                at("ntdll!NtWaitForSingleObject+8") + " f604250803fe7f01 test    byte ptr [SharedUserData+0x308 (00000000`7ffe0308)],1",
                at("ntdll!NtWaitForSingleObject+0x10") + " 7503            jne     ntdll!NtWaitForSingleObject+0x15 ("
                        + at("ntdll!NtWaitForSingleObject+0x15") + ")");
        List<String> eight = lkd.run("ub ntdll!NtDelayExecution+0x18");
        List<String> expected = new ArrayList<>(List.of("ntdll!NtDelayExecution:"));
        expected.addAll(stub("ntdll!NtDelayExecution", 0x34, "34h"));
        assertThat(eight).containsExactlyElementsOf(expected);
    }

    /**
     * A kernel address (a negative long) inside an instruction: the run from the function's start
     * passes it, so ub searches the 15 bytes per instruction before it, not every address from 0 up.
     */
    @Test
    void ubBeforeAKernelAddressInsideAnInstructionEndsQuickly() {
        List<String> before = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> lkd.run("ub nt!KiSwapThread+0x10 L2"));
        // decoding from +0xd (inside sub rsp,70h at +0xb) is the earliest run of two that lands on +0x10
        assertThat(before).containsExactly("nt!KiSwapThread+0xd:",
                at("nt!KiSwapThread+0xd") + " ec              in      al,dx",
                at("nt!KiSwapThread+0xe") + " 704d            jo      nt!KiSwapThread+0x5d (" + at("nt!KiSwapThread+0x5d") + ")");
    }

    @Test
    void ufFollowsTheBranchesOfAFunctionBlockByBlock() {
        List<String> stub = stub("ntdll!NtAlpcSendWaitReceivePort", 0x82, "82h");
        List<String> expected = new ArrayList<>(List.of("ntdll!NtAlpcSendWaitReceivePort:"));
        expected.addAll(stub.subList(0, 3));
        expected.add(stub.get(3) + "  Branch");
        expected.addAll(List.of("", "ntdll!NtAlpcSendWaitReceivePort+0x12:", stub.get(4), stub.get(5),
                "", "ntdll!NtAlpcSendWaitReceivePort+0x15:", stub.get(6), stub.get(7)));
        assertThat(lkd.run("uf ntdll!NtAlpcSendWaitReceivePort")).containsExactlyElementsOf(expected);
    }

    /**
     * A kernel function with a RUNTIME_FUNCTION: uf covers exactly [BeginAddress, EndAddress) of the
     * entry found by reading nt's exception directory with dd (data directory 3 of the optional header),
     * from the prolog the entry's UNWIND_INFO describes to the epilog's ret in its last byte, and shows
     * the call whose return address the waiting threads' stacks hold (NtWaitForAlertByThreadId+0x1d).
     */
    @Test
    void ufCoversTheExtentThatNtsPdataGivesTheFunction() {
        long nt = lkd.eval("nt");
        long headers = nt + lkd.eval("dwo(nt+0x3c)");
        long tableRva = lkd.eval("dwo(" + Long.toHexString(headers + 0x18 + 0x70 + 3 * 8) + ")");
        long tableSize = lkd.eval("dwo(" + Long.toHexString(headers + 0x18 + 0x70 + 3 * 8 + 4) + ")");
        long function = lkd.eval("nt!NtWaitForAlertByThreadId") - nt;
        long end = 0;
        long unwindInfo = 0;
        for (long entry = nt + tableRva; entry < nt + tableRva + tableSize; entry += 12) {
            if (lkd.eval("dwo(" + Long.toHexString(entry) + ")") == function) {
                end = lkd.eval("dwo(" + Long.toHexString(entry + 4) + ")");
                unwindInfo = lkd.eval("dwo(" + Long.toHexString(entry + 8) + ")");
            }
        }
        assertThat(end).isGreaterThan(function);
        long prologSize = lkd.eval("by(" + Long.toHexString(nt + unwindInfo + 1) + ")");
        List<String> lines = lkd.run("uf nt!NtWaitForAlertByThreadId+0x10");
        assertThat(lines.get(0)).isEqualTo("nt!NtWaitForAlertByThreadId:");
        assertThat(lines.subList(1, 3)).containsExactly(
                at("nt!NtWaitForAlertByThreadId") + " 53              push    rbx",
                at("nt!NtWaitForAlertByThreadId+1") + " 4883ec20        sub     rsp,20h");
        assertThat(prologSize).isEqualTo(5);
        assertThat(lines).contains(at("nt!NtWaitForAlertByThreadId+0x18") + " e8"
                + le32(lkd.eval("nt!KeWaitForAlertByThreadId") - lkd.eval("nt!NtWaitForAlertByThreadId+0x1d")).replace(" ", "")
                + "      call    nt!KeWaitForAlertByThreadId (" + at("nt!KeWaitForAlertByThreadId") + ")");
        assertThat(lines.get(lines.size() - 1)).isEqualTo(Hex.backtick(nt + end - 1) + " c3              ret");
        for (String line : lines.subList(1, lines.size())) {
            if (line.isEmpty() || line.endsWith(":")) {
                continue;   // between blocks, and a block's label
            }
            long address = Long.parseUnsignedLong(line.substring(0, 17).replace("`", ""), 16);
            assertThat(address - nt).isBetween(function, end - 1);
        }
    }

    @Test
    void rAndUAgreeOnTheInstructionAtRip() {
        List<String> r = lkd.run("r");
        List<String> u = lkd.run("u @rip L1");
        assertThat(u).containsExactly(r.get(r.size() - 2), r.get(r.size() - 1));
        assertThat(u.get(0)).isEqualTo("nt!KdpCopyMemoryChunks+0x7c:");
        assertThat(u.get(1)).isEqualTo(at("@rip") + " 8bd8            mov     ebx,eax");
    }

    /** A waiting thread's rip, after .thread: where KiSwapContext resumes (the only code of the wait path). */
    @Test
    void uAtTheRipOfAThreadSetWithDotThread() {
        String process = lkd.run("!process 0 0 notepad.exe").get(0).substring("PROCESS ".length());
        String threadLine = lkd.run("!process " + process + " 4").get(5);
        String thread = threadLine.substring("        THREAD ".length(), "        THREAD ".length() + 16);
        try {
            lkd.run(".thread " + thread);
            assertThat(lkd.run("u @rip L1")).containsExactly(
                    "nt!KiSwapContext+0x76:",
                    at("nt!KiSwapContext+0x76") + " 4c8bf0          mov     r14,rax");
            assertThat(lkd.run("ub @rip L1")).containsExactly("nt!KiSwapContext+0x71:",
                    at("nt!KiSwapContext+0x71") + " e8" + le32(lkd.eval("nt!SwapContext") - lkd.eval("nt!KiSwapContext+0x76"))
                            .replace(" ", "") + "      call    nt!SwapContext (" + at("nt!SwapContext") + ")");
        } finally {
            lkd.run(".thread 0");
        }
        assertThat(lkd.run("u @rip L1").get(0)).isEqualTo("nt!KdpCopyMemoryChunks+0x7c:");
    }

    @Test
    void unreadableBytesPrintQuestionMarksOneByteAtATime() {
        assertThat(lkd.run("u 0 L2")).containsExactly(
                "00000000`00000000 ??              ???",
                "00000000`00000001 ??              ???");
        assertThat(lkd.lastSucceeded()).isTrue();
    }

    /** eb changes what u shows; the bytes are put back afterwards. */
    @Test
    void editedBytesDisassembleWithTheirSymbols() {
        long at = lkd.eval("ntdll!NtWaitForSingleObject+0x18");
        String originalCode = bytesAt(lkd.eval("nt!NtWaitForAlertByThreadId+0x10"), 22);
        long head = lkd.eval("nt!PsActiveProcessHead");
        long wait = lkd.eval("nt!KeWaitForSingleObject");
        // ntdll is not within 2 GB of nt: write the rip-relative forms into nt's own code instead
        long code = lkd.eval("nt!NtWaitForAlertByThreadId+0x10");
        String movRip = "48 8b 05 " + le32(head - (code + 7));
        String call = "e8 " + le32(wait - (code + 12));
        try {
            lkd.run("eb " + Long.toHexString(code) + " " + movRip + " " + call + " 48 89 54 24 10 f0 48 0f b1 11");
            assertThat(lkd.run("u " + Long.toHexString(code) + " L4")).containsExactly(
                    "nt!NtWaitForAlertByThreadId+0x10:",
                    Hex.backtick(code) + " 488b05" + le32(head - (code + 7)).replace(" ", "")
                            + "  mov     rax,qword ptr [nt!PsActiveProcessHead (" + Hex.backtick(head) + ")]",
                    Hex.backtick(code + 7) + " e8" + le32(wait - (code + 12)).replace(" ", "")
                            + "      call    nt!KeWaitForSingleObject (" + Hex.backtick(wait) + ")",
                    Hex.backtick(code + 12) + " 4889542410      mov     qword ptr [rsp+10h],rdx",
                    Hex.backtick(code + 17) + " f0480fb111      lock cmpxchg qword ptr [rcx],rdx");
            lkd.run("eb " + Long.toHexString(at) + " cc");
            assertThat(lkd.run("u " + Long.toHexString(at) + " L1")).containsExactly(
                    "ntdll!NtWaitForSingleObject+0x18:", Hex.backtick(at) + " cc              int     3");
        } finally {
            lkd.run("eb " + Long.toHexString(code) + " " + originalCode);
            lkd.run("eb " + Long.toHexString(at) + " 0f");
        }
        assertThat(lkd.run("u " + Long.toHexString(at) + " L1").get(1)).isEqualTo(stubPadding("ntdll!NtWaitForSingleObject"));
        assertThat(bytesAt(lkd.eval("nt!NtWaitForAlertByThreadId+0x10"), 22)).isEqualTo(originalCode);
    }

    /** {@code count} bytes at an address as eb takes them: "48 8b 05 ...". */
    private static String bytesAt(long address, int count) {
        StringBuilder bytes = new StringBuilder();
        for (int i = 0; i < count; i++) {
            bytes.append(i == 0 ? "" : " ").append(String.format("%02x", lkd.eval("by(" + Long.toHexString(address + i) + ")")));
        }
        return bytes.toString();
    }

    private static String le32(long value) {
        return String.format("%02x %02x %02x %02x", value & 0xff, value >>> 8 & 0xff, value >>> 16 & 0xff, value >>> 24 & 0xff);
    }

    @Test
    void rangesOverTwoHundredFiftySixMegabytesNeedLQuestionMark() {
        assertThat(lkd.run("u nt L10000001")).containsExactly(
                " ".repeat(5 + "u nt L10000001".length()) + "^ Range error in 'u nt L10000001'");
        assertThat(lkd.lastSucceeded()).isFalse();
        assertThat(lkd.run("u nt L?3")).hasSize(4);
    }
}
