package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an independent forensic reader checks of the default machine (issue 10), read through the
 * debugger's commands only, as a user would: one boot time and one "now" that every time agrees
 * with, the Idle process first on nt!MmProcessList, and !vtop from every DirBase as !process prints it.
 */
class MachineFidelityTest {
    private static final Pattern PROCESS = Pattern.compile("^PROCESS ([0-9a-f]{16})$");
    private static final Pattern THREAD = Pattern.compile("^ {8}THREAD ([0-9a-f]{16}) .*");
    private static final Pattern DIR_BASE = Pattern.compile("^ {4}DirBase: ([0-9a-f]+) .*");
    private static final Pattern PEB = Pattern.compile(".* Peb: ([0-9a-f]+) .*");
    private static final Pattern LARGE_INTEGER = Pattern.compile(".*: _LARGE_INTEGER 0x([0-9a-f]{8})`([0-9a-f]{8})$");
    private static final Pattern NUMBER = Pattern.compile(".*: 0x([0-9a-f`]+)$");
    /** One clock tick in FILETIME units (15.625 ms). */
    private static final long TICK = 156_250;

    private static Lkd lkd;
    /** Each active process and its threads, as !process 0 2 lists them. */
    private static final Map<Long, List<Long>> THREADS = new LinkedHashMap<>();
    private static long now;
    private static long boot;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
        long process = 0;
        for (String line : lkd.run("!process 0 2")) {
            Matcher p = PROCESS.matcher(line);
            Matcher t = THREAD.matcher(line);
            if (p.matches()) {
                process = Long.parseUnsignedLong(p.group(1), 16);
                THREADS.put(process, new ArrayList<>());
            } else if (t.matches()) {
                THREADS.get(process).add(Long.parseUnsignedLong(t.group(1), 16));
            }
        }
        now = systemTime("SystemTime");
        boot = now - systemTime("InterruptTime");
    }

    /** A KSYSTEM_TIME of KUSER_SHARED_DATA, read as its LowPart and High1Time with dd. */
    private static long systemTime(String field) {
        long offset = lkd.eval("#FIELD_OFFSET(nt!_KUSER_SHARED_DATA, " + field + ")");
        String[] words = lkd.run("dd fffff780`00000000+" + Long.toHexString(offset) + " L2").get(0).split(" +");
        return Long.parseLong(words[2], 16) << 32 | Long.parseLong(words[1], 16);
    }

    /** One field of a structure, as dt prints it. */
    private static String field(String type, long address, String field) {
        List<String> lines = lkd.run("dt nt!" + type + " " + Long.toHexString(address) + " " + field);
        assertThat(lines).as("dt %s %x %s", type, address, field).hasSize(1);
        return lines.get(0);
    }

    private static long largeInteger(String type, long address, String field) {
        Matcher m = LARGE_INTEGER.matcher(field(type, address, field));
        assertThat(m.matches()).as("%s.%s at %x", type, field, address).isTrue();
        return Long.parseUnsignedLong(m.group(1) + m.group(2), 16);
    }

    private static long number(String type, long address, String field) {
        String line = field(type, address, field);
        Matcher m = NUMBER.matcher(line);
        if (m.matches()) {
            return Long.parseUnsignedLong(m.group(1).replace("`", ""), 16);
        }
        return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
    }

    @Test
    void theClockIsAFewIdleMinutesAfterTheLastProcessStarted() {
        long latest = 0;
        for (long process : THREADS.keySet()) {
            long created = largeInteger("_EPROCESS", process, "CreateTime");
            assertThat(created).isBetween(boot, now);
            assertThat(number("_EPROCESS", process, "CreateInterruptTime")).isEqualTo(created - boot);
            latest = Math.max(latest, created);
            long session = lkd.eval("poi(" + Long.toHexString(process) + "+#FIELD_OFFSET(nt!_EPROCESS, Session))");
            if (session != 0) {
                assertThat(number("_MM_SESSION_SPACE", session, "CreateTime")).as("session of %x", process)
                        .isBetween(boot, created);
            }
        }
        assertThat(now - latest).as("idle after the last process started").isBetween(120 * 10_000_000L, 600 * 10_000_000L);
        long ticks = lkd.eval("poi(fffff780`00000320)");   // KUSER_SHARED_DATA.TickCountQuad
        assertThat(ticks).isEqualTo((now - boot) / TICK);
    }

    @Test
    void everyThreadWasCreatedBetweenBootAndNowAndAfterItsProcess() {
        int threads = 0;
        for (Map.Entry<Long, List<Long>> process : THREADS.entrySet()) {
            long processCreated = largeInteger("_EPROCESS", process.getKey(), "CreateTime");
            for (long thread : process.getValue()) {
                long created = largeInteger("_ETHREAD", thread, "CreateTime");
                assertThat(created).as("thread %x", thread).isGreaterThanOrEqualTo(processCreated).isLessThan(now);
                long age = (now - created) / TICK;
                assertThat(number("_KTHREAD", thread, "KernelTime") + number("_KTHREAD", thread, "UserTime"))
                        .as("run time of thread %x", thread).isLessThanOrEqualTo(age);
                assertThat(number("_KTHREAD", thread, "WaitTime")).as("wait start of thread %x", thread)
                        .isBetween((created - boot) / TICK, (now - boot) / TICK);
                threads++;
            }
        }
        assertThat(threads).isGreaterThan(750);
    }

    @Test
    void processRunTimesAreTheirThreadsSumsAndFitTheProcessorsTimes() {
        long kernel = 0;
        long user = 0;
        for (Map.Entry<Long, List<Long>> process : THREADS.entrySet()) {
            long processKernel = 0;
            long processUser = 0;
            for (long thread : process.getValue()) {
                processKernel += number("_KTHREAD", thread, "KernelTime");
                processUser += number("_KTHREAD", thread, "UserTime");
            }
            assertThat(number("_KPROCESS", process.getKey(), "KernelTime")).isEqualTo(processKernel);
            assertThat(number("_KPROCESS", process.getKey(), "UserTime")).isEqualTo(processUser);
            kernel += processKernel;
            user += processUser;
        }
        long idle = lkd.eval("nt!PsIdleProcess");
        long idleThreads = 0;
        long processorKernel = 0;
        long processorUser = 0;
        for (int cpu = 0; cpu < 4; cpu++) {
            long prcb = lkd.eval("poi(nt!KiProcessorBlock+" + Integer.toHexString(8 * cpu) + ")");
            idleThreads += number("_KTHREAD", lkd.eval("poi(" + Long.toHexString(prcb) + "+0x18)"), "KernelTime");
            processorKernel += number("_KPRCB", prcb, "KernelTime");
            processorUser += number("_KPRCB", prcb, "UserTime");
        }
        assertThat(number("_KPROCESS", idle, "KernelTime")).isEqualTo(idleThreads);
        assertThat(kernel + idleThreads).as("threads' kernel time within the processors'").isLessThanOrEqualTo(processorKernel);
        assertThat(user).as("threads' user time within the processors'").isLessThanOrEqualTo(processorUser);
        assertThat(processorKernel + processorUser).isLessThanOrEqualTo(4 * (now - boot) / TICK);
    }

    /** The active processes with a user half (a PEB): all but System, Registry and MemCompression. */
    private static List<Long> userProcesses() {
        return THREADS.keySet().stream()
                .filter(p -> lkd.eval("poi(" + Long.toHexString(p) + "+#FIELD_OFFSET(nt!_EPROCESS, Peb))") != 0)
                .toList();
    }

    /** The loader entries of a process, in load order, read in its context ({@code .process /P}). */
    private static List<Long> loaderEntries(long process) {
        lkd.run(".process /P " + Long.toHexString(process));
        long ldr = lkd.eval("poi(@$peb+#FIELD_OFFSET(nt!_PEB, Ldr))");
        long head = ldr + lkd.eval("#FIELD_OFFSET(nt!_PEB_LDR_DATA, InLoadOrderModuleList)");
        List<Long> entries = new ArrayList<>();
        for (long entry = lkd.eval("poi(" + Long.toHexString(head) + ")"); entry != head;
                entry = lkd.eval("poi(" + Long.toHexString(entry) + ")")) {
            entries.add(entry);
        }
        return entries;
    }

    private static String unicodeField(String type, long address, String field) {
        String line = field(type, address, field);
        return line.substring(line.indexOf('"') + 1, line.lastIndexOf('"'));
    }

    /** RtlHashUnicodeString, x65599, case-insensitive: computed here from the name dt prints. */
    private static long x65599(String name) {
        int hash = 0;
        for (char c : name.toUpperCase(java.util.Locale.ROOT).toCharArray()) {
            hash = hash * 65599 + c;
        }
        return hash & 0xffffffffL;
    }

    @Test
    void everyLoaderEntryHasItsLoadTimeHashNodeAndImageTimeStamp() {
        int modules = 0;
        for (long process : userProcesses()) {
            long created = largeInteger("_EPROCESS", process, "CreateTime");
            List<Long> entries = loaderEntries(process);
            assertThat(entries).isNotEmpty();
            for (long entry : entries) {
                String name = unicodeField("_LDR_DATA_TABLE_ENTRY", entry, "BaseDllName");
                assertThat(largeInteger("_LDR_DATA_TABLE_ENTRY", entry, "LoadTime")).as(name).isBetween(created, now);
                assertThat(number("_LDR_DATA_TABLE_ENTRY", entry, "BaseNameHashValue")).as(name).isEqualTo(x65599(name));
                assertThat(field("_LDR_DATA_TABLE_ENTRY", entry, "LoadReason"))
                        .matches(".*: (0 \\( LoadReasonStaticDependency|4 \\( LoadReasonDynamicLoad) \\)");
                assertThat(number("_LDR_DATA_TABLE_ENTRY", entry, "ReferenceCount")).isPositive();
                long node = lkd.eval("poi(" + Long.toHexString(entry) + "+#FIELD_OFFSET(nt!_LDR_DATA_TABLE_ENTRY, DdagNode))");
                assertThat(field("_LDR_DDAG_NODE", node, "State")).endsWith("9 ( LdrModulesReadyToRun )");
                assertThat(lkd.eval("poi(" + Long.toHexString(node) + ")"))
                        .isEqualTo(entry + lkd.eval("#FIELD_OFFSET(nt!_LDR_DATA_TABLE_ENTRY, NodeModuleLink)"));
                long base = lkd.eval("poi(" + Long.toHexString(entry) + "+#FIELD_OFFSET(nt!_LDR_DATA_TABLE_ENTRY, DllBase))");
                long header = base + lkd.eval("dwo(" + Long.toHexString(base) + "+3c)");
                assertThat(number("_LDR_DATA_TABLE_ENTRY", entry, "TimeDateStamp")).as(name)
                        .isEqualTo(lkd.eval("dwo(" + Long.toHexString(header) + "+8)"));
                modules++;
            }
        }
        lkd.run(".process 0");
        assertThat(modules).isGreaterThan(800);
    }

    /** The token's user as S-1-5-..., read from its SID's bytes. */
    private static String userSid(long token) {
        long sid = lkd.eval("poi(poi(" + Long.toHexString(token) + "+#FIELD_OFFSET(nt!_TOKEN, UserAndGroups)))");
        String at = Long.toHexString(sid);
        StringBuilder text = new StringBuilder("S-1-" + lkd.eval("by(" + at + "+7)"));
        for (long i = 0, count = lkd.eval("by(" + at + "+1)"); i < count; i++) {
            text.append('-').append(lkd.eval("dwo(" + at + "+8+" + Long.toHexString(4 * i) + ")"));
        }
        return text.toString();
    }

    private static Map<String, String> environment(List<String> peb) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : peb.subList(peb.indexOf(peb.stream().filter(l -> l.startsWith("    Environment:")).findFirst()
                .orElseThrow()) + 1, peb.size())) {
            int equals = line.indexOf('=', 9);
            variables.put(line.substring(8, equals), line.substring(equals + 1));
        }
        return variables;
    }

    /**
     * Each block names the account the process's token names (LSA's account and authority names of
     * the token's logon session). SYSTEM has two: USERNAME=SYSTEM in the blocks smss made from the
     * registry (csrss, wininit, winlogon, services, lsass), the machine account elsewhere.
     */
    @Test
    void everyEnvironmentNamesTheAccountOfItsToken() {
        int checked = 0;
        for (long process : userProcesses()) {
            String name = field("_EPROCESS", process, "ImageFileName");
            long token = lkd.eval("poi(" + Long.toHexString(process) + "+#FIELD_OFFSET(nt!_EPROCESS, Token))") & ~0xfL;   // EX_FAST_REF
            long logon = lkd.eval("poi(" + Long.toHexString(token) + "+#FIELD_OFFSET(nt!_TOKEN, LogonSession))");
            lkd.run(".process /P " + Long.toHexString(process));
            Map<String, String> variables = environment(lkd.run("!peb"));
            if (userSid(token).equals("S-1-5-18")) {
                assertThat(variables.get("USERNAME")).as(name).isEqualTo(variables.containsKey("USERPROFILE")
                        ? variables.get("COMPUTERNAME") + "$" : "SYSTEM");
            } else {
                assertThat(variables.get("USERNAME")).as(name)
                        .isEqualTo(unicodeField("_SEP_LOGON_SESSION_REFERENCES", logon, "AccountName"));
                assertThat(variables.get("USERDOMAIN")).as(name)
                        .isEqualTo(unicodeField("_SEP_LOGON_SESSION_REFERENCES", logon, "AuthorityName"));
                assertThat(variables.get("TEMP")).as(name).startsWith(variables.get("USERPROFILE").contains("systemprofile")
                        ? "C:\\WINDOWS\\TEMP" : variables.get("USERPROFILE"));
            }
            checked++;
        }
        lkd.run(".process 0");
        assertThat(checked).isEqualTo(60);
    }

    /** The file names of !peb's module table (its last column), in load order. */
    private static List<String> pebModules(long process) {
        lkd.run(".process /P " + Long.toHexString(process));
        List<String> peb = lkd.run("!peb");
        List<String> names = new ArrayList<>();
        for (String line : peb.subList(peb.indexOf("                    Base TimeStamp                     Module") + 1,
                peb.size())) {
            if (!line.startsWith("            ")) {
                break;
            }
            names.add(line.substring(line.lastIndexOf('\\') + 1));
        }
        return names;
    }

    @Test
    void smssAndCsrssAreNativeProcesses() {
        assertThat(pebModules(lkd.processAddress("smss.exe"))).containsExactly("smss.exe", "ntdll.dll");
        for (String line : lkd.run("!process 0 0 csrss.exe")) {
            Matcher p = PROCESS.matcher(line);
            if (p.matches()) {
                assertThat(pebModules(Long.parseUnsignedLong(p.group(1), 16))).containsExactly("csrss.exe", "ntdll.dll",
                        "CSRSRV.dll", "basesrv.DLL", "winsrv.DLL", "sxssrv.DLL");
            }
        }
        assertThat(pebModules(lkd.processAddress("wininit.exe")).subList(1, 4))
                .containsExactly("ntdll.dll", "KERNEL32.DLL", "KERNELBASE.dll");
        lkd.run(".process 0");
    }

    private static final long PROC_TAG = 0x636f7250L;   // "Proc", little-endian
    /**
     * The Proc blocks of nonpaged pool, found as a pool scanner finds them: each page from the first
     * process's to the last one's walked by its _POOL_HEADERs (BlockSize in 16-byte units, the tag in
     * the high half), allocated or free, with poi.
     */
    private static List<Long> procBlocks() {
        long first = THREADS.keySet().stream().min(Long::compareUnsigned).orElseThrow() & ~0xfffL;
        long last = THREADS.keySet().stream().max(Long::compareUnsigned).orElseThrow() & ~0xfffL;
        List<Long> blocks = new ArrayList<>();
        for (long page = first; Long.compareUnsigned(page, last) <= 0; page += 0x1000) {
            for (int offset = 0; offset + 16 <= 0x1000; ) {
                long header = lkd.eval("poi(" + Long.toHexString(page + offset) + ")");
                int blockSize = (int) (header >>> 16 & 0xff);
                if (blockSize == 0 && offset == 0) {
                    offset = 16;   // a page a large block begins: it starts one fragment in
                    continue;
                }
                if (blockSize == 0) {
                    break;   // no block past here: the rest of the page was never handed out
                }
                if (header >>> 32 == PROC_TAG) {
                    blocks.add(page + offset);
                }
                offset += 16 * blockSize;
            }
        }
        return blocks;
    }

    /**
     * The processes that exited before the snapshot are in pool, not in the active list: every
     * active process is a Proc block at one fixed distance from its pool header, and the other Proc
     * blocks hold the exited ones, with their exit time, no threads and no handle table.
     */
    @Test
    void exitedProcessesAreFoundInPoolAndNotInTheActiveList() {
        List<Long> blocks = procBlocks();
        long system = THREADS.keySet().iterator().next();
        long distance = system - blocks.stream().filter(b -> Long.compareUnsigned(b, system) < 0)
                .max(Long::compareUnsigned).orElseThrow();
        List<Long> inPool = blocks.stream().map(b -> b + distance).toList();
        assertThat(inPool).containsAll(THREADS.keySet());
        List<String> exited = new ArrayList<>();
        for (long process : inPool) {
            if (THREADS.containsKey(process)) {
                continue;
            }
            String name = field("_EPROCESS", process, "ImageFileName");
            exited.add(name.substring(name.indexOf('"') + 1, name.lastIndexOf('"')));
            long created = largeInteger("_EPROCESS", process, "CreateTime");
            assertThat(largeInteger("_EPROCESS", process, "ExitTime")).as(name).isBetween(created, now);
            assertThat(number("_EPROCESS", process, "ActiveThreads")).as(name).isZero();
            assertThat(field("_EPROCESS", process, "ObjectTable")).as(name).endsWith("(null) ");
            assertThat(field("_POOL_HEADER", process - distance, "PoolType")).as("freed").endsWith("(0)");
            assertThat(lkd.run("!process " + Long.toHexString(process) + " 0").get(2))
                    .matches(" {4}DirBase: [0-9a-f]{8,}  ObjectTable: 00000000  HandleCount:   0\\.");
            long links = process + lkd.eval("#FIELD_OFFSET(nt!_EPROCESS, ActiveProcessLinks)");
            assertThat(lkd.eval("poi(poi(" + Long.toHexString(links) + ")+8)")).as("no neighbour links back to it")
                    .isNotEqualTo(links);
        }
        assertThat(exited).containsExactlyInAnyOrder("smss.exe", "smss.exe", "userinit.exe");
    }

    @Test
    void theIdleProcessIsFirstOnMmProcessList() {
        long first = lkd.eval("poi(nt!MmProcessList)");
        assertThat(first).isEqualTo(lkd.eval("nt!PsIdleProcess+#FIELD_OFFSET(nt!_EPROCESS, MmProcessLinks)"));
        assertThat(field("_EPROCESS", lkd.eval("nt!PsIdleProcess"), "ImageFileName")).endsWith("\"Idle\"");
    }

    @Test
    void vtopTranslatesFromEveryDirBaseAsProcessPrintsIt() {
        List<String> lines = lkd.run("!process 0 0");
        int translated = 0;
        for (int i = 0; i < lines.size(); i++) {
            Matcher dirBase = DIR_BASE.matcher(lines.get(i));
            if (!dirBase.matches()) {
                continue;
            }
            Matcher peb = PEB.matcher(lines.get(i - 1));
            assertThat(peb.matches()).isTrue();
            String va = Long.parseLong(peb.group(1), 16) == 0 ? "nt" : peb.group(1);
            List<String> vtop = lkd.run("!vtop " + dirBase.group(1) + " " + va);
            assertThat(vtop.get(0)).endsWith(String.format("pagedir %016x", Long.parseLong(dirBase.group(1), 16)));
            assertThat(vtop.get(vtop.size() - 1)).as("!vtop %s %s", dirBase.group(1), va).contains(" translates to ");
            translated++;
        }
        assertThat(translated).isEqualTo(THREADS.size());
    }
}
