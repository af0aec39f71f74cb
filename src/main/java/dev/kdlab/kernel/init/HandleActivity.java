package dev.kdlab.kernel.init;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.cm.ConfigurationManager;
import dev.kdlab.kernel.ex.HandleTable;
import dev.kdlab.kernel.io.IoManager;
import dev.kdlab.kernel.ke.DispatcherObjects;
import dev.kdlab.kernel.ldr.LoaderInitialization;
import dev.kdlab.kernel.mm.Sections;
import dev.kdlab.kernel.ob.ObjectManager;
import dev.kdlab.kernel.ob.ObjectTypeIndex;
import dev.kdlab.kernel.ps.ProcessManager.CreatedProcess;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What each process opened while the machine ran its first minutes, applied once after boot: the
 * servers' handles to the ports, events and window stations they made ({@link SystemNamespace}),
 * the System process's handles to the processes it watches, then, up to the handle count the
 * scenario gives each process (machine-19045.md 1.2), what a process of its kind opens as it works:
 * events and waits of its thread pools, registry keys, files and sections, ALPC connections to the
 * services it calls, ETW registrations, the tokens lsass keeps. Every object is made by the
 * component's own service (NtCreateEvent, CmOpenKey, IopCreateFile, NtCreateSection ...), and every
 * handle goes in through ObpCreateHandle, so header and type counts follow.
 */
public final class HandleActivity {
    private static final long EVENT_ALL_ACCESS = 0x1f0003;
    private static final long SYNCHRONIZE_MODIFY = 0x100002;

    /** What a process of some kind opens, with relative weights. */
    private enum Kind {
        EVENT, NAMED_EVENT, MUTANT, NAMED_MUTANT, SEMAPHORE, KEY, USER_KEY, FILE, DEVICE_FILE, SECTION, NAMED_SECTION,
        WAIT_PACKET, IR_TIMER, THREAD_POOL, ETW, ALPC, TOKEN, DIRECTORY, WMI_GUID, OWN_THREAD
    }

    private static final Kind[] KINDS = Kind.values();

    /** Weights, in the order of {@link Kind}, per kind of process. */
    private static final int[] SYSTEM = {14, 3, 1, 0, 2, 26, 0, 18, 2, 4, 0, 3, 2, 0, 10, 3, 1, 1, 3, 0};
    private static final int[] LSASS = {24, 2, 2, 1, 4, 12, 1, 2, 4, 2, 1, 8, 4, 1, 8, 10, 12, 0, 0, 4};
    private static final int[] SERVICES = {18, 1, 1, 0, 3, 45, 0, 1, 2, 1, 0, 8, 3, 1, 5, 6, 2, 0, 0, 3};
    private static final int[] SERVICE_HOST = {28, 3, 2, 1, 4, 14, 2, 2, 5, 3, 1, 12, 5, 1, 9, 7, 2, 0, 0, 5};
    private static final int[] DESKTOP_APP = {27, 3, 2, 3, 4, 10, 6, 5, 3, 4, 4, 12, 5, 1, 8, 4, 1, 1, 0, 5};
    private static final int[] SUBSYSTEM = {30, 2, 1, 1, 5, 8, 0, 2, 6, 6, 4, 4, 2, 0, 5, 14, 1, 1, 0, 0};

    private static final List<String> MACHINE_KEYS = List.of(
            "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options",
            "\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control\\Nls\\CustomLocale",
            "\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control\\Nls\\Language",
            "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon",
            "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Ole",
            "\\REGISTRY\\MACHINE\\SOFTWARE\\Classes",
            "\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Services\\WinSock2\\Parameters\\Protocol_Catalog9",
            "\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Services\\WinSock2\\Parameters\\NameSpace_Catalog5",
            "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings",
            "\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control\\SecurityProviders",
            "\\REGISTRY\\MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\Safer\\CodeIdentifiers",
            "\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control\\Lsa",
            "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\SideBySide",
            "\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control\\ComputerName\\ActiveComputerName",
            "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Perflib",
            "\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Services\\Tcpip\\Parameters",
            "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Cryptography\\Defaults\\Provider Types",
            "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\FolderDescriptions",
            "\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control\\WMI\\Security",
            "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\WBEM\\CIMOM");
    private static final List<String> USER_KEYS = List.of("", "\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer",
            "\\Software\\Classes", "\\Control Panel\\International", "\\Control Panel\\Desktop",
            "\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings",
            "\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Advanced",
            "\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders",
            "\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Shell Folders",
            "\\Software\\Microsoft\\Windows\\CurrentVersion\\Notifications\\Settings");
    private static final List<String> SERVICE_NAMES = List.of("AppXSvc", "Appinfo", "AudioEndpointBuilder", "Audiosrv",
            "BFE", "BITS", "BrokerInfrastructure", "CDPSvc", "CDPUserSvc", "ClipSVC", "CoreMessagingRegistrar",
            "CryptSvc", "DPS", "DcomLaunch", "Dhcp", "DiagTrack", "DispBrokerDesktopSvc", "Dnscache", "DoSvc",
            "DsmSvc", "EventLog", "EventSystem", "FontCache", "IKEEXT", "InstallService", "KeyIso", "LSM",
            "LanmanServer", "LanmanWorkstation", "MpsSvc", "NcbService", "NlaSvc", "PcaSvc", "PlugPlay",
            "PolicyAgent", "Power", "ProfSvc", "RmSvc", "RpcEptMapper", "RpcSs", "SENS", "SamSs",
            "Schedule", "SecurityHealthService", "SgrmBroker", "ShellHWDetection", "Spooler", "SstpSvc",
            "StateRepository", "StorSvc", "SysMain", "SystemEventsBroker", "TabletInputService", "Themes",
            "TimeBrokerSvc", "TokenBroker", "TrkWks", "UserManager", "UsoSvc", "VaultSvc", "W32Time",
            "WSearch", "WdiServiceHost", "WdiSystemHost", "WinDefend", "WinHttpAutoProxySvc", "Winmgmt",
            "WpnService", "WpnUserService", "camsvc", "cbdhsvc", "gpsvc", "iphlpsvc", "lmhosts", "mpssvc", "netprofm",
            "nsi", "wscsvc", "wuauserv");
    private static final List<String> SYSTEM_FILES = List.of("C:\\Windows\\System32\\config\\SYSTEM",
            "C:\\Windows\\System32\\config\\SYSTEM.LOG1", "C:\\Windows\\System32\\config\\SYSTEM.LOG2",
            "C:\\Windows\\System32\\config\\SOFTWARE", "C:\\Windows\\System32\\config\\SOFTWARE.LOG1",
            "C:\\Windows\\System32\\config\\SAM", "C:\\Windows\\System32\\config\\SECURITY",
            "C:\\Windows\\System32\\config\\DEFAULT", "C:\\Windows\\System32\\config\\BBI",
            "C:\\pagefile.sys", "C:\\swapfile.sys", "C:\\$Extend\\$RmMetadata\\$TxfLog\\$TxfLog.blf",
            "C:\\$Extend\\$RmMetadata\\$Txf", "C:\\$Extend\\$RmMetadata\\$Repair", "C:\\$Extend\\$ObjId",
            "C:\\System Volume Information\\tracking.log", "C:\\Users\\learner\\NTUSER.DAT",
            "C:\\Users\\learner\\AppData\\Local\\Microsoft\\Windows\\UsrClass.dat",
            "C:\\Windows\\ServiceProfiles\\LocalService\\NTUSER.DAT",
            "C:\\Windows\\ServiceProfiles\\NetworkService\\NTUSER.DAT",
            "C:\\Windows\\System32\\LogFiles\\WMI\\RtBackup\\EtwRTEventLog-System.etl",
            "C:\\Windows\\System32\\LogFiles\\WMI\\RtBackup\\EtwRTDiagLog.etl",
            "C:\\ProgramData\\Microsoft\\Windows\\wfp\\wfpdiag.etl", "C:\\Windows\\System32\\catroot2\\edb.log",
            "\\Device\\HarddiskVolume3", "\\Device\\HarddiskVolume1", "\\Device\\Mup", "\\Device\\KsecDD");
    private static final List<String> SERVICE_FILES = List.of("\\Device\\KsecDD", "\\Device\\CNG",
            "\\Device\\Afd\\Endpoint", "\\Device\\Nsi", "\\Device\\DeviceApi\\CMApi", "\\Device\\NamedPipe\\",
            "C:\\Windows\\System32\\en-US\\svchost.exe.mui", "C:\\Windows\\System32\\en-US\\KernelBase.dll.mui",
            "C:\\Windows\\Registration\\R000000000006.clb", "C:\\Windows\\System32\\catroot2\\edb.log",
            "\\Device\\Afd\\AsyncConnectHlp", "C:\\ProgramData\\Microsoft\\Windows\\wfp\\wfpdiag.etl");
    private static final List<String> APP_FILES = List.of("C:\\Windows\\System32\\en-US\\KernelBase.dll.mui",
            "C:\\Windows\\System32\\en-US\\user32.dll.mui", "C:\\Windows\\System32\\en-US\\shell32.dll.mui",
            "C:\\Windows\\Fonts\\StaticCache.dat", "C:\\Windows\\Registration\\R000000000006.clb",
            "C:\\Windows\\SystemResources\\imageres.dll.mun", "\\Device\\DeviceApi\\CMApi", "\\Device\\CNG",
            "\\Device\\Nsi", "\\Device\\KsecDD",
            "C:\\Users\\learner\\AppData\\Local\\Microsoft\\Windows\\Explorer\\iconcache_32.db",
            "C:\\Users\\learner\\AppData\\Local\\Microsoft\\Windows\\Caches\\cversions.3.db",
            "C:\\Users\\learner\\AppData\\Local\\Microsoft\\Windows\\Explorer\\thumbcache_idx.db",
            "C:\\Windows\\System32\\en-US\\windows.storage.dll.mui", "\\Device\\Afd\\Endpoint");
    private static final List<String> DATA_FILES = List.of("C:\\Windows\\System32\\locale.nls",
            "C:\\Windows\\Globalization\\Sorting\\SortDefault.nls", "C:\\Windows\\System32\\en-US\\KernelBase.dll.mui",
            "C:\\Windows\\Fonts\\StaticCache.dat", "C:\\Windows\\Registration\\R000000000006.clb");
    private static final List<String> SECTION_NAMES = List.of("windows_shell_global_counters", "__ComCatalogCache__",
            "C:*ProgramData*Microsoft*Windows*Caches*{6AF0698E-D558-4F6E-9B3C-3716689AF493}.2.ver0x0000000000000001.db",
            "C:*ProgramData*Microsoft*Windows*Caches*cversions.2.ro", "NLS_CodePage_1252_3_2_0_0",
            "NLS_CodePage_437_3_2_0_0", "SessionImmersiveColorPreference", "WinRTBase.ActivationCache");
    private static final List<String> MUTANT_NAMES = List.of("SessionImmersiveColorMutex", "ZonesCacheCounterMutex",
            "ZonesLockedCacheCounterMutex", "MSCTF.Asm.MutexDefault1", "RasPbFile", "ZonesCounterMutex");
    private static final List<String> EVENT_NAMES = List.of("WinSta0_DesktopSwitch", "ThemesApiConnectionRequest",
            "TokenBrokerCacheEvent", "MsCtfMonitor", "StateRepositoryReady", "ShellCFEvent");

    private final Kernel kernel;
    private final KernelSpace space;
    private final ObjectManager objects;
    private final DispatcherObjects dispatcher;
    private final IoManager io;
    private final ConfigurationManager registry;
    private final Sections sections;
    private final LoaderInitialization ports;
    private final SplittableRandom random;
    /** The threads the process being topped up started itself and has no handle to yet. */
    private final List<Long> ownThreads = new java.util.ArrayList<>();
    private final Map<Long, String> userSids = new java.util.HashMap<>();

    private HandleActivity(Kernel kernel) {
        this.kernel = kernel;
        this.space = kernel.space();
        this.objects = kernel.objects();
        this.dispatcher = kernel.dispatcherObjects();
        this.io = kernel.io();
        this.registry = kernel.configuration();
        this.sections = kernel.memoryManager().sections();
        this.ports = new LoaderInitialization(space, objects, io, registry, dispatcher, kernel.memoryManager());
        this.random = kernel.random().split();
    }

    /** Applies what the processes opened; call once, after every process exists. */
    public static void settle(Kernel kernel) {
        new HandleActivity(kernel).run();
    }

    private void run() {
        List<CreatedProcess> processes = kernel.processes().createdProcesses();
        Map<String, List<long[]>> owned = kernel.ownedObjects();
        for (CreatedProcess process : processes) {
            if (imageName(process).equals("lsass.exe")) {
                // LsapInitLsa: the LSA creates tokens, so it turns SeCreateTokenPrivilege (LUID 2) on
                kernel.security().NtAdjustPrivilegesToken(tokenOf(process.eprocess()), 1L << 2);
            }
            for (Map.Entry<String, List<long[]>> owner : owned.entrySet()) {
                if (owns(owner.getKey(), process)) {
                    for (long[] object : owner.getValue()) {
                        objects.ObOpenObjectByPointer(process.handles(), object[0], object[1], 0);
                    }
                }
            }
            if (isSystem(process)) {
                for (CreatedProcess watched : processes) {
                    objects.ObOpenObjectByPointer(process.handles(), watched.eprocess(),
                            watched.processId() % 3 == 1 ? 0x1fffff : 0x102a, 0);
                }
            }
        }
        for (CreatedProcess process : processes) {
            topUp(process, processes);
        }
        objects.ObpUpdateTypeTotals();
    }

    /** Opens handles of the process's kind until its table holds the scenario's count. */
    private void topUp(CreatedProcess process, List<CreatedProcess> processes) {
        int[] weights = weightsOf(process);
        if (weights == null) {
            return;
        }
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int target = process.info().handleCount();
        ownThreads.clear();
        if (process.user() != null) {
            ownThreads.addAll(process.threads().subList(1, process.threads().size()));
        }
        while (process.handles().count() < target) {
            int pick = random.nextInt(total);
            int kind = 0;
            while (pick >= weights[kind]) {
                pick -= weights[kind++];
            }
            open(KINDS[kind], process, processes, target - process.handles().count());
        }
    }

    private void open(Kind kind, CreatedProcess p, List<CreatedProcess> processes, int room) {
        HandleTable t = p.handles();
        long pid = p.processId();
        String session = sessionDirectory(p);
        switch (kind) {
            case EVENT -> insert(t, dispatcher.NtCreateEvent(random.nextInt(2), null, false), EVENT_ALL_ACCESS);
            case NAMED_EVENT -> open(t, dispatcher.NtCreateEvent(0, session + "\\" + pick(EVENT_NAMES), false),
                    EVENT_ALL_ACCESS);
            case MUTANT -> insert(t, dispatcher.NtCreateMutant(null), 0x1f0001);
            case NAMED_MUTANT -> open(t, dispatcher.NtCreateMutant(random.nextBoolean() ? session + "\\" + pick(MUTANT_NAMES)
                    : String.format("%s\\SM0:%d:304:WilStaging_02", session, pid)), 0x1f0001);
            case SEMAPHORE -> insert(t, dispatcher.NtCreateSemaphore(random.nextInt(1, 0x100), null), 0x1f0003);
            case KEY -> insert(t, registry.CmOpenKey(keyFor(p), pid), random.nextBoolean() ? 0x20019 : 0x1);
            case USER_KEY -> insert(t, registry.CmOpenKey(userKey(p), pid), 0xf003f);
            case FILE -> insert(t, io.IopCreateFile(fileFor(p), 0x120089), 0x120089);
            case DEVICE_FILE -> insert(t, io.IopCreateFile(pick(List.of("\\Device\\KsecDD", "\\Device\\CNG",
                    "\\Device\\Nsi", "\\Device\\DeviceApi\\CMApi")), 0x100001), 0x100001);
            case SECTION -> insert(t, random.nextInt(3) == 0
                    ? sections.MmCreateSection(sections.dataFile(pick(DATA_FILES), 0x100000), null)
                    : sections.MmCreatePagefileSection(0x1000L * random.nextInt(1, 0x40), 0x04, null).object(), 0xf0007);
            case NAMED_SECTION -> open(t, namedSection(session + "\\" + pick(SECTION_NAMES)), 0x4);
            case WAIT_PACKET -> insert(t, objects.createUnnamed(ObjectTypeIndex.WAIT_COMPLETION_PACKET, 0x70), 0x1);
            case IR_TIMER -> insert(t, objects.createUnnamed(ObjectTypeIndex.IR_TIMER, 0x58), SYNCHRONIZE_MODIFY);
            case THREAD_POOL -> {
                if (room >= 2) {
                    insert(t, dispatcher.NtCreateIoCompletion(0), EVENT_ALL_ACCESS);
                    insert(t, objects.createUnnamed(ObjectTypeIndex.TP_WORKER_FACTORY, 0x100), 0xf00ff);
                }
            }
            case ETW -> insert(t, objects.createUnnamed(ObjectTypeIndex.ETW_REGISTRATION, 0x70), 0x804);
            case ALPC -> insert(t, ports.clientPort(p.eprocess(), serverPort()), 0x1f0001);
            case TOKEN -> open(t, tokenOf(processes.get(random.nextInt(processes.size())).eprocess()),
                    random.nextBoolean() ? 0xf01ff : 0x8);
            case DIRECTORY -> open(t, objects.namespace().lookup(pick(List.of("\\KnownDlls", "\\BaseNamedObjects",
                    session, "\\Sessions\\1\\AppContainerNamedObjects"))), 0x3);
            case WMI_GUID -> insert(t, objects.createUnnamed(ObjectTypeIndex.of("WmiGuid"), 0x90), 0x1f0fff);
            case OWN_THREAD -> {
                // CreateThread's handle, kept by the process that started the thread
                if (ownThreads.isEmpty()) {
                    insert(t, dispatcher.NtCreateEvent(1, null, false), EVENT_ALL_ACCESS);
                } else {
                    open(t, ownThreads.remove(0), 0x1fffff);
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private long namedSection(String path) {
        long existing = objects.namespace().lookup(path);
        return existing != 0 ? existing : sections.MmCreatePagefileSection(0x1000L * random.nextInt(1, 0x80), 0x04, path)
                .object();
    }

    /** A server's connection port the process talks to (epmapper, lsass, services, csrss ...). */
    private long serverPort() {
        String[] servers = {"\\RPC Control\\epmapper", "\\RPC Control\\lsasspirpc", "\\RPC Control\\ntsvcs",
                "\\RPC Control\\DNSResolver", "\\RPC Control\\eventlog", "\\RPC Control\\umpo", "\\ThemeApiPort",
                "\\LsaAuthenticationPort"};
        return objects.namespace().lookup(servers[random.nextInt(servers.length)]);
    }

    private String keyFor(CreatedProcess p) {
        String name = imageName(p);
        if (name.equals("services.exe") || (isSystem(p) && random.nextBoolean())) {
            return "\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Services\\" + pick(SERVICE_NAMES)
                    + (random.nextInt(3) == 0 ? "\\Parameters" : "");
        }
        return pick(MACHINE_KEYS);
    }

    /** A key of the process's account's hive (HKCU), or of the user's classes. */
    private String userKey(CreatedProcess p) {
        String sid = userSids.computeIfAbsent(p.eprocess(), e -> kernel.security().SeQueryUserSid(tokenOf(e)));
        String hive = sid.startsWith("S-1-5-21-") ? sid : sid.equals("S-1-5-19") || sid.equals("S-1-5-20") ? sid
                : ".DEFAULT";
        if (sid.startsWith("S-1-5-21-") && random.nextInt(4) == 0) {
            return "\\REGISTRY\\USER\\" + sid + "_Classes";
        }
        return "\\REGISTRY\\USER\\" + hive + pick(USER_KEYS);
    }

    private String fileFor(CreatedProcess p) {
        if (isSystem(p)) {
            return pick(SYSTEM_FILES);
        }
        if (p.info().sessionId() > 0) {
            String exe = imageName(p);
            return random.nextInt(5) == 0 ? "C:\\Windows\\System32\\en-US\\" + exe + ".mui" : pick(APP_FILES);
        }
        return pick(SERVICE_FILES);
    }

    private String sessionDirectory(CreatedProcess p) {
        return p.info().sessionId() > 0 ? "\\Sessions\\" + p.info().sessionId() + "\\BaseNamedObjects" : "\\BaseNamedObjects";
    }

    private long tokenOf(long eprocess) {
        return space.struct("_EPROCESS", eprocess).get("Token") & ~0xfL;
    }

    /** The mix of a process's kind; null for processes that hold no handles (Registry, MemCompression). */
    private int[] weightsOf(CreatedProcess p) {
        String name = imageName(p);
        if (isSystem(p)) {
            return SYSTEM;
        }
        if (p.user() == null) {
            return null;
        }
        return switch (name) {
            case "lsass.exe" -> LSASS;
            case "services.exe" -> SERVICES;
            case "csrss.exe", "smss.exe", "wininit.exe", "winlogon.exe" -> SUBSYSTEM;
            default -> p.info().sessionId() > 0 ? DESKTOP_APP : SERVICE_HOST;
        };
    }

    /**
     * Whether an owner named by {@link SystemNamespace} is this process: an image name, an image in
     * a session ({@code csrss.exe@1}), or a service host by its service or group ({@code svchost.exe:RPCSS}).
     */
    private boolean owns(String owner, CreatedProcess p) {
        String name = imageName(p);
        if (owner.equals("System")) {
            return isSystem(p);
        }
        int at = owner.indexOf('@');
        if (at > 0) {
            return owner.substring(0, at).equalsIgnoreCase(name)
                    && Integer.parseInt(owner.substring(at + 1)) == p.info().sessionId();
        }
        int colon = owner.indexOf(':');
        if (colon > 0) {
            String command = p.info().commandLine() == null ? "" : p.info().commandLine();
            String fragment = owner.substring(colon + 1);
            return owner.substring(0, colon).equalsIgnoreCase(name)
                    && (command.endsWith("-s " + fragment) || command.endsWith("-k " + fragment + " -p")
                    || command.endsWith("-k " + fragment));
        }
        return owner.equalsIgnoreCase(name);
    }

    private static boolean isSystem(CreatedProcess p) {
        return p.info().parentProcess() == 0 && p.info().image() == null;
    }

    private static String imageName(CreatedProcess p) {
        return p.info().imageFileName().toLowerCase(Locale.ROOT);
    }

    private void insert(HandleTable table, long object, long access) {
        objects.ObInsertObject(table, object, access, 0);
    }

    private void open(HandleTable table, long object, long access) {
        if (object != 0) {
            objects.ObOpenObjectByPointer(table, object, access, 0);
        }
    }

    private String pick(List<String> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
