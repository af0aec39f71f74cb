package dev.kdlab.scenario;

import dev.kdlab.kernel.init.Kernel;
import dev.kdlab.kernel.se.Account;
import dev.kdlab.target.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.kdlab.kernel.se.Account.DESKTOP_USER;
import static dev.kdlab.kernel.se.Account.ELEVATED_USER;
import static dev.kdlab.kernel.se.Account.FONT_DRIVER_HOST;
import static dev.kdlab.kernel.se.Account.LOCAL_SERVICE;
import static dev.kdlab.kernel.se.Account.NETWORK_SERVICE;
import static dev.kdlab.kernel.se.Account.WINDOW_MANAGER;
import static dev.kdlab.kernel.ps.ProcessCreateInfo.SUBSYSTEM_NATIVE;
import static dev.kdlab.kernel.ps.ProcessCreateInfo.SUBSYSTEM_WINDOWS_CUI;
import static dev.kdlab.kernel.ps.ProcessManager.PRIORITY_HIGH;
import static dev.kdlab.scenario.ProcessSpec.PPL_ANTIMALWARE;
import static dev.kdlab.scenario.ProcessSpec.PPL_WIN_TCB;
import static dev.kdlab.scenario.ProcessSpec.PROTECTED_WIN_SYSTEM;
import static dev.kdlab.scenario.ProcessSpec.exited;
import static dev.kdlab.scenario.ProcessSpec.minimal;
import static dev.kdlab.scenario.ProcessSpec.process;

/**
 * The built-in machine: an idle Windows 10 22H2 desktop (more than 3.5 GB of RAM, so one service
 * per svchost) a few minutes after logon, with the processes, parents, sessions, accounts,
 * protection and thread counts of machine-19045.md sections 1.1-1.3, a few user programs, and the
 * local kernel debugger (kd.exe -kl, started from cmd.exe) whose first thread runs on processor 0, and an
 * elevated cmd.exe (Run as administrator: the user's linked token, high integrity) with its conhost.
 * Creation order is PsActiveProcessHead order (S1 `!tl`: MemCompression comes about 20th).
 */
public final class DefaultMachine {
    public static final long DEFAULT_SEED = 19045;
    public static final int PROCESSORS = 4;

    private static final String SYSTEM32 = "C:\\Windows\\System32\\";
    private static final String SYSTEM_APPS = "C:\\Windows\\SystemApps\\";
    private static final String CSRSS_COMMAND_LINE = "%SystemRoot%\\system32\\csrss.exe ObjectDirectory=\\Windows "
            + "SharedSection=1024,20480,768 Windows=On SubSystemType=Windows ServerDll=basesrv,1 "
            + "ServerDll=winsrv:UserServerDllInitialization,3 ServerDll=sxssrv,4 ProfileControl=Off "
            + "MaxRequestThreads=16";
    private static final String DEFENDER = "C:\\ProgramData\\Microsoft\\Windows Defender\\platform\\4.18.24080.9-0\\";

    /** The imports each kind of image loads after ntdll, KERNEL32 and KERNELBASE (abridged); native ones after ntdll. */
    /** csrss is native: CSRSRV, then the server DLLs its command line names (ServerDll=basesrv, winsrv, sxssrv). */
    private static final List<String> CSRSS_DLLS = List.of("CSRSRV.dll", "basesrv.DLL", "winsrv.DLL", "sxssrv.DLL");
    private static final List<String> SYSTEM_PROCESS_DLLS = List.of("msvcrt.dll", "sechost.dll", "RPCRT4.dll",
            "ucrtbase.dll", "bcrypt.dll", "advapi32.dll", "SspiCli.dll");
    private static final List<String> SERVICE_DLLS = List.of("msvcp_win.dll", "ucrtbase.dll", "combase.dll",
            "RPCRT4.dll", "sechost.dll", "advapi32.dll", "msvcrt.dll");
    private static final List<String> GUI_DLLS = List.of("msvcp_win.dll", "ucrtbase.dll", "USER32.dll",
            "win32u.dll", "GDI32.dll", "gdi32full.dll", "combase.dll", "RPCRT4.dll", "SHCORE.dll", "msvcrt.dll",
            "IMM32.DLL", "advapi32.dll", "sechost.dll", "ole32.dll", "uxtheme.dll", "MSCTF.dll", "OLEAUT32.dll",
            "kernel.appcore.dll", "bcryptPrimitives.dll");
    private static final List<String> APP_DLLS = join(GUI_DLLS, "WinTypes.dll", "twinapi.appcore.dll",
            "CoreMessaging.dll", "dwmapi.dll");
    private static final List<String> SHELL_DLLS = join(APP_DLLS, "SHELL32.dll", "shlwapi.dll",
            "windows.storage.dll", "PROPSYS.dll", "clbcatq.dll", "profapi.dll", "CRYPT32.dll");
    private static final List<String> CONSOLE_DLLS = List.of("msvcrt.dll", "combase.dll", "ucrtbase.dll",
            "RPCRT4.dll", "sechost.dll", "cmdext.dll");

    /** Creation order is PsActiveProcessHead order. */
    public static final List<ProcessSpec> PROCESSES = List.of(
            minimal("System", "System").protection(PROTECTED_WIN_SYSTEM).counts(164, 2214).build(),
            minimal("Registry", "Registry").parent("System").protection(PROTECTED_WIN_SYSTEM).counts(4, 0).build(),
            process("smss", "\\SystemRoot\\System32\\smss.exe", 0x26000)
                    .commandLine("\\SystemRoot\\System32\\smss.exe").parent("System").protection(PPL_WIN_TCB)
                    .subsystem(SUBSYSTEM_NATIVE).counts(2, 53).build(),
            exited("smss-session0", "\\SystemRoot\\System32\\smss.exe", "smss").session(0).protection(PPL_WIN_TCB).build(),
            csrss("csrss0", "smss-session0", 0, 10, 722),
            process("wininit", SYSTEM32 + "wininit.exe", 0x5c000).commandLine("wininit.exe").parent("smss-session0")
                    .session(0).protection(PPL_WIN_TCB).priorityClass(PRIORITY_HIGH).counts(2, 159)
                    .dlls(SYSTEM_PROCESS_DLLS).build(),
            exited("smss-session1", "\\SystemRoot\\System32\\smss.exe", "smss").session(1).protection(PPL_WIN_TCB).build(),
            csrss("csrss1", "smss-session1", 1, 13, 445),
            process("winlogon", SYSTEM32 + "winlogon.exe", 0xa4000).commandLine("winlogon.exe")
                    .parent("smss-session1").session(1).priorityClass(PRIORITY_HIGH).counts(5, 276)
                    .dlls(SYSTEM_PROCESS_DLLS).build(),
            process("services", SYSTEM32 + "services.exe", 0xb3000).commandLine("C:\\Windows\\system32\\services.exe")
                    .parent("wininit").session(0).protection(PPL_WIN_TCB).counts(5, 617)
                    .dlls(SYSTEM_PROCESS_DLLS).build(),
            process("lsass", SYSTEM32 + "lsass.exe", 0x14000).commandLine("C:\\Windows\\system32\\lsass.exe")
                    .parent("wininit").session(0).counts(9, 1089)
                    .dlls(join(SYSTEM_PROCESS_DLLS, "lsasrv.dll", "SAMSRV.dll", "CRYPT32.dll")).build(),
            svchost("svchost-dcom", "DcomLaunch -p", null, 15, 1163),
            process("fontdrvhost0", SYSTEM32 + "fontdrvhost.exe", 0xb1000).commandLine("\"fontdrvhost.exe\"")
                    .parent("wininit").session(0).as(FONT_DRIVER_HOST).counts(5, 32).dlls(fontDriverHostDlls())
                    .build(),
            process("fontdrvhost1", SYSTEM32 + "fontdrvhost.exe", 0xb1000).commandLine("\"fontdrvhost.exe\"")
                    .parent("winlogon").session(1).as(FONT_DRIVER_HOST).counts(5, 42).dlls(fontDriverHostDlls())
                    .build(),
            svchost("svchost-rpcss", "RPCSS -p", NETWORK_SERVICE, 10, 1027),
            process("dwm", SYSTEM32 + "dwm.exe", 0x19000).commandLine("\"dwm.exe\"").parent("winlogon").session(1)
                    .as(WINDOW_MANAGER).priorityClass(PRIORITY_HIGH).counts(14, 708)
                    .dlls(join(APP_DLLS, "dwmcore.dll")).build(),
            svchost("svchost-lsm", "DcomLaunch -p -s LSM", null, 5, 154),
            svchost("svchost-gpsvc", "netsvcs -p -s gpsvc", null, 5, 212),
            svchost("svchost-lmhosts", "LocalServiceNetworkRestricted -p -s lmhosts", LOCAL_SERVICE, 5, 143),
            svchost("svchost-eventlog", "LocalServiceNetworkRestricted -p -s EventLog", LOCAL_SERVICE, 8, 402),
            svchost("svchost-schedule", "netsvcs -p -s Schedule", null, 12, 435),
            minimal("MemCompression", "MemCompression").parent("System").protection(PROTECTED_WIN_SYSTEM)
                    .counts(54, 0).build(),
            svchost("svchost-profsvc", "netsvcs -p -s ProfSvc", null, 5, 211),
            svchost("svchost-nonetwork", "LocalServiceNoNetwork -p", LOCAL_SERVICE, 4, 126),
            svchost("svchost-nsi", "LocalService -p -s nsi", LOCAL_SERVICE, 4, 139),
            svchost("svchost-usermanager", "netsvcs -p -s UserManager", null, 5, 398),
            svchost("svchost-dhcp", "LocalServiceNetworkRestricted -p -s Dhcp", LOCAL_SERVICE, 6, 198),
            svchost("svchost-nlasvc", "NetworkService -p -s NlaSvc", NETWORK_SERVICE, 5, 253),
            svchost("svchost-eventsystem", "LocalService -p -s EventSystem", LOCAL_SERVICE, 5, 215),
            svchost("svchost-sysmain", "LocalSystemNetworkRestricted -p -s SysMain", null, 6, 236),
            svchost("svchost-themes", "netsvcs -p -s Themes", null, 4, 177),
            svchost("svchost-audiosrv", "LocalServiceNetworkRestricted -p", LOCAL_SERVICE, 13, 412),
            svchost("svchost-dnscache", "NetworkService -p -s Dnscache", NETWORK_SERVICE, 10, 247),
            svchost("svchost-firewall", "LocalServiceNoNetworkFirewall -p", LOCAL_SERVICE, 17, 569),
            process("spoolsv", SYSTEM32 + "spoolsv.exe", 0x9a000).commandLine("C:\\Windows\\System32\\spoolsv.exe")
                    .parent("services").session(0).service().counts(7, 433).dlls(SERVICE_DLLS).build(),
            svchost("svchost-staterepository", "appmodel -p -s StateRepository", null, 9, 493),
            svchost("svchost-winmgmt", "netsvcs -p -s Winmgmt", null, 22, 478),
            process("msmpeng", DEFENDER + "MsMpEng.exe", 0x20000).commandLine("\"" + DEFENDER + "MsMpEng.exe\"")
                    .parent("services").session(0).service().protection(PPL_ANTIMALWARE).counts(29, 1047)
                    .dlls(join(SERVICE_DLLS, "CRYPT32.dll", "WS2_32.dll")).build(),
            svchost("svchost-utcsvc", "utcsvc -p", null, 11, 421),
            svchost("svchost-tabletinput", "LocalSystemNetworkRestricted -p -s TabletInputService", null, 6, 203),
            process("searchindexer", SYSTEM32 + "SearchIndexer.exe", 0xd4000)
                    .commandLine("C:\\Windows\\system32\\SearchIndexer.exe /Embedding").parent("services").session(0)
                    .service()
                    .counts(20, 762).dlls(SERVICE_DLLS).build(),
            svchost("svchost-appxsvc", "wsappx -p -s AppXSvc", null, 12, 371),
            process("securityhealthservice", SYSTEM32 + "SecurityHealthService.exe", 0x87000)
                    .commandLine("C:\\Windows\\system32\\SecurityHealthService.exe").parent("services").session(0)
                    .service()
                    .counts(7, 418).dlls(SERVICE_DLLS).build(),
            userSvchost("svchost-cdpusersvc", "UnistackSvcGroup -s CDPUserSvc", 7, 361),
            userSvchost("svchost-wpnuserservice", "UnistackSvcGroup -s WpnUserService", 6, 288),
            exited("userinit", SYSTEM32 + "userinit.exe", "winlogon").session(1).as(DESKTOP_USER).build(),
            process("sihost", SYSTEM32 + "sihost.exe", 0x2b000).commandLine("sihost.exe").parent("svchost-usermanager")
                    .session(1).as(DESKTOP_USER).counts(11, 670).dlls(APP_DLLS).build(),
            process("taskhostw", SYSTEM32 + "taskhostw.exe", 0x1d000)
                    .commandLine("taskhostw.exe {222A245B-E637-4AE9-A93F-A59CA119A75E}").parent("svchost-schedule")
                    .session(1).as(DESKTOP_USER).counts(8, 293).dlls(APP_DLLS).build(),
            process("ctfmon", SYSTEM32 + "ctfmon.exe", 0x12000).commandLine("\"ctfmon.exe\"")
                    .parent("svchost-tabletinput").session(1).as(DESKTOP_USER).counts(11, 498).dlls(GUI_DLLS).build(),
            process("explorer", "C:\\Windows\\explorer.exe", 0x4d0000).commandLine("C:\\Windows\\Explorer.EXE")
                    .parent("userinit").session(1).counts(82, 2164).dlls(SHELL_DLLS).build(),
            app("startmenu", "Microsoft.Windows.StartMenuExperienceHost_cw5n1h2txyewy\\StartMenuExperienceHost.exe",
                    0xd5000, "App.AppXywbrabmsek0gm3tkwpr5kwzbs55tkqay.mca", 12, 637),
            process("runtimebroker1", SYSTEM32 + "RuntimeBroker.exe", 0xf4000)
                    .commandLine("C:\\Windows\\System32\\RuntimeBroker.exe -Embedding").parent("svchost-dcom").session(1)
                    .as(DESKTOP_USER).counts(5, 316).dlls(APP_DLLS).build(),
            app("searchapp", "Microsoft.Windows.Search_cw5n1h2txyewy\\SearchApp.exe", 0x2f8000,
                    "CortanaUI.AppX8z9r6jm96hw4bsbneegw0kyxx296wr9t.mca", 35, 1416),
            process("runtimebroker2", SYSTEM32 + "RuntimeBroker.exe", 0xf4000)
                    .commandLine("C:\\Windows\\System32\\RuntimeBroker.exe -Embedding").parent("svchost-dcom").session(1)
                    .as(DESKTOP_USER).counts(4, 127).dlls(APP_DLLS).build(),
            app("textinputhost", "MicrosoftWindows.Client.CBS_cw5n1h2txyewy\\TextInputHost.exe", 0x6e000,
                    "InputApp.AppXjd5de1g66v206tj52m9d0dtpppx4cgpn.mca", 12, 515),
            process("securityhealthsystray", SYSTEM32 + "SecurityHealthSystray.exe", 0x18000)
                    .commandLine("\"C:\\Windows\\System32\\SecurityHealthSystray.exe\"").parent("explorer").session(1)
                    .counts(3, 162).dlls(GUI_DLLS).build(),
            process("runtimebroker3", SYSTEM32 + "RuntimeBroker.exe", 0xf4000)
                    .commandLine("C:\\Windows\\System32\\RuntimeBroker.exe -Embedding").parent("svchost-dcom").session(1)
                    .as(DESKTOP_USER).counts(6, 283).dlls(APP_DLLS).build(),
            process("wmiprvse", SYSTEM32 + "wbem\\WmiPrvSE.exe", 0x82000)
                    .commandLine("C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding").parent("svchost-dcom")
                    .session(0).as(NETWORK_SERVICE).counts(12, 312).dlls(SERVICE_DLLS).inJob().build(),
            userSvchost("svchost-cbdhsvc", "ClipboardSvcGroup -p -s cbdhsvc", 5, 214),
            process("audiodg", SYSTEM32 + "audiodg.exe", 0x69000).commandLine("C:\\Windows\\system32\\AUDIODG.EXE 0x4b8")
                    .parent("svchost-audiosrv").session(0).as(LOCAL_SERVICE).counts(5, 127).dlls(SERVICE_DLLS).build(),
            process("notepad", SYSTEM32 + "notepad.exe", 0x38000).commandLine("\"C:\\Windows\\system32\\notepad.exe\"")
                    .parent("explorer").session(1).counts(7, 238).dlls(GUI_DLLS).build(),
            process("cmd", SYSTEM32 + "cmd.exe", 0x5b000).commandLine("\"C:\\Windows\\System32\\cmd.exe\"")
                    .parent("explorer").session(1).subsystem(SUBSYSTEM_WINDOWS_CUI).counts(1, 71).dlls(CONSOLE_DLLS)
                    .build(),
            process("conhost", SYSTEM32 + "conhost.exe", 0xd2000).commandLine("\\??\\C:\\Windows\\system32\\conhost.exe 0x4")
                    .parent("cmd").session(1).counts(4, 234).dlls(GUI_DLLS).build(),
            process("kd", "C:\\Program Files (x86)\\Windows Kits\\10\\Debuggers\\x64\\kd.exe", 0x3e000)
                    .commandLine("kd -kl").parent("cmd").session(1).subsystem(SUBSYSTEM_WINDOWS_CUI).counts(2, 112)
                    .dlls(List.of("msvcrt.dll", "ucrtbase.dll", "advapi32.dll", "sechost.dll", "RPCRT4.dll",
                            "combase.dll", "ole32.dll", "OLEAUT32.dll", "dbgeng.dll", "dbghelp.dll", "dbgmodel.dll"))
                    .build(),
            process("cmd-elevated", SYSTEM32 + "cmd.exe", 0x5b000).commandLine("\"C:\\Windows\\system32\\cmd.exe\" ")
                    .parent("explorer").session(1).as(ELEVATED_USER).subsystem(SUBSYSTEM_WINDOWS_CUI).counts(1, 68)
                    .dlls(CONSOLE_DLLS).build(),
            process("conhost-elevated", SYSTEM32 + "conhost.exe", 0xd2000)
                    .commandLine("\\??\\C:\\Windows\\system32\\conhost.exe 0x4").parent("cmd-elevated").session(1)
                    .counts(4, 229).dlls(GUI_DLLS).build());

    private DefaultMachine() {
    }

    private static ProcessSpec csrss(String key, String parent, int session, int threads, int handles) {
        return process(key, SYSTEM32 + "csrss.exe", 0x9000).commandLine(CSRSS_COMMAND_LINE).parent(parent)
                .session(session).protection(PPL_WIN_TCB).priorityClass(PRIORITY_HIGH).subsystem(SUBSYSTEM_NATIVE)
                .counts(threads, handles).dlls(CSRSS_DLLS).build();
    }

    /**
     * A service host started by services.exe: `svchost.exe -k group [-p] [-s service]`, as
     * LocalSystem (inheriting services.exe's token) unless the group runs as a service account.
     */
    private static ProcessSpec svchost(String key, String group, Account account, int threads, int handles) {
        return process(key, SYSTEM32 + "svchost.exe", 0x10000).commandLine("C:\\Windows\\system32\\svchost.exe -k " + group)
                .parent("services").session(0).service().as(account).counts(threads, handles).dlls(SERVICE_DLLS).build();
    }

    /** A per-user service host (UnistackSvcGroup, ClipboardSvcGroup): session 1, the user's token. */
    private static ProcessSpec userSvchost(String key, String group, int threads, int handles) {
        return process(key, SYSTEM32 + "svchost.exe", 0x10000).commandLine("C:\\Windows\\system32\\svchost.exe -k " + group)
                .parent("services").session(1).service().as(DESKTOP_USER).counts(threads, handles).dlls(SERVICE_DLLS).build();
    }

    /** A packaged system app DcomLaunch starts for the user, in a job of its own. */
    private static ProcessSpec app(String key, String relativePath, long size, String serverName, int threads,
                                   int handles) {
        String path = SYSTEM_APPS + relativePath;
        return process(key, path, size).commandLine("\"" + path + "\" -ServerName:" + serverName)
                .parent("svchost-dcom").session(1).as(DESKTOP_USER).counts(threads, handles).dlls(APP_DLLS).inJob()
                .build();
    }

    private static List<String> fontDriverHostDlls() {
        return List.of("msvcp_win.dll", "ucrtbase.dll", "RPCRT4.dll", "win32u.dll", "GDI32.dll", "gdi32full.dll");
    }

    private static List<String> join(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(Stream.of(more).toList());
        return List.copyOf(all);
    }

    /** Boots the default machine and returns the debugger's view of it. */
    public static Target boot(long seed) {
        return LiveTargets.of(bootKernel(seed));
    }

    public static Kernel bootKernel(long seed) {
        return bootKernel(seed, PROCESSES);
    }

    /** The desktop with another process list (an exercise's extra processes), kd's thread on processor 0. */
    static Kernel bootKernel(long seed, List<ProcessSpec> processes) {
        Kernel kernel = new Kernel(seed, PROCESSORS, DesktopThreads.PLAN);
        new ScenarioBooter(kernel).boot(processes, "kd");
        return kernel;
    }
}
