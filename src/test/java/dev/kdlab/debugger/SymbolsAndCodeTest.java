package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public-symbol sets of nt and the user images, and the code at their addresses, through
 * commands only: {@code x} lists the creation routines and the globals scripts read; {@code x},
 * {@code ?}, {@code ln} and the ISF export agree on every address; the creation flow's routines
 * call one another in kdlab's order; every return address on every stack follows a call of the
 * function the frame above it is in.
 */
class SymbolsAndCodeTest {
    private static final Pattern X_LINE = Pattern.compile("([0-9a-f]{8}`[0-9a-f]{8}) (\\w+)!(\\S+) (\\(void\\)|= <no type information>)");
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    private static String at(String expression) {
        return Hex.backtick(lkd.eval(expression));
    }

    /** name -> address of {@code x pattern}'s lines. */
    private static Map<String, Long> examine(String pattern) {
        Map<String, Long> symbols = new LinkedHashMap<>();
        for (String line : lkd.run("x " + pattern)) {
            Matcher m = X_LINE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            symbols.put(m.group(2) + "!" + m.group(3), Long.parseUnsignedLong(m.group(1).replace("`", ""), 16));
        }
        return symbols;
    }

    @Test
    void xListsTheCreationRoutinesEachAFunctionOfItsOwn() {
        List<String> routines = List.of("NtCreateUserProcess", "PspAllocateProcess", "PspSetupProcess",
                "MmCreateProcessAddressSpace", "KeInitializeProcess", "MmInitializeProcessAddressSpace", "MmCreatePeb",
                "PspInsertProcess", "PspCreateThread", "PspAllocateThread", "KeInitThread", "MmCreateTeb",
                "PspInsertThread", "KeStartThread", "PspUserThreadStartup", "PspSystemThreadStartup");
        Set<Long> addresses = new HashSet<>();
        for (String routine : routines) {
            assertThat(lkd.run("x nt!" + routine)).containsExactly(at("nt!" + routine) + " nt!" + routine + " (void)");
            addresses.add(lkd.eval("nt!" + routine));
        }
        assertThat(addresses).hasSameSizeAs(routines);
        Map<String, Long> psp = examine("nt!Psp*");
        assertThat(psp).containsKeys("nt!PspAllocateProcess", "nt!PspSetupProcess", "nt!PspInsertProcess",
                "nt!PspCreateThread", "nt!PspAllocateThread", "nt!PspInsertThread", "nt!PspUserThreadStartup",
                "nt!PspCidTable", "nt!PspCreateProcessNotifyRoutine");
        assertThat(lkd.run("x nt!*CreateProcess*")).contains(
                at("nt!MmCreateProcessAddressSpace") + " nt!MmCreateProcessAddressSpace (void)",
                at("nt!PspCreateProcessNotifyRoutine") + " nt!PspCreateProcessNotifyRoutine = <no type information>",
                at("nt!NtCreateProcessEx") + " nt!NtCreateProcessEx (void)");
        assertThat(examine("nt!Dbg*")).containsKeys("nt!DbgPrint", "nt!DbgLoadImageSymbols", "nt!DbgkCreateThread",
                "nt!DbgkInitialize", "nt!DbgkDebugObjectType");
        assertThat(examine("nt!Kd*")).containsKeys("nt!KdDebuggerDataBlock", "nt!KdDebuggerEnabled",
                "nt!KdDebuggerNotPresent", "nt!KdSystemDebugControl");
        assertThat(examine("nt!Ke*")).containsKeys("nt!KeServiceDescriptorTable", "nt!KeNumberProcessors");
        // the INIT section's routines are functions too, as the PDB flags them
        assertThat(lkd.run("x nt!PspInitPhase0")).containsExactly(at("nt!PspInitPhase0") + " nt!PspInitPhase0 (void)");
    }

    @Test
    void xListsTheUserImagesPublicSymbols() {
        Map<String, Long> ntdll = examine("ntdll!*");
        assertThat(ntdll).containsKeys("ntdll!NtWaitForSingleObject", "ntdll!ZwWaitForSingleObject",
                "ntdll!NtCreateUserProcess", "ntdll!LdrInitializeThunk", "ntdll!RtlUserThreadStart",
                "ntdll!TppWorkerThread", "ntdll!PebLdr", "ntdll!LdrpHashTable");
        assertThat(ntdll.size()).isGreaterThan(150);
        assertThat(lkd.run("x ntdll!PebLdr")).containsExactly(at("ntdll!PebLdr") + " ntdll!PebLdr = <no type information>");
        assertThat(lkd.eval("ntdll!PebLdr")).isEqualTo(lkd.eval("poi(@$peb+0x18)"));   // PEB.Ldr
        assertThat(lkd.run("x ntdll!NtWaitForSingleObject"))
                .containsExactly(at("ntdll!NtWaitForSingleObject") + " ntdll!NtWaitForSingleObject (void)");
        assertThat(examine("KERNEL32!*")).containsKeys("KERNEL32!BaseThreadInitThunk", "KERNEL32!CreateProcessW",
                "KERNEL32!__imp_CreateProcessW");
        assertThat(examine("KERNELBASE!*")).containsKeys("KERNELBASE!WaitForSingleObjectEx",
                "KERNELBASE!CreateProcessInternalW", "KERNELBASE!__imp_NtCreateUserProcess");
        assertThat(examine("kd!*")).containsKeys("kd!wmain", "kd!mainCRTStartup", "kd!__scrt_common_main_seh");
        assertThat(lkd.run("x *!PebLdr")).hasSize(1);
    }

    /** The globals that hold object types point at the type objects ObTypeIndexTable holds; the image bases at nt and hal. */
    @Test
    void objectTypeGlobalsAndImageBasesHoldWhatTheirNamesSay() {
        assertThat(lkd.run("dt nt!_OBJECT_TYPE poi(nt!IoFileObjectType) Name")).containsExactly(
                "   +0x010 Name : _UNICODE_STRING \"File\"");
        assertThat(lkd.run("dt nt!_OBJECT_TYPE poi(nt!SeTokenObjectType) Name")).containsExactly(
                "   +0x010 Name : _UNICODE_STRING \"Token\"");
        assertThat(lkd.eval("poi(nt!PsJobType)")).isEqualTo(lkd.eval("poi(nt!ObTypeIndexTable+6*8)"));
        assertThat(lkd.eval("poi(nt!PsNtosImageBase)")).isEqualTo(lkd.eval("nt"));
        assertThat(lkd.eval("poi(nt!PsHalImageBase)")).isEqualTo(lkd.eval("hal"));
    }

    /** The user images with symbols say so in lm, with the PDB their CodeView record names. */
    @Test
    void lmShowsTheUserImagesThatHaveSymbols() {
        List<String> lines = lkd.run("lm u m ntdll");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith(at("ntdll") + " ").contains("   ntdll      (pdb symbols)          C:\\ProgramData\\Dbg\\sym\\ntdll.pdb\\");
        assertThat(lkd.run("lm u m ucrtbase").get(1)).contains("   ucrtbase   (deferred)");
    }

    /**
     * One symbol store behind every command: each symbol {@code x} lists evaluates with {@code ?} to
     * its address, and {@code ln} at that address names it (or the alias that sorts first there),
     * and the ISF export carries nt's at the same offsets from nt's base.
     */
    @Test
    void xQuestionMarkLnAndTheIsfExportAgreeOnEveryAddress(@TempDir Path directory) throws IOException {
        Map<String, Long> all = new LinkedHashMap<>();
        for (String module : List.of("nt", "ntdll", "KERNEL32", "KERNELBASE", "kd", "tcpip", "Ntfs", "storport",
                "WdFilter", "CI")) {
            all.putAll(examine(module + "!*"));
        }
        Map<Long, Set<String>> byAddress = new HashMap<>();
        all.forEach((name, address) -> byAddress.computeIfAbsent(address, a -> new HashSet<>()).add(name));
        for (Map.Entry<String, Long> symbol : all.entrySet()) {
            assertThat(lkd.eval(symbol.getKey())).as(symbol.getKey()).isEqualTo(symbol.getValue());
            String ln = lkd.run("ln " + Long.toHexString(symbol.getValue())).get(0);
            String named = ln.substring(ln.indexOf(")   ") + 4).split(" ")[0];
            assertThat(byAddress.get(symbol.getValue())).as(symbol.getKey()).contains(named);
        }
        long nt = lkd.eval("nt");
        lkd.run(".isf " + directory);
        Path isf;
        try (var files = Files.list(directory)) {
            isf = files.findFirst().orElseThrow();
        }
        String json = Files.readString(isf);
        int exported = 0;
        Matcher m = Pattern.compile("\"(\\w+)\": \\{\\s*\"address\": (\\d+)").matcher(json);
        while (m.find()) {
            Long address = all.get("nt!" + m.group(1));
            assertThat(address).as(m.group(1)).isNotNull();
            assertThat(Long.parseLong(m.group(2))).as(m.group(1)).isEqualTo(address - nt);
            exported++;
        }
        assertThat(exported).isEqualTo((int) all.keySet().stream().filter(n -> n.startsWith("nt!")).count());
    }

    /** The creation flow calls its stages in order, each a distinct routine with code. */
    @Test
    void theCreationRoutinesCallTheirStagesInOrder() {
        assertThat(calls("uf nt!NtCreateUserProcess")).containsSubsequence("nt!PspAllocateProcess", "nt!PspCreateThread");
        assertThat(calls("uf nt!PspAllocateProcess")).containsSubsequence("nt!PspSetupProcess",
                "nt!MmCreateProcessAddressSpace", "nt!KeInitializeProcess", "nt!MmInitializeProcessAddressSpace",
                "nt!MmCreatePeb", "nt!PspInsertProcess");
        assertThat(calls("uf nt!PspCreateThread")).containsSubsequence("nt!PspAllocateThread", "nt!PspInsertThread");
        assertThat(calls("uf nt!PspAllocateThread")).containsSubsequence("nt!ObCreateObjectEx", "nt!KeInitThread");
        assertThat(calls("uf nt!PspInsertThread")).containsSubsequence("nt!MmCreateTeb", "nt!KeStartThread");
        assertThat(calls("uf KERNELBASE!CreateProcessInternalW")).contains("qword ptr [KERNELBASE!__imp_NtCreateUserProcess");
        // the import slot holds ntdll's stub, bound as the loader binds it
        assertThat(lkd.run("dqs KERNELBASE!__imp_NtCreateUserProcess L1")).containsExactly(
                at("KERNELBASE!__imp_NtCreateUserProcess") + "  " + at("ntdll!NtCreateUserProcess")
                        + " ntdll!NtCreateUserProcess");
    }

    /** u shows the prolog the function's UNWIND_INFO describes, then code; the last byte of the function is ret. */
    @Test
    void uDisassemblesARoutinesPrologAndItsCalls() {
        List<String> lines = lkd.run("u nt!PspInsertProcess L9");
        assertThat(lines).startsWith("nt!PspInsertProcess:",
                at("nt!PspInsertProcess") + " 53              push    rbx",
                at("nt!PspInsertProcess+1") + " 55              push    rbp",
                at("nt!PspInsertProcess+2") + " 56              push    rsi",
                at("nt!PspInsertProcess+3") + " 57              push    rdi",
                at("nt!PspInsertProcess+4") + " 4154            push    r12",
                at("nt!PspInsertProcess+6") + " 4155            push    r13",
                at("nt!PspInsertProcess+8") + " 4156            push    r14",
                at("nt!PspInsertProcess+0xa") + " 4157            push    r15",
                at("nt!PspInsertProcess+0xc") + " 4881ec88000000  sub     rsp,88h");
        assertThat(calls("uf nt!PspInsertProcess")).contains("nt!ExCreateHandle", "nt!PspAddProcessToJob");
        List<String> uf = lkd.run("uf nt!PspInsertProcess");
        assertThat(uf.get(uf.size() - 1)).endsWith(" c3              ret");
        assertThat(uf).anyMatch(l -> l.endsWith("lea     rcx,[nt!PsActiveProcessHead (" + at("nt!PsActiveProcessHead") + ")]")
                || l.contains("[nt!PsActiveProcessHead (") || l.contains("[nt!PspCidTable ("));
    }

    /**
     * Every return address of every thread's stack (the kernel halves of !process 0 7, and the user
     * halves in the system DLLs and kd.exe, which the debugger's own context maps) follows a call:
     * of the function the frame above is in, directly or through an import slot, or of a function
     * pointer (CFG's dispatch, a register). A return into user mode follows the stub's syscall.
     */
    @Test
    void everyReturnAddressFollowsACallOfTheFunctionItReturnsFrom() {
        Map<Long, String> returns = new LinkedHashMap<>();
        for (String line : lkd.run("!process 0 7")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length < 4 || !line.contains(" : ") || !columns[0].matches("[0-9a-f]{8}`[0-9a-f]{8}")) {
                continue;
            }
            long returnAddress = Long.parseUnsignedLong(columns[1].replace("`", ""), 16);
            String callSite = line.substring(line.lastIndexOf(" : ") + 3).trim();
            if (returnAddress != 0 && callSite.contains("!")) {
                returns.putIfAbsent(returnAddress, callSite);
            }
        }
        assertThat(returns.size()).isGreaterThan(40);
        long kd = lkd.eval("kd");
        long kdEnd = kd + 0x100000;
        int checked = 0;
        for (Map.Entry<Long, String> ret : returns.entrySet()) {
            long address = ret.getKey();
            String callee = ret.getValue().replaceAll("\\+0x[0-9a-f]+$", "");
            boolean user = Long.compareUnsigned(address, 0x00007fff_ffffffffL) <= 0;
            if (user && callee.startsWith("$") || user && !inSystemDll(address) && !(address >= kd && address < kdEnd)) {
                continue;   // another process's exe: its code is not mapped in the debugger's context
            }
            List<String> before = lkd.run("ub " + Long.toHexString(address) + " L1");
            String instruction = before.get(before.size() - 1);
            if (callee.startsWith("nt!KiSystemService")) {
                assertThat(instruction).as(ret.getValue()).endsWith("syscall");
                checked++;
                continue;
            }
            String function = callee.substring(callee.indexOf('!') + 1);
            assertThat(instruction).as("return to %s from %s", Hex.backtick(address), ret.getValue())
                    .matches(".*call    (" + Pattern.quote(callee) + " \\(.*"
                            + "|qword ptr \\[\\w+!__imp_" + Pattern.quote(function) + " \\(.*"
                            + "|qword ptr \\[\\w+!__guard_dispatch_icall_fptr \\(.*"
                            + "|nt!guard_dispatch_icall \\(.*|rax)");
            checked++;
        }
        assertThat(checked).isGreaterThan(40);
    }

    private static boolean inSystemDll(long address) {
        for (String dll : List.of("ntdll", "KERNEL32", "KERNELBASE")) {
            long base = lkd.eval(dll);
            long size = lkd.eval("dwo(" + dll + "+dwo(" + dll + "+0x3c)+0x50)");
            if (address >= base && address < base + size) {
                return true;
            }
        }
        return false;
    }

    /** The targets of the call instructions uf shows, in order. */
    private static List<String> calls(String command) {
        List<String> targets = new ArrayList<>();
        for (String line : lkd.run(command)) {
            int call = line.indexOf(" call    ");
            if (call >= 0) {
                String target = line.substring(call + 9);
                int paren = target.indexOf(" (");
                targets.add(paren < 0 ? target : target.substring(0, paren));
            }
        }
        return targets;
    }
}
