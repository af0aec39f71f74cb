package dev.kdlab.kernel.io;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.NtTypes;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.kernel.image.DriverCode;
import dev.kdlab.kernel.image.ImageCode;
import dev.kdlab.kernel.image.NtImage;
import dev.kdlab.kernel.image.NtRoutines;
import dev.kdlab.kernel.image.NtSymbols;
import dev.kdlab.kernel.ob.ObjectManager;
import dev.kdlab.kernel.ob.ObjectNamespace;
import dev.kdlab.kernel.ob.ObjectTypeIndex;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.struct.StructBuffer;
import dev.kdlab.struct.StructView;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The I/O manager: driver objects for the loaded drivers (IopLoadDriver, and IoCreateDriver for
 * the kernel's own), the devices they create (IoCreateDevice) and the stacks they attach to
 * (IoAttachDeviceToDeviceStack: a volume under its filters, NTFS mounted through the volume's VPB),
 * and file objects (IopCreateFile) on the system volume and on devices.
 *
 * <p>A driver object's DriverStart, DriverSize and DriverSection come from the image's entry in
 * nt!PsLoadedModuleList, read from memory; its dispatch table points into the image for the
 * requests it handles and at nt!IopInvalidDeviceRequest for the others. A file object on C: names
 * its path relative to the volume and points at the volume's device and VPB, which is how a
 * debugger prints {@code \Windows\System32\ntdll.dll {HarddiskVolume3}}.
 */
public final class IoManager {
    /** The system volume, where C: points (machine-19045.md 1.2 notes: HarddiskVolume3). */
    public static final String SYSTEM_VOLUME = "\\Device\\HarddiskVolume3";
    private static final int MAJOR_FUNCTIONS = 28;
    private static final int IRP_MJ_PNP = 0x1b;
    private static final int IO_TYPE_DRIVER = 4;
    private static final int IO_TYPE_DEVICE = 3;
    private static final int IO_TYPE_FILE = 5;
    private static final int IO_TYPE_VPB = 10;
    private static final int IO_TYPE_DEVICE_OBJECT_EXTENSION = 13;
    private static final int DRIVER_OBJECT_SIZE = 0x150;
    private static final int DRIVER_EXTENSION_SIZE = 0x50;
    private static final int DEVICE_OBJECT_SIZE = 0x150;
    private static final int DEVOBJ_EXTENSION_SIZE = 0x70;
    /** DRVO_LEGACY_DRIVER, DRVO_INITIALIZED. */
    private static final int DRVO_LEGACY_DRIVER = 0x2;
    private static final int DRVO_INITIALIZED = 0x10;
    /** DO_BUFFERED_IO, DO_DIRECT_IO, DO_DEVICE_HAS_NAME, DO_POWER_PAGABLE. */
    private static final int DO_BUFFERED_IO = 0x4;
    private static final int DO_DIRECT_IO = 0x10;
    private static final int DO_DEVICE_HAS_NAME = 0x40;
    private static final int DO_POWER_PAGABLE = 0x2000;
    private static final int FILE_DEVICE_SECURE_OPEN = 0x100;
    /** A named device carries the default security descriptor (DOE_DEFAULT_SD_PRESENT). */
    private static final int DOE_DEFAULT_SD_PRESENT = 0x800;
    /** FO_SYNCHRONOUS_IO | FO_HANDLE_CREATED (and FO_CACHE_SUPPORTED for files on a volume). */
    private static final int FO_SYNCHRONOUS_IO = 0x2;
    private static final int FO_CACHE_SUPPORTED = 0x40;
    private static final int FO_HANDLE_CREATED = 0x40000;

    /** A device the boot makes: which driver, its name (null: unnamed), its type and extension size. */
    private record DeviceRow(String driver, String name, int deviceType, int extension, int flags) {
    }

    /** The devices people look at, with the types their drivers give them (ntddk.h FILE_DEVICE_*). */
    private static final List<DeviceRow> DEVICES = List.of(
            new DeviceRow("\\Driver\\Null", "\\Device\\Null", 0x15, 0, 0),
            new DeviceRow("\\Driver\\Beep", "\\Device\\Beep", 0x1, 0x60, DO_BUFFERED_IO),
            new DeviceRow("\\Driver\\KSecDD", "\\Device\\KsecDD", 0x39, 0, DO_BUFFERED_IO),
            new DeviceRow("\\Driver\\CNG", "\\Device\\CNG", 0x39, 0, DO_BUFFERED_IO),
            new DeviceRow("\\Driver\\AFD", "\\Device\\Afd", 0x12, 0x30, 0),
            new DeviceRow("\\Driver\\condrv", "\\Device\\ConDrv", 0x50, 0x40, 0),
            new DeviceRow("\\Driver\\Tcpip", "\\Device\\Tcp", 0x12, 0, 0),
            new DeviceRow("\\Driver\\Tcpip", "\\Device\\Udp", 0x12, 0, 0),
            new DeviceRow("\\Driver\\Tcpip", "\\Device\\RawIp", 0x12, 0, 0),
            new DeviceRow("\\Driver\\Tcpip", "\\Device\\Ip", 0x12, 0, 0),
            new DeviceRow("\\Driver\\Tcpip", "\\Device\\Tcp6", 0x12, 0, 0),
            new DeviceRow("\\Driver\\Tcpip", "\\Device\\Udp6", 0x12, 0, 0),
            new DeviceRow("\\Driver\\Tcpip", "\\Device\\Ip6", 0x12, 0, 0),
            new DeviceRow("\\Driver\\tdx", "\\Device\\Tdx", 0x12, 0, 0),
            new DeviceRow("\\Driver\\nsiproxy", "\\Device\\Nsi", 0x12, 0, DO_BUFFERED_IO),
            new DeviceRow("\\Driver\\NDIS", "\\Device\\Ndis", 0x17, 0, DO_BUFFERED_IO),
            new DeviceRow("\\Driver\\ws2ifsl", "\\Device\\WS2IFSL", 0x12, 0, 0),
            new DeviceRow("\\FileSystem\\Npfs", "\\Device\\NamedPipe", 0x11, 0x80, 0),
            new DeviceRow("\\FileSystem\\Msfs", "\\Device\\Mailslot", 0xc, 0x40, 0),
            new DeviceRow("\\FileSystem\\Mup", "\\Device\\Mup", 0x10, 0x60, 0),
            new DeviceRow("\\FileSystem\\DfsC", "\\Device\\DfsClient", 0x14, 0, 0),
            new DeviceRow("\\FileSystem\\Ntfs", "\\Ntfs", 0x8, 0x40, 0),
            new DeviceRow("\\FileSystem\\FltMgr", "\\FileSystem\\Filters\\FltMgr", 0x8, 0x10, 0),
            new DeviceRow("\\FileSystem\\FltMgr", "\\FileSystem\\Filters\\FltMgrMsg", 0x22, 0, 0),
            new DeviceRow("\\FileSystem\\RAW", "\\Device\\RawDisk", 0x8, 0, 0),
            new DeviceRow("\\FileSystem\\RAW", "\\Device\\RawCdRom", 0x3, 0, 0),
            new DeviceRow("\\Driver\\mountmgr", "\\Device\\MountPointManager", 0x4d, 0x200, DO_BUFFERED_IO),
            new DeviceRow("\\Driver\\volmgr", "\\Device\\VolMgrControl", 0x38, 0x100, DO_BUFFERED_IO),
            new DeviceRow("\\Driver\\kbdclass", "\\Device\\KeyboardClass0", 0xb, 0x1a0, DO_BUFFERED_IO),
            new DeviceRow("\\Driver\\mouclass", "\\Device\\PointerClass0", 0xf, 0x1a0, DO_BUFFERED_IO),
            new DeviceRow("\\Driver\\DXGKrnl", "\\Device\\DxgKrnl", 0x22, 0x100, 0),
            new DeviceRow("\\Driver\\BasicDisplay", "\\Device\\Video0", 0x23, 0x200, 0),
            new DeviceRow("\\Driver\\WMIxWDM", "\\Device\\WMIDataDevice", 0x22, 0, DO_BUFFERED_IO),
            new DeviceRow("\\Driver\\WMIxWDM", "\\Device\\WMIAdminDevice", 0x22, 0, DO_BUFFERED_IO),
            new DeviceRow("\\Driver\\DeviceApi", "\\Device\\DeviceApi", 0x22, 0, 0),
            new DeviceRow("\\Driver\\PEAUTH", "\\Device\\PEAuth", 0x22, 0, 0),
            new DeviceRow("\\Driver\\ahcache", "\\Device\\ahcache", 0x22, 0, 0),
            new DeviceRow("\\Driver\\mpsdrv", "\\Device\\mpsdevice", 0x22, 0, 0),
            new DeviceRow("\\Driver\\CLFS", "\\Device\\clfs", 0x22, 0, 0),
            new DeviceRow("\\Driver\\pcw", "\\Device\\PcwDrv", 0x22, 0, 0),
            new DeviceRow("\\Driver\\HTTP", "\\Device\\Http\\Communication", 0x12, 0, 0),
            new DeviceRow("\\Driver\\HTTP", "\\Device\\Http\\ReqQueue", 0x12, 0, 0));

    private final KernelSpace kernel;
    private final ObjectManager objects;
    private final Pool nonPagedPool;
    private final Pool pagedPool;
    private final ObjectNamespace namespace;
    private final NtImage nt;
    private final SplittableRandom random;
    private final DriverDatabase driverDatabase;
    private final PnpManager pnp;
    private final Map<String, Long> drivers = new LinkedHashMap<>();
    private final Map<String, Long> devices = new HashMap<>();
    /** Per file on a volume, what every open of it shares: its FCB and section object pointers. */
    private final Map<String, long[]> openFiles = new HashMap<>();
    private long hardwareDatabase;
    private long systemVolume;
    private long systemVolumeVpb;

    public IoManager(KernelSpace kernel, ObjectManager objects, Pool nonPagedPool, Pool pagedPool, NtImage nt,
                     SplittableRandom random, int processorCount) {
        this.kernel = kernel;
        this.nonPagedPool = nonPagedPool;
        this.pagedPool = pagedPool;
        this.objects = objects;
        this.namespace = objects.namespace();
        this.nt = nt;
        this.random = random;
        this.driverDatabase = new DriverDatabase(kernel, pagedPool, nt);
        this.pnp = new PnpManager(kernel, this, nonPagedPool, pagedPool, nt, processorCount);
    }

    /**
     * IoInitSystem: \Driver, \FileSystem and \Device, the kernel's own drivers, a driver object for
     * every driver image of PsLoadedModuleList (in load order, each checked into the driver database
     * cache), each image's own initialisation ({@code drivers}: what its DriverEntry registers), their
     * devices, the volumes' stacks with NTFS mounted on the system volume, and the PnP manager's device tree
     * (the PDOs the bus drivers reported, with their drivers' devices attached).
     */
    public void IoInitSystem(DriverInitialization drivers) {
        namespace.directory("\\Driver");
        namespace.directory("\\FileSystem\\Filters");
        namespace.directory("\\Device");
        String hardware = "\\REGISTRY\\MACHINE\\HARDWARE\\DESCRIPTION\\SYSTEM";
        hardwareDatabase = unicodeString("IoNm", hardware);
        IoCreateDriver("\\Driver\\PnpManager", "PnpDriverEntry", null);
        IoCreateDriver("\\Driver\\WMIxWDM", "WmipDriverEntry", null);
        IoCreateDriver("\\Driver\\DeviceApi", "PnpDriverEntry", null);
        IoCreateDriver("\\Driver\\SoftwareDevice", "PnpDriverEntry", null);
        IoCreateDriver("\\Driver\\ACPI_HAL", "PnpDriverEntry", null);
        IoCreateDriver("\\FileSystem\\RAW", "IopCreateRawFileSystem", "IopRawDispatch");
        Map<String, StructView> images = loadedImages();
        for (Map.Entry<String, StructView> image : images.entrySet()) {
            StructView entry = image.getValue();
            Optional<DriverCode.DriverObject> object = DriverCode.driverObject(image.getKey());
            if (object.isPresent()) {
                IopLoadDriver(image.getKey(), object.get(), entry, images);
                driverDatabase.PpCheckInDriverDatabase(image.getKey(), entry.get("TimeDateStamp"));
            }
            drivers.DriverEntry(image.getKey(), entry.get("DllBase"), entry.get("SizeOfImage"));
        }
        driverDatabase.PiUpdateDriverDBCache();
        for (DeviceRow device : DEVICES) {
            IoCreateDevice(device.driver(), device.name(), device.deviceType(), device.extension(),
                    device.flags() | (device.name() != null ? DO_DEVICE_HAS_NAME : 0));
        }
        buildVolumeStacks();
        pnp.IopInitializePlugPlayServices();
    }

    /**
     * The system disk's volumes (its own stack, disk.sys's DR0 under partmgr, is the PnP tree's): volmgr's
     * HarddiskVolume1-4 with, on each, the filters a 22H2 volume carries (fvevol, iorate, rdyboost, volume,
     * volsnap from the bottom up); NTFS's volume device mounted on HarddiskVolume3 through its VPB, and the
     * filter manager's device over NTFS's. The PnP manager makes each volume a device node under ROOT\volmgr\0000.
     */
    private void buildVolumeStacks() {
        for (int n = 1; n <= 4; n++) {
            long volume = IoCreateDevice("\\Driver\\volmgr", "\\Device\\HarddiskVolume" + n, 0x7, 0x160,
                    DO_DEVICE_HAS_NAME | DO_DIRECT_IO);
            kernel.struct("_DEVICE_OBJECT", volume).put("SectorSize", 0x200);
            long below = volume;
            for (String filter : List.of("\\Driver\\fvevol", "\\Driver\\iorate", "\\Driver\\rdyboost",
                    "\\Driver\\volume", "\\Driver\\volsnap")) {
                long device = IoCreateDevice(filter, null, 0x7, 0x100, DO_DIRECT_IO | DO_POWER_PAGABLE);
                IoAttachDeviceToDeviceStack(device, below);
                below = device;
            }
            long vpb = IopCreateVpb(volume);
            if (("\\Device\\HarddiskVolume" + n).equals(SYSTEM_VOLUME)) {
                systemVolume = volume;
                systemVolumeVpb = vpb;
                long ntfsVolume = IoCreateDevice("\\FileSystem\\Ntfs", null, 0x8, 0x1200, 0);
                kernel.batch("_VPB", vpb)
                        .put("Flags", 0x1)   // VPB_MOUNTED
                        .put("DeviceObject", ntfsVolume)
                        .put("SerialNumber", random.nextInt() & 0xffffffffL)
                        .put("ReferenceCount", 0x2a5)
                        .flush();
                kernel.struct("_DEVICE_OBJECT", ntfsVolume).put("Vpb", vpb);
                IoAttachDeviceToDeviceStack(IoCreateDevice("\\FileSystem\\FltMgr", null, 0x8, 0x50, 0), ntfsVolume);
            }
        }
    }

    /** IopCreateVpb: the volume parameter block a file system mounts through. */
    private long IopCreateVpb(long device) {
        long vpb = nonPagedPool.allocate("Vpb ", 0x60);
        kernel.fresh("_VPB", vpb)
                .put("Type", IO_TYPE_VPB)
                .put("Size", 0x60)
                .put("RealDevice", device)
                .flush();
        kernel.struct("_DEVICE_OBJECT", device).put("Vpb", vpb);
        kernel.struct("_DEVOBJ_EXTENSION", kernel.struct("_DEVICE_OBJECT", device).get("DeviceObjectExtension"))
                .put("Vpb", vpb);
        return vpb;
    }

    /** A driver the kernel creates itself (IoCreateDriver): no image of its own, its routines in nt. */
    private void IoCreateDriver(String name, String entryRoutine, String dispatchRoutine) {
        long driver = newDriverObject(name, 0, 0, 0, nt.address(NtRoutines.rva(entryRoutine)), DRVO_INITIALIZED);
        long dispatch = dispatchRoutine == null ? invalidRequest() : nt.address(NtRoutines.rva(dispatchRoutine));
        long[] table = new long[MAJOR_FUNCTIONS];
        Arrays.fill(table, dispatch);
        writeMajorFunctions(driver, table);
    }

    /** PsLoadedModuleList's images by BaseDllName, in load order. */
    private Map<String, StructView> loadedImages() {
        Map<String, StructView> images = new LinkedHashMap<>();
        long head = nt.address(NtSymbols.PS_LOADED_MODULE_LIST);
        StructView entry = kernel.struct("_KLDR_DATA_TABLE_ENTRY", kernel.read(head, 8));
        while (entry.address() != head) {
            images.putIfAbsent(entry.unicodeString("BaseDllName"), entry);
            entry = kernel.struct("_KLDR_DATA_TABLE_ENTRY", entry.get("InLoadOrderLinks.Flink"));
        }
        return images;
    }

    /**
     * IopLoadDriver: the driver object of a loaded image, named by its service; DriverEntry's
     * dispatch table points at the image's routines (or its port library's) for the requests it
     * handles and at nt!IopInvalidDeviceRequest for the others, as do AddDevice and DriverUnload.
     */
    private void IopLoadDriver(String image, DriverCode.DriverObject object, StructView entry,
                               Map<String, StructView> images) {
        long base = entry.get("DllBase");
        long size = entry.get("SizeOfImage");
        long ntHeaders = base + kernel.struct("_IMAGE_DOS_HEADER", base).get("e_lfanew");
        long entryPoint = base + kernel.struct("_IMAGE_NT_HEADERS64", ntHeaders).get("OptionalHeader.AddressOfEntryPoint");
        boolean pnp = object.majors().contains(IRP_MJ_PNP);
        long driver = newDriverObject(object.name(), base, size, entry.address(), entryPoint,
                DRVO_INITIALIZED | (pnp ? 0 : DRVO_LEGACY_DRIVER));
        long[] table = new long[MAJOR_FUNCTIONS];
        for (int major = 0; major < MAJOR_FUNCTIONS; major++) {
            table[major] = object.majors().contains(major)
                    ? address(image, DriverCode.dispatch(image, major), images) : invalidRequest();
        }
        writeMajorFunctions(driver, table);
        StructBuffer d = kernel.batch("_DRIVER_OBJECT", driver);
        DriverCode.addDevice(image).ifPresent(routine -> kernel.struct("_DRIVER_EXTENSION", d.get("DriverExtension"))
                .put("AddDevice", address(image, routine, images)));
        DriverCode.unload(image).ifPresent(routine -> d.put("DriverUnload", address(image, routine, images)));
        d.flush();
    }

    /** Where a driver's routine is: in its own image, or in the library image the table names. */
    private static long address(String image, DriverCode.Routine routine, Map<String, StructView> images) {
        String file = routine.external() ? routine.image() : image;
        StructView entry = images.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(file))
                .map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new IllegalStateException(image + " points into " + file + ", which is not loaded"));
        ImageCode code = DriverCode.of(file, entry.get("SizeOfImage"))
                .orElseThrow(() -> new IllegalStateException(file + " has no code"));
        return entry.get("DllBase") + code.rvaOf(routine.name());
    }

    /**
     * The driver object and its extension in one allocation, named in \Driver or \FileSystem, with
     * the service name the extension keeps and the hardware database path every driver is handed.
     */
    private long newDriverObject(String name, long start, long size, long section, long init, int flags) {
        long driver = namespace.createNamed(ObjectTypeIndex.DRIVER, "Driv", DRIVER_OBJECT_SIZE + DRIVER_EXTENSION_SIZE,
                0, false, name);
        objects.setFlags(driver, ObjectManager.PERMANENT_OBJECT);
        String service = name.substring(name.lastIndexOf('\\') + 1);
        long extension = driver + DRIVER_OBJECT_SIZE;
        long nameBuffer = wideString("IoNm", name);
        long serviceBuffer = wideString("IoNm", service);
        kernel.fresh("_DRIVER_OBJECT", driver)
                .put("Type", IO_TYPE_DRIVER)
                .put("Size", DRIVER_OBJECT_SIZE)
                .put("Flags", flags)
                .put("DriverStart", start)
                .put("DriverSize", size)
                .put("DriverSection", section)
                .put("DriverExtension", extension)
                .putUnicodeString("DriverName", nameBuffer, 2 * name.length(), 2 * name.length() + 2)
                .put("HardwareDatabase", hardwareDatabase)
                .put("DriverInit", init)
                .flush();
        kernel.fresh("_DRIVER_EXTENSION", extension)
                .put("DriverObject", driver)
                .put("Count", 1)
                .putUnicodeString("ServiceKeyName", serviceBuffer, 2 * service.length(), 2 * service.length() + 2)
                .flush();
        drivers.put(name.toUpperCase(Locale.ROOT), driver);
        return driver;
    }

    /** MajorFunction[28], as DriverEntry fills it. */
    private void writeMajorFunctions(long driver, long[] routines) {
        byte[] table = new byte[8 * MAJOR_FUNCTIONS];
        for (int major = 0; major < MAJOR_FUNCTIONS; major++) {
            LittleEndian.putLong(table, 8 * major, routines[major]);
        }
        kernel.write(driver + NtTypes.offsetOf("_DRIVER_OBJECT", "MajorFunction"), table);
    }

    private long invalidRequest() {
        return nt.address(NtRoutines.rva("IopInvalidDeviceRequest"));
    }

    /**
     * IoCreateDevice: the device object, its extension and its DEVOBJ_EXTENSION in one allocation,
     * at the head of the driver's device list, named in the namespace when it has a name.
     */
    public long IoCreateDevice(String driverName, String name, int deviceType, int extensionSize, int flags) {
        long driver = driver(driverName);
        long extension = (extensionSize + 15) & -16L;
        long size = DEVICE_OBJECT_SIZE + extension + DEVOBJ_EXTENSION_SIZE;
        long device = name == null
                ? objects.create(ObjectTypeIndex.DEVICE, "Devi", size, 0)
                : namespace.createNamed(ObjectTypeIndex.DEVICE, "Devi", size, 0, false, name);
        long objectExtension = device + DEVICE_OBJECT_SIZE + extension;
        StructView d = kernel.struct("_DRIVER_OBJECT", driver);
        kernel.fresh("_DEVICE_OBJECT", device)
                .put("Type", IO_TYPE_DEVICE)
                .put("Size", DEVICE_OBJECT_SIZE + extension)
                .put("ReferenceCount", 0)
                .put("DriverObject", driver)
                .put("NextDevice", d.get("DeviceObject"))
                .put("Flags", flags)
                .put("Characteristics", FILE_DEVICE_SECURE_OPEN)
                .put("DeviceExtension", extensionSize == 0 ? 0 : device + DEVICE_OBJECT_SIZE)
                .put("DeviceType", deviceType)
                .put("StackSize", 1)
                .emptyList("Queue.ListEntry")
                .put("DeviceLock.Header.Type", 1)
                .put("DeviceLock.Header.Size", 6)
                .emptyList("DeviceLock.Header.WaitListHead")
                .put("DeviceObjectExtension", objectExtension)
                .flush();
        kernel.fresh("_DEVOBJ_EXTENSION", objectExtension)
                .put("Type", IO_TYPE_DEVICE_OBJECT_EXTENSION)
                .put("Size", DEVOBJ_EXTENSION_SIZE)
                .put("DeviceObject", device)
                .put("ExtensionFlags", name != null ? DOE_DEFAULT_SD_PRESENT : 0)
                .flush();
        d.put("DeviceObject", device);
        objects.setFlags(device, ObjectManager.PERMANENT_OBJECT);
        if (name != null) {
            devices.put(name.toUpperCase(Locale.ROOT), device);
        }
        return device;
    }

    /** IoAttachDeviceToDeviceStack: the new device goes on top of the target's stack. */
    public long IoAttachDeviceToDeviceStack(long source, long target) {
        long top = target;
        while (kernel.struct("_DEVICE_OBJECT", top).get("AttachedDevice") != 0) {
            top = kernel.struct("_DEVICE_OBJECT", top).get("AttachedDevice");
        }
        StructView below = kernel.struct("_DEVICE_OBJECT", top);
        below.put("AttachedDevice", source);
        StructView device = kernel.struct("_DEVICE_OBJECT", source);
        device.put("StackSize", below.get("StackSize") + 1);
        kernel.struct("_DEVOBJ_EXTENSION", device.get("DeviceObjectExtension")).put("AttachedTo", top);
        return top;
    }

    /** A driver object by its full name (\Driver\Null), made by IoInitSystem. */
    public long driver(String name) {
        Long driver = drivers.get(name.toUpperCase(Locale.ROOT));
        if (driver == null) {
            throw new IllegalArgumentException("no driver object " + name);
        }
        return driver;
    }

    /** A named device by its full path (\Device\Null). */
    public long device(String path) {
        Long device = devices.get(path.toUpperCase(Locale.ROOT));
        if (device == null) {
            throw new IllegalArgumentException("no device " + path);
        }
        return device;
    }

    /**
     * IopCreateFile: a file object for a path as a process names it. {@code C:\...} opens a file on
     * the system volume (its FileName the path on the volume, the volume's device and VPB, the
     * file's FCB and section object pointers shared by every open); {@code \Device\X\rest} opens
     * on that device with FileName {@code \rest} (the console, AFD endpoints, named pipes).
     */
    public long IopCreateFile(String path, long grantedAccess) {
        if (path.regionMatches(true, 0, "\\SystemRoot\\", 0, 12)) {
            path = "C:\\Windows\\" + path.substring(12);   // what \SystemRoot links to, on the system volume
        } else if (path.startsWith("\\??\\")) {
            path = path.substring(4);
        }
        String fileName;
        long device;
        long vpb = 0;
        long[] shared = null;
        if (path.length() > 1 && path.charAt(1) == ':') {
            fileName = path.substring(2);
            device = systemVolume;
            vpb = systemVolumeVpb;
            shared = openFiles.computeIfAbsent(fileName.toUpperCase(Locale.ROOT), key -> new long[] {
                    pagedPool.allocate("NtFs", 0x1c0), nonPagedPool.allocate("NtFs", 0x18)});
        } else {
            int split = deviceSplit(path);
            device = device(path.substring(0, split));
            fileName = path.substring(split);
        }
        long file = objects.create(ObjectTypeIndex.FILE, "File", 0xd8, 0);
        long nameBuffer = fileName.isEmpty() ? 0 : wideString("FMfn", fileName);
        StructBuffer f = kernel.fresh("_FILE_OBJECT", file)
                .put("Type", IO_TYPE_FILE)
                .put("Size", 0xd8)
                .put("DeviceObject", device)
                .put("Vpb", vpb)
                .put("FsContext", shared != null ? shared[0] : 0)
                .put("FsContext2", shared != null ? pagedPool.allocate("NtFC", 0x60) : 0)
                .put("SectionObjectPointer", shared != null ? shared[1] : 0)
                .put("ReadAccess", (grantedAccess & 0x1) != 0 ? 1 : 0)
                .put("WriteAccess", (grantedAccess & 0x2) != 0 ? 1 : 0)
                .put("SharedRead", 1)
                .put("SharedWrite", shared == null ? 1 : 0)
                .put("Flags", FO_SYNCHRONOUS_IO | FO_HANDLE_CREATED | (shared != null ? FO_CACHE_SUPPORTED : 0))
                .putUnicodeString("FileName", nameBuffer, 2 * fileName.length(), fileName.isEmpty() ? 0 : 2 * fileName.length() + 2)
                .put("Lock.Header.Type", 1)
                .put("Lock.Header.Size", 6)
                .emptyList("Lock.Header.WaitListHead")
                .put("Event.Header.Type", 0)
                .put("Event.Header.Size", 6)
                .emptyList("Event.Header.WaitListHead")
                .emptyList("IrpList");
        f.flush();
        return file;
    }

    /** Where the device's name ends in a path under \Device: the longest named device that prefixes it. */
    private int deviceSplit(String path) {
        String upper = path.toUpperCase(Locale.ROOT);
        int best = -1;
        for (String name : devices.keySet()) {
            if (upper.startsWith(name) && (upper.length() == name.length() || upper.charAt(name.length()) == '\\')
                    && name.length() > best) {
                best = name.length();
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("no device for " + path);
        }
        return best;
    }

    /** The section object pointers of a file object (what Mm fills with the file's control areas). */
    public long sectionObjectPointers(long fileObject) {
        return kernel.struct("_FILE_OBJECT", fileObject).get("SectionObjectPointer");
    }

    private long wideString(String tag, String text) {
        byte[] bytes = (text + "\0").getBytes(StandardCharsets.UTF_16LE);
        long buffer = pagedPool.allocate(tag, bytes.length);
        kernel.write(buffer, bytes);
        return buffer;
    }

    /** A UNICODE_STRING and its text in one block; returns the UNICODE_STRING's address. */
    private long unicodeString(String tag, String text) {
        byte[] bytes = (text + "\0").getBytes(StandardCharsets.UTF_16LE);
        long block = pagedPool.allocate(tag, 0x10 + bytes.length);
        kernel.write(block + 0x10, bytes);
        kernel.struct("_UNICODE_STRING", block).put("Length", bytes.length - 2).put("MaximumLength", bytes.length)
                .put("Buffer", block + 0x10);
        return block;
    }

}
