package dev.kdlab.kernel.image;

import dev.kdlab.kernel.DataTable;
import dev.kdlab.kernel.image.ImageCode.Section;
import dev.kdlab.pe.Register;
import dev.kdlab.pe.UnwindCode.Alloc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import static dev.kdlab.pe.Register.R14;
import static dev.kdlab.pe.Register.RBP;
import static dev.kdlab.pe.Register.RBX;
import static dev.kdlab.pe.Register.RDI;
import static dev.kdlab.pe.Register.RSI;

/**
 * The code of the kernel drivers, as their files and PDBs hold it: for every image the I/O manager
 * makes a driver object for, the entry point {@code GsDriverEntry} (the WDK's /GS stub: it sets the
 * security cookie up, then calls {@code DriverEntry}), DriverEntry, the routines its driver object
 * points at (MajorFunction, DriverUnload, DriverExtension->AddDevice) and the notify routines its
 * initialisation registers; for a library other drivers point into (storport, CLASSPNP, ndis), the
 * routines they point at. Which routine is which is driver-routines-19045.txt; the driver objects
 * (name, the requests handled, file system or not) are drivers-19045.txt.
 *
 * <p>A routine the table gives no real public name is UNNAMED: its code is there (the driver object
 * or notify array points at it, the exception directory covers it) but the PDB kdlab serves lists no
 * symbol for it, so a debugger shows {@code driver+0x...}; kdlab does not invent names a real PDB
 * lacks. peauth.sys has no public PDB at all ({@link #hasPublicSymbols}).
 *
 * <p>An image's code depends only on its file name and size, so a symbol server serves the same
 * PDB for it on every machine. Layout in an image of {@code size} bytes: headers in the first page,
 * .text from 0x1000 up to the exception directory (.pdata) two pages below the version resource's
 * page, the import slots 0x800 bytes into the .pdata page; each routine where its name picks in .text.
 */
public final class DriverCode {
    /** The PE entry point of a driver built with the WDK: /GS's stub around DriverEntry. */
    public static final String ENTRY_POINT = "GsDriverEntry";
    static final String DRIVER_ENTRY = "DriverEntry";
    private static final String SECURITY_COOKIE = "__security_init_cookie";
    /** Driver code imports from the kernel; the loader binds the slots to nt's routines. */
    public static final String KERNEL = "nt";
    private static final long TEXT_START = 0x1000;
    private static final long IMPORTS_IN_PDATA_PAGE = 0x800;

    private static final Register[] FIVE = {RBX, RBP, RSI, RDI, R14};
    private static final Register[] THREE = {RBX, RSI, RDI};
    private static final Register[] TWO = {RBX, RSI};

    /**
     * An unnamed routine's key, from which ImageCode picks its place in .text and its filler bytes:
     * the keys the layout was built with before these routines lost their made-up names, kept so
     * the machine's bytes did not move. Keys only: no PDB, {@code x} or {@code ln} ever shows them.
     */
    private static final String DISPATCH_KEY = "Dispatch";
    private static final String UNLOAD_KEY = "DriverUnload";
    private static final String ADD_DEVICE_KEY = "AddDevice";
    private static final Map<String, String> NOTIFY_KEYS = Map.of("process", "CreateProcessNotify",
            "processEx", "CreateProcessNotifyEx", "thread", "CreateThreadNotify", "image", "LoadImageNotify");
    /** The table's mark for a routine whose real public name kdlab does not know. */
    private static final String NO_NAME = "-";
    /** Images Microsoft publishes no PDB for (a symbol server has nothing; lm shows them (no symbols)). */
    private static final Set<String> WITHOUT_PDB = Set.of("peauth.sys");

    /** IRP_MJ_* by code, as wdm.h names them (for the key of a dispatch routine without a public name). */
    private static final List<String> MAJOR_NAMES = List.of("Create", "CreateNamedPipe", "Close", "Read", "Write",
            "QueryInformation", "SetInformation", "QueryEa", "SetEa", "FlushBuffers", "QueryVolumeInformation",
            "SetVolumeInformation", "DirectoryControl", "FileSystemControl", "DeviceControl", "InternalDeviceControl",
            "Shutdown", "LockControl", "Cleanup", "CreateMailslot", "QuerySecurity", "SetSecurity", "Power",
            "SystemControl", "DeviceChange", "QueryQuota", "SetQuota", "Pnp");
    private static final int IRP_MJ_PNP = 0x1b;

    /** A driver object the I/O manager makes for an image: its name, the IRP_MJ_* codes it handles, file system or not. */
    public record DriverObject(String name, Set<Integer> majors, boolean fileSystem) {
    }

    /**
     * A routine of this image ({@code image} null) or of another image, by that image's file name;
     * {@code name} is its public symbol, or for an unnamed routine ({@code named} false) only the
     * key its place derives from.
     */
    public record Routine(String image, String name, boolean named) {
        public boolean external() {
            return image != null;
        }
    }

    /** A notify routine an image's initialisation registers: its kind (process, processEx, thread, image) and routine. */
    public record Notify(String kind, Routine routine) {
    }

    /** What the table says of one image. */
    private static final class Rows {
        final Map<Integer, Routine> majors = new TreeMap<>();
        final List<Notify> notifies = new ArrayList<>();
        Routine unload;
        Routine addDevice;
        String init;
        /** Routines other images point at. */
        final Set<String> exported = new LinkedHashSet<>();
    }

    private record Key(String fileName, long size) {
    }

    private static final Map<String, DriverObject> DRIVER_OBJECTS = readDriverObjects();
    private static final Map<String, Rows> ROWS = readRoutines();
    private static final Map<Key, Optional<ImageCode>> IMAGES = new ConcurrentHashMap<>();

    private DriverCode() {
    }

    /** The driver object an image's DriverEntry makes, if it makes one (export drivers and libraries do not). */
    public static Optional<DriverObject> driverObject(String fileName) {
        return Optional.ofNullable(DRIVER_OBJECTS.get(fileName));
    }

    /** The routine a driver object's MajorFunction[major] points at, for a request the driver handles. */
    public static Routine dispatch(String fileName, int major) {
        Routine routine = rows(fileName).majors.get(major);
        return routine != null ? routine : new Routine(null, DISPATCH_KEY + MAJOR_NAMES.get(major), false);
    }

    /** Whether a symbol server has a PDB for the image (Microsoft publishes none for peauth.sys). */
    public static boolean hasPublicSymbols(String fileName) {
        return !WITHOUT_PDB.contains(fileName.toLowerCase(Locale.ROOT));
    }

    /** DriverUnload: the table's, else every driver but a file system has one (a PnP driver must). */
    public static Optional<Routine> unload(String fileName) {
        Rows rows = rows(fileName);
        if (rows.unload != null) {
            return Optional.of(rows.unload);
        }
        return driverObject(fileName).filter(d -> !d.fileSystem()).map(d -> new Routine(null, UNLOAD_KEY, false));
    }

    /** DriverExtension->AddDevice: a device driver that handles IRP_MJ_PNP has one (a file system's PnP requests are its volumes'). */
    public static Optional<Routine> addDevice(String fileName) {
        Rows rows = rows(fileName);
        if (rows.addDevice != null) {
            return Optional.of(rows.addDevice);
        }
        return driverObject(fileName).filter(d -> d.majors().contains(IRP_MJ_PNP) && !d.fileSystem())
                .map(d -> new Routine(null, ADD_DEVICE_KEY, false));
    }

    /** The notify routines the image's initialisation registers, in the order it registers them. */
    public static List<Notify> notifyRoutines(String fileName) {
        return List.copyOf(rows(fileName).notifies);
    }

    /** The image's code, or empty for an image kdlab gives none (hal, the debugger transport, export drivers nobody points into). */
    public static Optional<ImageCode> of(String fileName, long sizeOfImage) {
        return IMAGES.computeIfAbsent(new Key(fileName.toLowerCase(Locale.ROOT), sizeOfImage),
                key -> Optional.ofNullable(build(fileName, sizeOfImage)));
    }

    /** The exception directory's RVA in an image of this size: two pages below the version resource's page. */
    static long exceptionDirectory(long sizeOfImage) {
        return (PeImage.resourceRva(sizeOfImage) & -0x1000L) - 0x1000;
    }

    private static Rows rows(String fileName) {
        Rows rows = ROWS.get(fileName);
        return rows != null ? rows : new Rows();
    }

    private static ImageCode build(String fileName, long size) {
        Optional<DriverObject> object = driverObject(fileName);
        Rows rows = rows(fileName);
        if (object.isEmpty() && rows.init == null && rows.notifies.isEmpty() && rows.exported.isEmpty()) {
            return null;
        }
        long pdata = exceptionDirectory(size);
        Section text = new Section(".text", TEXT_START, pdata);
        ImageCode.Builder code = ImageCode.builder(UserCode.moduleName(fileName), pdata).kernelMode()
                .importTable(pdata + IMPORTS_IN_PDATA_PAGE);
        Set<String> routines = new LinkedHashSet<>(List.of(DRIVER_ENTRY));
        // an export driver (storport, CLASSPNP) has a DriverEntry too: the loader calls it, and it does little
        code.routine(ENTRY_POINT, text, 0x40, new Alloc(0x28)).invokes(SECURITY_COOKIE, DRIVER_ENTRY)
                .leaf(SECURITY_COOKIE, text, 0x80)
                .routine(DRIVER_ENTRY, text, object.isPresent() ? 0x280 : 0x60, FIVE, 0x40);
        if (rows.init != null && routines.add(rows.init)) {   // CI.dll: nt calls CiInitialize, which registers
            code.routine(rows.init, text, 0x280, FIVE, 0x40);
        }
        initialisation(code, object, rows);
        if (object.isPresent()) {
            for (int major : object.get().majors()) {
                Routine routine = dispatch(fileName, major);
                if (!routine.external() && routines.add(routine.name())) {
                    code.routine(routine.name(), text, sized(routine.name(), 0x100), THREE, 0x30)
                            .invokesImports(KERNEL, "IofCompleteRequest");
                    nameOrNot(code, routine);
                }
            }
            unload(fileName).filter(r -> !r.external() && routines.add(r.name())).ifPresent(r -> nameOrNot(
                    code.routine(r.name(), text, 0xa0, TWO, 0x28).invokesImports(KERNEL, "ObfDereferenceObject"), r));
            addDevice(fileName).filter(r -> !r.external() && routines.add(r.name())).ifPresent(r -> nameOrNot(
                    code.routine(r.name(), text, 0x240, FIVE, 0x40).invokesImports(KERNEL, "IoCreateDevice"), r));
        }
        for (Notify notify : rows.notifies) {
            Routine routine = notify.routine();
            if (routines.add(routine.name())) {
                code.routine(routine.name(), text, sized(routine.name(), 0x180), FIVE, 0x40)
                        .invokesImports(KERNEL, "ExAllocatePoolWithTag");
                nameOrNot(code, routine);
            }
        }
        for (String exported : rows.exported) {
            if (routines.add(exported)) {
                code.routine(exported, text, sized(exported, 0x180), FIVE, 0x40)
                        .invokesImports(KERNEL, exported.contains("Dispatch") || exported.endsWith("Irp")
                                ? "IofCallDriver" : "ExAllocatePoolWithTag");
            }
        }
        return code.build();
    }

    /** The routine just added keeps its key out of the PDB when the table knows no real name for it. */
    private static void nameOrNot(ImageCode.Builder code, Routine routine) {
        if (!routine.named()) {
            code.unnamed();
        }
    }

    /** What DriverEntry calls: IoCreateDevice when it makes devices, the registration of each notify routine. */
    private static void initialisation(ImageCode.Builder code, Optional<DriverObject> object, Rows rows) {
        if (object.isPresent()) {
            code.invokesImports(KERNEL, "IoCreateDevice");
        }
        for (Notify notify : rows.notifies) {
            code.invokesImports(KERNEL, switch (notify.kind()) {
                case "process" -> "PsSetCreateProcessNotifyRoutine";
                case "processEx" -> "PsSetCreateProcessNotifyRoutineEx";
                case "thread" -> "PsSetCreateThreadNotifyRoutine";
                case "image" -> "PsSetLoadImageNotifyRoutine";
                default -> throw new IllegalStateException("unknown notify routine kind " + notify.kind());
            });
        }
    }

    /** A routine's size: {@code base} and up to 0x1f0 more, as its name picks. */
    private static int sized(String name, int base) {
        return base + 0x10 * Math.floorMod(name.hashCode(), 0x20);
    }

    private static Map<String, DriverObject> readDriverObjects() {
        Map<String, DriverObject> objects = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String[] cells : DataTable.read(DriverCode.class, "drivers-19045.txt")) {
            objects.put(cells[0], new DriverObject(cells[1], majors(cells[2]), cells[3].equals("fs")));
        }
        return objects;
    }

    private static Set<Integer> majors(String cell) {
        Set<Integer> majors = new LinkedHashSet<>();
        for (String major : cell.split(",")) {
            majors.add(Integer.parseInt(major.trim(), 16));
        }
        return majors;
    }

    private static Map<String, Rows> readRoutines() {
        Map<String, Rows> images = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<String[]> same = new ArrayList<>();
        for (String[] cells : DataTable.read(DriverCode.class, "driver-routines-19045.txt")) {
            String role = cells[2];
            if (role.equals("same")) {
                same.add(cells);
                continue;
            }
            Rows rows = images.computeIfAbsent(cells[0], image -> new Rows());
            Routine routine = routine(cells[1], role);
            if (routine.external()) {
                images.computeIfAbsent(routine.image(), image -> new Rows()).exported.add(routine.name());
            }
            if (role.startsWith("irp ")) {
                for (int major : majors(role.substring(4))) {
                    rows.majors.put(major, routine);
                }
            } else if (role.startsWith("notify ")) {
                rows.notifies.add(new Notify(role.substring(7), routine));
            } else {
                switch (role) {
                    case "unload" -> rows.unload = routine;
                    case "adddevice" -> rows.addDevice = routine;
                    case "init" -> rows.init = routine.name();
                    default -> throw new IllegalStateException("unknown role " + role + " of " + cells[1]);
                }
            }
        }
        for (String[] cells : same) {
            Rows model = images.get(cells[1]);
            Rows rows = images.computeIfAbsent(cells[0], image -> new Rows());
            rows.majors.putAll(model.majors);
            rows.unload = model.unload;
            rows.addDevice = model.addDevice;
        }
        return images;
    }

    /** A table cell: {@code Name}, {@code image!Name}, or {@code -} for a notify routine with no known public name. */
    private static Routine routine(String cell, String role) {
        if (cell.equals(NO_NAME)) {
            String key = role.startsWith("notify ") ? NOTIFY_KEYS.get(role.substring(7)) : null;
            if (key == null) {
                throw new IllegalStateException("an unnamed routine must be a notify routine, not " + role);
            }
            return new Routine(null, key, false);
        }
        int bang = cell.indexOf('!');
        return bang < 0 ? new Routine(null, cell, true)
                : new Routine(cell.substring(0, bang), cell.substring(bang + 1), true);
    }
}
