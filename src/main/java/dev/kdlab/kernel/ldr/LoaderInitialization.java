package dev.kdlab.kernel.ldr;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.cm.ConfigurationManager;
import dev.kdlab.kernel.ex.HandleTable;
import dev.kdlab.kernel.image.UserImage;
import dev.kdlab.kernel.io.IoManager;
import dev.kdlab.kernel.ke.DispatcherObjects;
import dev.kdlab.kernel.mm.MemoryManager;
import dev.kdlab.kernel.mm.UserSpace;
import dev.kdlab.kernel.ob.ObjectManager;
import dev.kdlab.kernel.ob.ObjectNamespace;
import dev.kdlab.kernel.ob.ObjectTypeIndex;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a new process's loader and DLLs do before its entry point runs: the handles they open, in
 * the order Windows opens them, which is why every Win10 handle table starts alike: LdrpInitializeProcess's two loader events and
 * the loader's thread pool (a wait completion packet, the I/O completion port, the worker factory,
 * IR timers), ntdll's ETW registrations, the \KnownDlls directory and the current directory; then
 * KernelBase's initialisation (Session Manager and NLS keys, HKLM, the session's BaseNamedObjects),
 * the connection to csrss, user32's window station and desktop for a GUI process, the console's
 * ConDrv files for a console one, and the ETW providers the other DLLs register as they initialise.
 */
public final class LoaderInitialization {
    private static final long EVENT_ALL_ACCESS = 0x1f0003;
    private static final long DIRECTORY_QUERY_TRAVERSE = 0x3;
    private static final long DIRECTORY_ALL_NAMED = 0xf;
    private static final long FILE_TRAVERSE_SYNCHRONIZE = 0x100020;
    private static final long KEY_READ = 0x20019;
    private static final long KEY_QUERY_VALUE = 0x1;
    private static final long KEY_ALL_ACCESS = 0xf003f;
    private static final long ETW_REGISTRATION_ACCESS = 0x804;
    private static final long WORKER_FACTORY_ALL_ACCESS = 0xf00ff;
    private static final long IR_TIMER_ACCESS = 0x100002;
    private static final long WAIT_COMPLETION_PACKET_ACCESS = 0x1;
    private static final long ALPC_PORT_ALL_ACCESS = 0x1f0001;
    private static final long CONSOLE_FILE_ACCESS = 0x12019f;
    /** The sizes of the data files KernelBase maps (19041-family files). */
    private static final long LOCALE_NLS_SIZE = 0xc9000;
    private static final long KERNELBASE_MUI_SIZE = 0x6e000;
    private static final long SORT_DEFAULT_SIZE = 0x331000;
    private static final int SUBSYSTEM_NATIVE = 1;
    private static final int SUBSYSTEM_WINDOWS_GUI = 2;
    private static final int SUBSYSTEM_WINDOWS_CUI = 3;
    /** DLLs that register ETW providers when they initialise (EtwEventRegister in their DllMain or first use). */
    private static final Set<String> TRACING_DLLS = Set.of("combase.dll", "rpcrt4.dll", "user32.dll", "shell32.dll",
            "windows.storage.dll", "ole32.dll", "sechost.dll", "advapi32.dll", "crypt32.dll", "twinapi.appcore.dll",
            "coremessaging.dll", "wintypes.dll", "msctf.dll", "shcore.dll", "kernel.appcore.dll", "dwmcore.dll",
            "lsasrv.dll", "dbgeng.dll", "propsys.dll", "ws2_32.dll", "bcrypt.dll", "sspicli.dll", "uxtheme.dll");

    /** A process about to run its first user-mode code: where its handles go and what it is. */
    public record StartingProcess(HandleTable table, long eprocess, long processId, int sessionId,
                                  String currentDirectory, int subsystem, List<UserImage> loadOrder, String userSid,
                                  UserSpace user) {
    }

    private final KernelSpace space;
    private final ObjectManager objects;
    private final ObjectNamespace namespace;
    private final IoManager io;
    private final ConfigurationManager registry;
    private final DispatcherObjects dispatcher;
    private final MemoryManager mm;

    public LoaderInitialization(KernelSpace space, ObjectManager objects, IoManager io, ConfigurationManager registry,
                                DispatcherObjects dispatcher, MemoryManager mm) {
        this.mm = mm;
        this.space = space;
        this.objects = objects;
        this.namespace = objects.namespace();
        this.io = io;
        this.registry = registry;
        this.dispatcher = dispatcher;
    }

    /** Everything the process opens between LdrInitializeThunk and its entry point. */
    public void LdrpInitializeProcess(StartingProcess p) {
        HandleTable t = p.table();
        insert(t, dispatcher.NtCreateEvent(0, null, false), EVENT_ALL_ACCESS);    // LdrpLoadCompleteEvent
        insert(t, dispatcher.NtCreateEvent(1, null, false), EVENT_ALL_ACCESS);    // LdrpWorkCompleteEvent
        TppWorkerFactoryCreate(t);
        EtwEventRegister(t, 2);
        open(t, namespace.lookup("\\KnownDlls"), DIRECTORY_QUERY_TRAVERSE);
        String directory = p.currentDirectory().endsWith("\\") && p.currentDirectory().length() > 3
                ? p.currentDirectory().substring(0, p.currentDirectory().length() - 1) : p.currentDirectory();
        insert(t, io.IopCreateFile(directory, FILE_TRAVERSE_SYNCHRONIZE), FILE_TRAVERSE_SYNCHRONIZE);
        if (p.subsystem() == SUBSYSTEM_NATIVE) {
            return;
        }
        KernelBaseDllInitialize(p);
        CsrClientConnectToServer(p);
        if (p.subsystem() == SUBSYSTEM_WINDOWS_GUI && loads(p, "user32.dll") && p.sessionId() >= 0) {
            UserClientDllInitialize(p);
        }
        if (p.subsystem() == SUBSYSTEM_WINDOWS_CUI) {
            ConsoleInitialize(p);
        }
        for (UserImage dll : p.loadOrder()) {
            if (TRACING_DLLS.contains(dll.baseName().toLowerCase(Locale.ROOT))) {
                EtwEventRegister(t, 1);
            }
        }
    }

    /** The loader's thread pool (TpAllocPool, TppWorkerFactoryCreate): its completion port, factory, timers, packets. */
    private void TppWorkerFactoryCreate(HandleTable t) {
        insert(t, objects.createUnnamed(ObjectTypeIndex.WAIT_COMPLETION_PACKET, 0x70), WAIT_COMPLETION_PACKET_ACCESS);
        insert(t, dispatcher.NtCreateIoCompletion(0), EVENT_ALL_ACCESS);
        insert(t, objects.createUnnamed(ObjectTypeIndex.TP_WORKER_FACTORY, 0x100), WORKER_FACTORY_ALL_ACCESS);
        insert(t, objects.createUnnamed(ObjectTypeIndex.IR_TIMER, 0x58), IR_TIMER_ACCESS);
        insert(t, objects.createUnnamed(ObjectTypeIndex.WAIT_COMPLETION_PACKET, 0x70), WAIT_COMPLETION_PACKET_ACCESS);
        insert(t, objects.createUnnamed(ObjectTypeIndex.IR_TIMER, 0x58), IR_TIMER_ACCESS);
        insert(t, objects.createUnnamed(ObjectTypeIndex.WAIT_COMPLETION_PACKET, 0x70), WAIT_COMPLETION_PACKET_ACCESS);
    }

    private void EtwEventRegister(HandleTable t, int providers) {
        for (int i = 0; i < providers; i++) {
            insert(t, objects.createUnnamed(ObjectTypeIndex.ETW_REGISTRATION, 0x70), ETW_REGISTRATION_ACCESS);
        }
    }

    /**
     * KernelBase's process attach: the Session Manager and NLS sorting keys, HKLM, the session's
     * named-object directory (BaseGetNamedObjectDirectory), KernelBase's ETW providers, the user's hive.
     */
    private void KernelBaseDllInitialize(StartingProcess p) {
        HandleTable t = p.table();
        insert(t, registry.CmOpenKey("\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control\\Session Manager", p.processId()),
                KEY_QUERY_VALUE);
        EtwEventRegister(t, 2);
        insert(t, registry.CmOpenKey("\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control\\Nls\\Sorting\\Versions",
                p.processId()), KEY_READ);
        insert(t, registry.CmOpenKey("\\REGISTRY\\MACHINE", p.processId()), KEY_READ);
        open(t, namespace.lookup(p.sessionId() > 0 ? "\\Sessions\\" + p.sessionId() + "\\BaseNamedObjects"
                : "\\BaseNamedObjects"), DIRECTORY_ALL_NAMED);
        if (p.userSid() != null && loads(p, "advapi32.dll")) {
            insert(t, registry.CmOpenKey("\\REGISTRY\\USER\\" + p.userSid(), p.processId()), KEY_ALL_ACCESS);
        }
        if (p.user() != null) {
            mm.MiMapViewOfDataFile(p.user(), "C:\\Windows\\System32\\locale.nls", LOCALE_NLS_SIZE);
            mm.MiMapViewOfDataFile(p.user(), "C:\\Windows\\System32\\en-US\\KernelBase.dll.mui", KERNELBASE_MUI_SIZE);
            if (loads(p, "user32.dll")) {
                mm.MiMapViewOfDataFile(p.user(), "C:\\Windows\\Globalization\\Sorting\\SortDefault.nls",
                        SORT_DEFAULT_SIZE);
            }
        }
    }

    /** CsrClientConnectToServer: the client end of the session's csrss API port (an unnamed ALPC port). */
    private void CsrClientConnectToServer(StartingProcess p) {
        long server = namespace.lookup(p.sessionId() > 0 ? "\\Sessions\\" + p.sessionId() + "\\Windows\\ApiPort"
                : "\\Windows\\ApiPort");
        if (server == 0) {
            return;
        }
        insert(t(p), clientPort(p.eprocess(), server), ALPC_PORT_ALL_ACCESS);
    }

    /** An unnamed client communication port of a process, connected to a server's connection port. */
    public long clientPort(long eprocess, long connectionPort) {
        long port = objects.create(ObjectTypeIndex.ALPC_PORT, "ALPC", 0x1d8 + 0x60, 0);
        long communication = port + 0x1d8;
        space.fresh("_ALPC_PORT", port)
                .emptyList("PortListEntry")
                .put("CommunicationInfo", communication)
                .put("OwnerProcess", eprocess)
                .flush();
        space.fresh("_ALPC_COMMUNICATION_INFO", communication)
                .put("ConnectionPort", connectionPort)
                .put("ClientCommunicationPort", port)
                .flush();
        return port;
    }

    /** user32's connection to win32k: the process's window station and its desktop (WinSta0\Default). */
    private void UserClientDllInitialize(StartingProcess p) {
        String windows = p.sessionId() > 0 ? "\\Sessions\\" + p.sessionId() + "\\Windows" : "\\Windows";
        open(t(p), namespace.lookup(windows + "\\WindowStations\\WinSta0"), 0xf037f);
        open(t(p), namespace.lookup(windows + "\\WindowStations\\WinSta0\\Default"), 0xf01ff);
    }

    /** A console application's handles on the console driver: its reference, connection, input and output. */
    private void ConsoleInitialize(StartingProcess p) {
        for (String file : List.of("\\Reference", "\\Connect", "\\Input", "\\Output", "\\Output")) {
            insert(t(p), io.IopCreateFile("\\Device\\ConDrv" + file, CONSOLE_FILE_ACCESS), CONSOLE_FILE_ACCESS);
        }
    }

    private static HandleTable t(StartingProcess p) {
        return p.table();
    }

    private static boolean loads(StartingProcess p, String dll) {
        return p.loadOrder().stream().anyMatch(image -> image.baseName().equalsIgnoreCase(dll));
    }

    private void insert(HandleTable table, long object, long access) {
        objects.ObInsertObject(table, object, access, 0);
    }

    private void open(HandleTable table, long object, long access) {
        if (object != 0) {
            objects.ObOpenObjectByPointer(table, object, access, 0);
        }
    }
}
