package dev.kdlab.debugger;

import dev.kdlab.debugger.symbols.ModuleList;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.target.Target;
import dev.kdlab.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.kdlab.debugger.TargetBytes.EPROCESS;
import static dev.kdlab.debugger.TargetBytes.TYPES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default machine is the idle 22H2 desktop of machine-19045.md: its processes, parents,
 * sessions, accounts, protection, thread counts, loader lists and kernel modules, read by bytes.
 */
class DefaultMachineTest {
    private static Target target;
    private static TargetBytes bytes;
    private static final Map<String, List<Long>> BY_NAME = new HashMap<>();

    @BeforeAll
    static void boot() throws Exception {
        target = DefaultMachine.boot(DefaultMachine.DEFAULT_SEED);
        bytes = new TargetBytes(target);
        for (long eprocess : bytes.processes()) {
            BY_NAME.computeIfAbsent(bytes.imageName(eprocess), k -> new ArrayList<>()).add(eprocess);
        }
    }

    private static long one(String image) {
        List<Long> found = BY_NAME.get(image);
        assertThat(found).as(image).hasSize(1);
        return found.get(0);
    }

    private static long field(long eprocess, String path) throws Exception {
        return bytes.read(eprocess, EPROCESS, path);
    }

    private static long session(long eprocess) throws Exception {
        long session = field(eprocess, "Session");
        return session == 0 ? -1 : bytes.read(session, TYPES.struct("_MM_SESSION_SPACE"), "SessionId");
    }

    private static String commandLine(long eprocess) throws Exception {
        VirtualMemory user = bytes.userSpace(eprocess);
        long parameters = user.readLong(field(eprocess, "Peb") + TYPES.struct("_PEB").offsetOf("ProcessParameters"));
        return TargetBytes.unicode(user, parameters + TYPES.struct("_RTL_USER_PROCESS_PARAMETERS").offsetOf("CommandLine"));
    }

    @Test
    void anIdleDesktopHas45To70ProcessesAnd600ThreadsSystemOver100() throws Exception {
        List<Long> processes = bytes.processes();
        assertThat(processes).hasSizeBetween(45, 70);
        assertThat(field(one("System"), "ActiveThreads")).isGreaterThanOrEqualTo(100);
        assertThat(field(one("MemCompression"), "ActiveThreads")).isEqualTo(54);
        assertThat(BY_NAME.get("svchost.exe")).hasSizeGreaterThanOrEqualTo(25);
        assertThat(BY_NAME.get("csrss.exe")).hasSize(2);
        assertThat(BY_NAME.get("RuntimeBroker.")).hasSize(3);
        for (String name : List.of("Registry", "smss.exe", "wininit.exe", "winlogon.exe", "services.exe", "lsass.exe",
                "dwm.exe", "explorer.exe", "sihost.exe", "SearchApp.exe", "notepad.exe", "kd.exe")) {
            one(name);
        }
        assertThat(BY_NAME.get("cmd.exe")).as("the user's cmd and the elevated one").hasSize(2);
    }

    @Test
    void parentsAreLiveOrTheExitedSmssAndUserinitInstances() throws Exception {
        Set<Long> pids = new HashSet<>();
        for (long eprocess : bytes.processes()) {
            pids.add(field(eprocess, "UniqueProcessId"));
        }
        Set<String> orphans = new HashSet<>();
        for (long eprocess : bytes.processes()) {
            long parent = field(eprocess, "InheritedFromUniqueProcessId");
            if (parent != 0 && !pids.contains(parent)) {
                orphans.add(bytes.imageName(eprocess));
            }
        }
        // machine-19045.md 1.1: the session smss instances and userinit have exited.
        assertThat(orphans).containsExactlyInAnyOrder("csrss.exe", "wininit.exe", "winlogon.exe", "explorer.exe");
        long services = one("services.exe");
        for (long svchost : BY_NAME.get("svchost.exe")) {
            assertThat(field(svchost, "InheritedFromUniqueProcessId")).isEqualTo(field(services, "UniqueProcessId"));
            assertThat(commandLine(svchost)).startsWith("C:\\Windows\\system32\\svchost.exe -k ");
        }
        assertThat(field(one("kd.exe"), "InheritedFromUniqueProcessId"))
                .isEqualTo(field(BY_NAME.get("cmd.exe").get(0), "UniqueProcessId"));
        assertThat(commandLine(one("kd.exe"))).isEqualTo("kd -kl");
    }

    @Test
    void sessionsAccountsAndProtectionFollowTheReference() throws Exception {
        assertThat(session(one("System"))).isEqualTo(-1);
        assertThat(session(one("smss.exe"))).isEqualTo(-1);
        assertThat(BY_NAME.get("csrss.exe").stream().map(p -> uncheckedSession(p)).toList()).containsExactly(0L, 1L);
        assertThat(session(one("explorer.exe"))).isEqualTo(1);
        assertThat(session(one("services.exe"))).isZero();

        assertThat(bytes.tokenUser(one("System"))).isEqualTo("S-1-5-18");
        assertThat(bytes.tokenUser(one("lsass.exe"))).isEqualTo("S-1-5-18");
        assertThat(bytes.tokenUser(one("dwm.exe"))).isEqualTo("S-1-5-90-0-1");
        assertThat(bytes.tokenUser(one("explorer.exe"))).matches("S-1-5-21-\\d+-\\d+-\\d+-1001");
        assertThat(bytes.tokenUser(one("kd.exe"))).isEqualTo(bytes.tokenUser(one("explorer.exe")));
        Map<String, String> hostAccounts = new HashMap<>();
        for (long svchost : BY_NAME.get("svchost.exe")) {
            hostAccounts.put(commandLine(svchost).substring(35), bytes.tokenUser(svchost));
        }
        assertThat(hostAccounts.get("LocalService -p -s nsi")).isEqualTo("S-1-5-19");
        assertThat(hostAccounts.get("NetworkService -p -s Dnscache")).isEqualTo("S-1-5-20");
        assertThat(hostAccounts.get("RPCSS -p")).isEqualTo("S-1-5-20");
        assertThat(hostAccounts.get("DcomLaunch -p")).isEqualTo("S-1-5-18");
        assertThat(hostAccounts.get("UnistackSvcGroup -s CDPUserSvc")).endsWith("-1001");

        assertThat(field(one("System"), "Protection.Level")).isEqualTo(0x72);
        assertThat(field(one("smss.exe"), "Protection.Level")).isEqualTo(0x61);
        assertThat(field(one("services.exe"), "Protection.Level")).isEqualTo(0x61);
        assertThat(field(one("MsMpEng.exe"), "Protection.Level")).isEqualTo(0x31);
        assertThat(field(one("lsass.exe"), "Protection.Level")).as("RunAsPPL is off by default").isZero();
        assertThat(field(one("dwm.exe"), "Pcb.BasePriority")).isEqualTo(13);
        assertThat(auditName(one("smss.exe"))).isEqualTo("\\Device\\HarddiskVolume3\\Windows\\System32\\smss.exe");
        assertThat(auditName(one("SearchApp.exe"))).isEqualTo("\\Device\\HarddiskVolume3\\Windows\\SystemApps\\"
                + "Microsoft.Windows.Search_cw5n1h2txyewy\\SearchApp.exe");
        assertThat(auditName(one("System"))).isEmpty();
        assertThat(field(one("notepad.exe"), "Pcb.BasePriority")).isEqualTo(8);
    }

    /** What SeAuditProcessCreationInfo names: the image's NT path, as Volatility's pstree prints it. */
    private static String auditName(long eprocess) throws Exception {
        return TargetBytes.unicode(bytes.kernel(), field(eprocess, "SeAuditProcessCreationInfo.ImageFileName"));
    }

    private static long uncheckedSession(long eprocess) {
        try {
            return session(eprocess);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void explorerLoadsMoreThanTheBaseDllsAndAllProcessesShareDllBases() throws Exception {
        StructType ldrData = TYPES.struct("_PEB_LDR_DATA");
        StructType entry = TYPES.struct("_LDR_DATA_TABLE_ENTRY");
        Map<String, Long> bases = new HashMap<>();
        for (long eprocess : bytes.processes()) {
            long peb = field(eprocess, "Peb");
            if (peb == 0) {
                continue;
            }
            VirtualMemory user = bytes.userSpace(eprocess);
            long ldr = user.readLong(peb + TYPES.struct("_PEB").offsetOf("Ldr"));
            List<String> names = new ArrayList<>();
            for (long module : bytes.walk(user, ldr + ldrData.offsetOf("InLoadOrderModuleList"), 0)) {
                String name = TargetBytes.unicode(user, module + entry.offsetOf("BaseDllName"));
                long base = user.readLong(module + entry.offsetOf("DllBase"));
                assertThat(user.readShort(base)).as(name + " mapped with its header").isEqualTo(0x5a4d);
                if (!names.isEmpty()) {
                    assertThat(bases.putIfAbsent(name.toLowerCase(), base)).as(name).isIn(null, base);
                }
                names.add(name);
            }
            String image = bytes.imageName(eprocess);
            if (image.equals("smss.exe")) {
                assertThat(names).containsExactly("smss.exe", "ntdll.dll");   // native: no Win32 DLLs
            } else if (image.equals("csrss.exe")) {
                assertThat(names).containsExactly("csrss.exe", "ntdll.dll", "CSRSRV.dll", "basesrv.DLL", "winsrv.DLL",
                        "sxssrv.DLL");
            } else {
                assertThat(names.subList(1, 4)).containsExactly("ntdll.dll", "KERNEL32.DLL", "KERNELBASE.dll");
            }
            if (image.equals("explorer.exe")) {
                assertThat(names).hasSizeGreaterThan(20).contains("SHELL32.dll", "USER32.dll", "combase.dll");
            }
        }
    }

    @Test
    void psLoadedModuleListStartsWithTheKernelAtNtsBaseInTheReferenceOrder() throws Exception {
        StructType kldr = TYPES.struct("_KLDR_DATA_TABLE_ENTRY");
        List<Long> entries = bytes.walk(bytes.kernel(), bytes.symbol("PsLoadedModuleList"), 0);
        List<String> names = new ArrayList<>();
        for (long module : entries) {
            names.add(TargetBytes.unicode(bytes.kernel(), module + kldr.offsetOf("BaseDllName")));
            long base = bytes.read(module, kldr, "DllBase");
            long nt = base + bytes.kernel().readInt(base + 0x3c);
            assertThat(bytes.kernel().readInt(nt + TYPES.struct("_IMAGE_NT_HEADERS64").offsetOf("OptionalHeader.SizeOfImage")))
                    .isEqualTo(bytes.read(module, kldr, "SizeOfImage"));
        }
        assertThat(entries).hasSize(177);
        assertThat(names.subList(0, 8)).containsExactly("ntoskrnl.exe", "hal.dll", "kd.dll", "mcupdate.dll", "CLFS.SYS",
                "tm.sys", "PSHED.dll", "BOOTVID.dll");
        assertThat(names).contains("tcpip.sys", "win32kfull.sys", "cdd.dll").doesNotContain("vmci.sys", "kdcom.dll");
        ModuleList modules = new Session(target).kernelModules();
        assertThat(bytes.read(entries.get(0), kldr, "DllBase")).isEqualTo(modules.named("nt").orElseThrow().base())
                .isEqualTo(target.versionBlock().kernBase());
        long tcpip = modules.named("tcpip").orElseThrow().base();
        assertThat(modules.symbolic(tcpip + 0x1234)).contains("tcpip+0x1234");
        assertThat(modules.symbolic(bytes.symbol("PsLoadedModuleList"))).contains("nt!PsLoadedModuleList");
    }
}
