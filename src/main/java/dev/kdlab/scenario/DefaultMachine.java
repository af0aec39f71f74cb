package dev.kdlab.scenario;

import dev.kdlab.kernel.Kernel;
import dev.kdlab.kernel.MachineTarget;
import dev.kdlab.kernel.ThreadActivity;
import dev.kdlab.target.Target;

import java.util.List;

/**
 * The built-in machine: an idle Windows 10 22H2 desktop after logon, with the parents, sessions,
 * protection and thread counts of machine-19045.md (section 1.2), and the local kernel debugger
 * (kd.exe, started from cmd.exe) as the process whose thread runs on processor 0.
 */
public final class DefaultMachine {
    public static final long DEFAULT_SEED = 19045;
    public static final int PROCESSORS = 4;

    private static final String SYSTEM32 = "C:\\Windows\\System32\\";
    private static final String CSRSS_COMMAND_LINE = "%SystemRoot%\\system32\\csrss.exe ObjectDirectory=\\Windows "
            + "SharedSection=1024,20480,768 Windows=On SubSystemType=Windows ServerDll=basesrv,1 "
            + "ServerDll=winsrv:UserServerDllInitialization,3 ServerDll=sxssrv,4 ProfileControl=Off "
            + "MaxRequestThreads=16";

    /** Creation order is PsActiveProcessHead order. */
    public static final List<ProcessSpec> PROCESSES = List.of(
            ProcessSpec.running("System", "System", null, 0, null, null, -1, 40, 2214, 0x72),
            ProcessSpec.running("Registry", "Registry", null, 0, null, "System", -1, 4, 0, 0x72),
            ProcessSpec.running("smss", "smss.exe", "\\SystemRoot\\System32\\smss.exe", 0x26000,
                    "\\SystemRoot\\System32\\smss.exe", "System", -1, 2, 53, 0x61),
            ProcessSpec.exited("smss-session0", "smss"),
            ProcessSpec.running("csrss0", "csrss.exe", SYSTEM32 + "csrss.exe", 0x9000, CSRSS_COMMAND_LINE,
                    "smss-session0", 0, 10, 722, 0x61),
            ProcessSpec.running("wininit", "wininit.exe", SYSTEM32 + "wininit.exe", 0x5c000, "wininit.exe",
                    "smss-session0", 0, 2, 159, 0x61),
            ProcessSpec.exited("smss-session1", "smss"),
            ProcessSpec.running("csrss1", "csrss.exe", SYSTEM32 + "csrss.exe", 0x9000, CSRSS_COMMAND_LINE,
                    "smss-session1", 1, 13, 445, 0x61),
            ProcessSpec.running("winlogon", "winlogon.exe", SYSTEM32 + "winlogon.exe", 0xa4000, "winlogon.exe",
                    "smss-session1", 1, 5, 276, 0),
            ProcessSpec.running("services", "services.exe", SYSTEM32 + "services.exe", 0xb3000,
                    "C:\\Windows\\system32\\services.exe", "wininit", 0, 5, 617, 0x61),
            ProcessSpec.running("lsass", "lsass.exe", SYSTEM32 + "lsass.exe", 0x14000,
                    "C:\\Windows\\system32\\lsass.exe", "wininit", 0, 9, 1089, 0),
            ProcessSpec.running("svchost-dcom", "svchost.exe", SYSTEM32 + "svchost.exe", 0x10000,
                    "C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p", "services", 0, 18, 1163, 0),
            ProcessSpec.running("svchost-rpcss", "svchost.exe", SYSTEM32 + "svchost.exe", 0x10000,
                    "C:\\Windows\\system32\\svchost.exe -k RPCSS -p", "services", 0, 12, 1027, 0),
            ProcessSpec.running("dwm", "dwm.exe", SYSTEM32 + "dwm.exe", 0x19000, "\"dwm.exe\"", "winlogon", 1, 14,
                    708, 0),
            ProcessSpec.running("svchost-netsvcs", "svchost.exe", SYSTEM32 + "svchost.exe", 0x10000,
                    "C:\\Windows\\system32\\svchost.exe -k netsvcs -p", "services", 0, 48, 2113, 0),
            ProcessSpec.running("svchost-localservice", "svchost.exe", SYSTEM32 + "svchost.exe", 0x10000,
                    "C:\\Windows\\System32\\svchost.exe -k LocalServiceNetworkRestricted -p", "services", 0, 11,
                    488, 0),
            ProcessSpec.running("MemCompression", "MemCompression", null, 0, null, "System", -1, 54, 0, 0x72),
            ProcessSpec.exited("userinit", "winlogon"),
            ProcessSpec.running("explorer", "explorer.exe", "C:\\Windows\\explorer.exe", 0x4d0000,
                    "C:\\Windows\\Explorer.EXE", "userinit", 1, 82, 2164, 0),
            ProcessSpec.running("notepad", "notepad.exe", SYSTEM32 + "notepad.exe", 0x38000,
                    "\"C:\\Windows\\system32\\notepad.exe\"", "explorer", 1, 7, 238, 0),
            ProcessSpec.running("cmd", "cmd.exe", SYSTEM32 + "cmd.exe", 0x5b000,
                    "\"C:\\Windows\\System32\\cmd.exe\"", "explorer", 1, 1, 71, 0),
            ProcessSpec.running("kd", "kd.exe", "C:\\Program Files (x86)\\Windows Kits\\10\\Debuggers\\x64\\kd.exe",
                    0x3e000, "kd -kl", "cmd", 1, 2, 112, 0));

    private DefaultMachine() {
    }

    /** Boots the default machine and returns the debugger's view of it. */
    public static Target boot(long seed) {
        return new MachineTarget(bootKernel(seed));
    }

    public static Kernel bootKernel(long seed) {
        Kernel kernel = new Kernel(seed, PROCESSORS);
        new ScenarioBooter(kernel).boot(PROCESSES, "kd");
        ThreadActivity.settle(kernel);
        return kernel;
    }
}
