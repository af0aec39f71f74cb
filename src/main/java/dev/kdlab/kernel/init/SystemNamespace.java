package dev.kdlab.kernel.init;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.image.UserImage;
import dev.kdlab.kernel.io.IoManager;
import dev.kdlab.kernel.ke.DispatcherObjects;
import dev.kdlab.kernel.mm.MemoryManager;
import dev.kdlab.kernel.ob.ObjectManager;
import dev.kdlab.kernel.ob.ObjectNamespace;
import dev.kdlab.kernel.ob.ObjectTypeIndex;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named objects a 22H2 desktop has made by the time the user is logged on, as the components
 * that make them do at their start: the I/O manager's and mount manager's DOS device links
 * (\GLOBAL??\C: ...), the boot loader's \ArcName links, smss's \KnownDlls sections and session
 * directories, csrss's \Windows and \Sessions\n\Windows objects (API ports, shared sections,
 * window stations and their desktops), the kernel's \KernelObjects and \Callback objects, and the
 * ports and events of lsass, services and the other servers. The servers' ports and events are
 * handed back by owner, so the processes that made them hold handles to them
 * ({@link HandleActivity}).
 */
final class SystemNamespace {
    /** The KnownDlls smss maps at boot (the ones this machine's processes load; KnownDllPath names their folder). */
    private static final List<String> KNOWN_DLLS = List.of("advapi32.dll", "bcryptPrimitives.dll", "clbcatq.dll",
            "combase.dll", "GDI32.dll", "gdi32full.dll", "IMM32.DLL", "KERNEL32.DLL", "KERNELBASE.dll", "MSCTF.dll",
            "msvcp_win.dll", "msvcrt.dll", "ole32.dll", "OLEAUT32.dll", "RPCRT4.dll", "sechost.dll", "SHCORE.dll",
            "SHELL32.dll", "shlwapi.dll", "ucrtbase.dll", "USER32.dll", "win32u.dll", "WS2_32.dll");

    /** Objects a server process made and keeps a handle to: owner (image name, or image@session) to objects. */
    private final Map<String, List<long[]>> owned = new LinkedHashMap<>();
    private final Kernel kernel;
    private final KernelSpace space;
    private final ObjectManager objects;
    private final ObjectNamespace namespace;
    private final DispatcherObjects dispatcher;
    private final long bootTime;

    private SystemNamespace(Kernel kernel, long bootTime) {
        this.kernel = kernel;
        this.space = kernel.space();
        this.objects = kernel.objects();
        this.namespace = objects.namespace();
        this.dispatcher = kernel.dispatcherObjects();
        this.bootTime = bootTime;
    }

    /** Builds the namespace; returns, per owner, the objects and the access its handle to each has. */
    static Map<String, List<long[]>> create(Kernel kernel, long bootTime) {
        SystemNamespace names = new SystemNamespace(kernel, bootTime);
        names.IopCreateArcNames();
        names.MountMgrCreateDosLinks();
        names.ObpCreateKernelObjects();
        names.SmpInitializeKnownDlls(kernel.memoryManager(), kernel.knownDlls().all());
        names.SmpCreateSessionDirectories();
        names.CsrCreateSessionObjects(0, "\\Windows");
        names.CsrCreateSessionObjects(1, "\\Sessions\\1\\Windows");
        names.ServerPorts();
        return names.owned;
    }

    /** \SystemRoot and the boot device, \ArcName links the boot loader named the partitions with. */
    private void IopCreateArcNames() {
        link("\\Device\\BootDevice", IoManager.SYSTEM_VOLUME);
        link("\\SystemRoot", "\\Device\\BootDevice\\Windows");
        link("\\DriverData", "\\SystemRoot\\System32\\Drivers\\DriverData");
        link("\\Dfs", "\\Device\\DfsClient");
        for (int n = 1; n <= 4; n++) {
            link("\\ArcName\\multi(0)disk(0)rdisk(0)partition(" + n + ")", "\\Device\\HarddiskVolume" + n);
        }
        link("\\ArcName\\multi(0)disk(0)rdisk(0)", "\\Device\\Harddisk0\\Partition0");
        link("\\Device\\Harddisk0\\Partition0", "\\Device\\Harddisk0\\DR0");
        for (int n = 1; n <= 4; n++) {
            link("\\Device\\Harddisk0\\Partition" + n, "\\Device\\HarddiskVolume" + n);
        }
    }

    /** The DOS device names in \GLOBAL?? (IoCreateSymbolicLink by the drivers, the mount manager's drive letters). */
    private void MountMgrCreateDosLinks() {
        String[][] links = {
                {"C:", IoManager.SYSTEM_VOLUME}, {"PhysicalDrive0", "\\Device\\Harddisk0\\DR0"},
                {"NUL", "\\Device\\Null"}, {"PIPE", "\\Device\\NamedPipe"}, {"MAILSLOT", "\\Device\\Mailslot"},
                {"UNC", "\\Device\\Mup"}, {"GLOBALROOT", ""}, {"Global", "\\GLOBAL??"},
                {"CONIN$", "\\Device\\ConDrv\\CurrentIn"}, {"CONOUT$", "\\Device\\ConDrv\\CurrentOut"},
                {"CON", "\\Device\\ConDrv\\Console"}, {"DISPLAY1", "\\Device\\Video0"},
                {"MountPointManager", "\\Device\\MountPointManager"}, {"Nsi", "\\Device\\Nsi"},
                {"KsecDD", "\\Device\\KsecDD"}, {"CNG", "\\Device\\CNG"}, {"PEAuth", "\\Device\\PEAuth"},
                {"Tcp", "\\Device\\Tcp"}, {"WMIDataDevice", "\\Device\\WMIDataDevice"},
                {"Volume{8a1b2c3d-0000-0000-0000-100000000000}", "\\Device\\HarddiskVolume1"},
                {"Volume{8a1b2c3d-0000-0000-0000-200000000000}", "\\Device\\HarddiskVolume2"},
                {"Volume{8a1b2c3d-0000-0000-0000-300000000000}", "\\Device\\HarddiskVolume3"},
                {"Volume{8a1b2c3d-0000-0000-0000-400000000000}", "\\Device\\HarddiskVolume4"}};
        for (String[] l : links) {
            link("\\GLOBAL??\\" + l[0], l[1]);
        }
        for (int n = 1; n <= 4; n++) {
            link("\\GLOBAL??\\HarddiskVolume" + n, "\\Device\\HarddiskVolume" + n);
            link("\\GLOBAL??\\Harddisk0Partition" + n, "\\Device\\HarddiskVolume" + n);
        }
    }

    /** The memory manager's condition events and the session objects in \KernelObjects; \Callback objects. */
    private void ObpCreateKernelObjects() {
        for (String event : List.of("LowMemoryCondition", "HighMemoryCondition", "LowPagedPoolCondition",
                "HighPagedPoolCondition", "LowNonPagedPoolCondition", "HighNonPagedPoolCondition",
                "LowCommitCondition", "HighCommitCondition", "MaximumCommitCondition", "MemoryErrors",
                "PhysicalMemoryChange", "CritSecOutOfMemoryEvent", "PrefetchTracesReady", "SuperfetchScenarioNotify",
                "SuperfetchTracesReady", "SuperfetchParametersChanged", "BcdSyncMutant")) {
            if (event.endsWith("Mutant")) {
                dispatcher.NtCreateMutant("\\KernelObjects\\" + event);
            } else {
                dispatcher.NtCreateEvent(0, "\\KernelObjects\\" + event, event.startsWith("High"));
            }
        }
        for (int session = 0; session <= 1; session++) {
            namespace.createNamed(ObjectTypeIndex.SESSION, "Sess", 0x30, 0, false, "\\KernelObjects\\Session" + session);
        }
        for (String callback : List.of("PowerState", "SetSystemTime", "ProcessorAdd", "PhysicalMemoryChange",
                "PowerSettingChange", "WdProcessNotificationCallback", "542875F90F9B47F497B64BA219CACF69",
                "LicensingData", "TcpConnectionCallbackTemp", "EnlightenmentState")) {
            // _CALLBACK_OBJECT (not in the public type data): Signature "Call", a lock, the registration list.
            long object = namespace.createNamed(ObjectTypeIndex.CALLBACK, "Call", 0x48, 0, false, "\\Callback\\" + callback);
            space.write64(object, 0x6c6c6143L);
            space.write64(object + 0x10, object + 0x10);
            space.write64(object + 0x18, object + 0x10);
        }
        namespace.directory("\\NLS");
        namespace.directory("\\UMDFCommunicationPorts");
        for (String event : List.of("LSA_AUTHENTICATION_INITIALIZED", "TRKWKS_EVENT", "NetworkProviderLoad")) {
            own("lsass.exe", dispatcher.NtCreateEvent(0, "\\Security\\" + event, true), 0x1f0003);
        }
    }

    /**
     * SmpInitializeKnownDlls: a section object per known DLL in \KnownDlls (the image section every
     * process then maps), and KnownDllPath naming their folder; smss keeps the directory open.
     */
    private void SmpInitializeKnownDlls(MemoryManager mm, List<UserImage> dlls) {
        long directory = namespace.directory("\\KnownDlls");
        own("smss.exe", directory, 0xf000f);
        for (UserImage dll : dlls) {
            if (KNOWN_DLLS.stream().anyMatch(name -> name.equalsIgnoreCase(dll.baseName()))) {
                mm.sections().MmCreateSection(mm.MiCreateImageFileMap(dll), "\\KnownDlls\\" + dll.baseName());
            }
        }
        link("\\KnownDlls\\KnownDllPath", "C:\\Windows\\System32");
    }

    /**
     * \BaseNamedObjects (session 0's, also the global one) and \Sessions\1\BaseNamedObjects, each with
     * Global, Local and Session links and a Restricted directory; \Sessions\BNOLINKS names each
     * session's; the events the session manager and its servers publish.
     */
    private void SmpCreateSessionDirectories() {
        namespace.directory("\\BaseNamedObjects\\Restricted");
        link("\\BaseNamedObjects\\Global", "\\BaseNamedObjects");
        link("\\BaseNamedObjects\\Local", "\\BaseNamedObjects");
        link("\\BaseNamedObjects\\Session", "\\Sessions\\BNOLINKS");
        namespace.directory("\\Sessions\\1\\BaseNamedObjects\\Restricted");
        link("\\Sessions\\1\\BaseNamedObjects\\Global", "\\BaseNamedObjects");
        link("\\Sessions\\1\\BaseNamedObjects\\Local", "\\Sessions\\1\\BaseNamedObjects");
        link("\\Sessions\\1\\BaseNamedObjects\\Session", "\\Sessions\\BNOLINKS");
        link("\\Sessions\\BNOLINKS\\0", "\\BaseNamedObjects");
        link("\\Sessions\\BNOLINKS\\1", "\\Sessions\\1\\BaseNamedObjects");
        namespace.directory("\\Sessions\\1\\AppContainerNamedObjects");
        link("\\Sessions\\1\\DosDevices", "\\Sessions\\0\\DosDevices");
        own("smss.exe", dispatcher.NtCreateEvent(0, "\\UniqueSessionIdEvent", false), 0x1f0003);
        own("smss.exe", dispatcher.NtCreateEvent(0, "\\UniqueInteractiveSessionIdEvent", false), 0x1f0003);
        own("smss.exe", dispatcher.NtCreateEvent(1, "\\CsrSbSyncEvent", false), 0x1f0003);
        own("services.exe", dispatcher.NtCreateEvent(0, "\\BaseNamedObjects\\SC_AutoStartComplete", true), 0x1f0003);
        own("services.exe", dispatcher.NtCreateEvent(0, "\\BaseNamedObjects\\SvcctrlStartEvent_A3752DX", true),
                0x1f0003);
        own("lsass.exe", dispatcher.NtCreateEvent(0, "\\BaseNamedObjects\\SAM_SERVICE_STARTED", true), 0x1f0003);
        own("lsass.exe", dispatcher.NtCreateEvent(0, "\\BaseNamedObjects\\LSA_RPC_SERVER_ACTIVE", true), 0x1f0003);
        own("svchost.exe:LanmanServer", dispatcher.NtCreateEvent(0, "\\LanmanServerAnnounceEvent", false), 0x1f0003);
        own("svchost.exe:LSM", dispatcher.NtCreateEvent(0, "\\BaseNamedObjects\\TermSrvReadyEvent", true), 0x1f0003);
        own("explorer.exe", dispatcher.NtCreateEvent(0, "\\Sessions\\1\\BaseNamedObjects\\ShellDesktopSwitchEvent",
                false), 0x1f0003);
        own("explorer.exe", dispatcher.NtCreateEvent(0, "\\Sessions\\1\\BaseNamedObjects\\ShellReadyEvent", true),
                0x1f0003);
        own("winlogon.exe", dispatcher.NtCreateEvent(0, "\\Sessions\\1\\BaseNamedObjects\\WinSta0_DesktopSwitch", false),
                0x1f0003);
    }

    /**
     * What csrss makes for its session: the API port clients connect to, the shared section of the
     * window manager, the window stations (WinSta0, and in session 0 the service window stations)
     * and WinSta0's desktops (Default, Winlogon, Disconnect), named by win32k outside the directories.
     */
    private void CsrCreateSessionObjects(int session, String windows) {
        String owner = "csrss.exe@" + session;
        own(owner, alpcPort(windows + "\\ApiPort"), 0x1f0001);
        own(owner, kernel.memoryManager().sections().MmCreatePagefileSection(0x1000000, 0x04,
                windows + "\\SharedSection").object(), 0xf0007);
        List<String> stations = session == 0
                ? List.of("WinSta0", "Service-0x0-3e7$", "Service-0x0-3e4$", "Service-0x0-3e5$", "msswindowstation")
                : List.of("WinSta0");
        for (String station : stations) {
            long object = namespace.createNamed(ObjectTypeIndex.WINDOW_STATION, "Wind", 0x150, 0, false,
                    windows + "\\WindowStations\\" + station);
            own(owner, object, 0xf037f);
        }
        for (String desktop : List.of("Default", "Winlogon", "Disconnect")) {
            own(owner, namespace.createDetached(ObjectTypeIndex.DESKTOP, "Desk", 0xe0, false,
                    windows + "\\WindowStations\\WinSta0\\" + desktop), 0xf01ff);
        }
        if (session == 1) {
            namespace.directory(windows + "\\Theme" + Long.toHexString(bootTime & 0xffff));
        }
    }

    /** The named ALPC connection ports of the system's servers, at the root and in \RPC Control. */
    private void ServerPorts() {
        String[][] ports = {
                {"smss.exe", "\\SmApiPort"}, {"smss.exe", "\\SmSsWinStationApiPort"},
                {"lsass.exe", "\\SeLsaCommandPort"}, {"lsass.exe", "\\LsaAuthenticationPort"},
                {"System", "\\SeRmCommandPort"}, {"System", "\\PowerPort"}, {"System", "\\PowerMonitorPort"},
                {"svchost.exe:Themes", "\\ThemeApiPort"}, {"svchost.exe:WerSvc", "\\WindowsErrorReportingServicePort"},
                {"services.exe", "\\RPC Control\\ntsvcs"}, {"services.exe", "\\RPC Control\\ScmLrpc"},
                {"lsass.exe", "\\RPC Control\\lsasspirpc"}, {"lsass.exe", "\\RPC Control\\lsapolicylookup"},
                {"lsass.exe", "\\RPC Control\\LSARPC_ENDPOINT"}, {"lsass.exe", "\\RPC Control\\protected_storage"},
                {"lsass.exe", "\\RPC Control\\samss lpc"}, {"svchost.exe:RPCSS", "\\RPC Control\\epmapper"},
                {"svchost.exe:RPCSS", "\\RPC Control\\actkernel"}, {"svchost.exe:DcomLaunch", "\\RPC Control\\umpo"},
                {"svchost.exe:DcomLaunch", "\\RPC Control\\PlugPlay"}, {"svchost.exe:EventLog", "\\RPC Control\\eventlog"},
                {"svchost.exe:Dnscache", "\\RPC Control\\DNSResolver"}, {"svchost.exe:Dhcp", "\\RPC Control\\dhcpcsvc"},
                {"svchost.exe:Dhcp", "\\RPC Control\\dhcpcsvc6"}, {"svchost.exe:Schedule", "\\RPC Control\\ubpmtaskhostchannel"},
                {"svchost.exe:nsi", "\\RPC Control\\OLE3A1B2C4D9E8F7A6B5C4D3E2F1A0B"},
                {"svchost.exe:LSM", "\\RPC Control\\LSMApi"}, {"svchost.exe:Winmgmt", "\\RPC Control\\WMsgKRpc0B1C2D"},
                {"spoolsv.exe", "\\RPC Control\\spoolss"}, {"wininit.exe", "\\RPC Control\\WindowsShutdown"},
                {"wininit.exe", "\\RPC Control\\WMsgKRpc0C4A10"}, {"winlogon.exe", "\\RPC Control\\WMsgKRpc0D31B2"},
                {"explorer.exe", "\\RPC Control\\OLE6B5F6C2B4B2F1D1A3E9C8D7A6B5"},
                {"svchost.exe:AudioEndpointBuilder", "\\RPC Control\\AudioClientRpc"},
                {"svchost.exe:LocalServiceNetworkRestricted", "\\RPC Control\\AudioSrv"}};
        for (String[] port : ports) {
            own(port[0], alpcPort(port[1]), 0x1f0001);
        }
        String[][] filterPorts = {
                {"MsMpEng.exe", "\\MicrosoftMalwareProtectionControlPortWD"},
                {"MsMpEng.exe", "\\MicrosoftMalwareProtectionPortWD"}, {"MsMpEng.exe", "\\MicrosoftMalwareProtectionRemoteIoPortWD"},
                {"System", "\\WcifsPort"}, {"System", "\\BindFltPort"}, {"System", "\\CLDMSGPORT"},
                {"System", "\\storqosfltport"}};
        int filterConnectionPort = ObjectTypeIndex.of("FilterConnectionPort");
        for (String[] port : filterPorts) {
            own(port[0], namespace.createNamed(filterConnectionPort, "FMcp", 0x80, 0, false, port[1]), 0x1f0001);
        }
    }

    /** A named ALPC connection port (_ALPC_PORT), its communication info pointing back at it. */
    private long alpcPort(String path) {
        long port = namespace.createNamed(ObjectTypeIndex.ALPC_PORT, "ALPC", 0x1d8 + 0x60, 0, false, path);
        long communication = port + 0x1d8;
        space.fresh("_ALPC_PORT", port)
                .emptyList("PortListEntry")
                .put("CommunicationInfo", communication)
                .flush();
        space.struct("_ALPC_COMMUNICATION_INFO", communication).put("ConnectionPort", port);
        return port;
    }

    private void link(String path, String target) {
        namespace.symbolicLink(path, target, bootTime);
    }

    private void own(String owner, long object, long access) {
        owned.computeIfAbsent(owner, key -> new ArrayList<>()).add(new long[] {object, access});
    }
}
