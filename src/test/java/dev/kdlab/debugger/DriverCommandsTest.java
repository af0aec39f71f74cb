package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drivers and devices (issue 11): each driver object of \Driver and \FileSystem matches its image's
 * PsLoadedModuleList entry and dispatches into that image or to nt!IopInvalidDeviceRequest;
 * {@code !drvobj \Driver\Null 2} shows the dispatch table; {@code !devobj} and {@code !devstack}
 * follow the system volume's stack.
 */
class DriverCommandsTest {
    private static final Pattern ENTRY = Pattern.compile("^ +(?:\\d\\d  )?([0-9a-f]{16}) Driver +(\\S+)$");
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    /** PsLoadedModuleList walked with poi: DllBase to {SizeOfImage, entry address}. */
    private static Map<Long, long[]> loadedModules() {
        Map<Long, long[]> modules = new HashMap<>();
        long head = lkd.eval("nt!PsLoadedModuleList");
        for (long entry = lkd.eval("poi(nt!PsLoadedModuleList)"); entry != head; entry = lkd.eval(String.format("poi(%x)", entry))) {
            modules.put(lkd.eval(String.format("poi(%x+#FIELD_OFFSET(_KLDR_DATA_TABLE_ENTRY, DllBase))", entry)),
                    new long[] {lkd.eval(String.format("dwo(%x+#FIELD_OFFSET(_KLDR_DATA_TABLE_ENTRY, SizeOfImage))", entry)),
                            entry});
        }
        return modules;
    }

    @Test
    void everyDriverObjectIsItsLoadedImagesAndDispatchesIntoIt() {
        Map<Long, long[]> modules = loadedModules();
        long invalid = lkd.eval("nt!IopInvalidDeviceRequest");
        int drivers = 0;
        for (String directory : List.of("\\Driver", "\\FileSystem")) {
            for (String line : lkd.run("!object " + directory)) {
                Matcher m = ENTRY.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                long driver = Long.parseUnsignedLong(m.group(1), 16);
                long start = lkd.eval(String.format("poi(%x+#FIELD_OFFSET(_DRIVER_OBJECT, DriverStart))", driver));
                long size = lkd.eval(String.format("dwo(%x+#FIELD_OFFSET(_DRIVER_OBJECT, DriverSize))", driver));
                long section = lkd.eval(String.format("poi(%x+#FIELD_OFFSET(_DRIVER_OBJECT, DriverSection))", driver));
                if (start == 0) {
                    assertThat(m.group(2)).as("only the kernel's own drivers have no image")
                            .isIn("PnpManager", "WMIxWDM", "DeviceApi", "SoftwareDevice", "ACPI_HAL", "RAW");
                    continue;
                }
                assertThat(modules).as(m.group(2)).containsKey(start);
                assertThat(size).isEqualTo(modules.get(start)[0]);
                assertThat(section).isEqualTo(modules.get(start)[1]);
                for (int major = 0; major < 28; major++) {
                    long routine = lkd.eval(String.format("poi(%x+#FIELD_OFFSET(_DRIVER_OBJECT, MajorFunction)+%x)", driver,
                            8 * major));
                    assertThat(routine == invalid || routine >= start && routine < start + size
                            || inPortLibrary(routine, modules)).as("%s MajorFunction[%x]", m.group(2), major).isTrue();
                }
                assertThat(lkd.text(String.format("dt nt!_DRIVER_OBJECT %x DriverName", driver)))
                        .contains("\"" + directory + "\\" + m.group(2) + "\"");
                drivers++;
            }
        }
        assertThat(drivers).isGreaterThan(100);
    }

    /** A miniport's or class driver's table points into the library it links with (storport, CLASSPNP, ndis). */
    private static boolean inPortLibrary(long routine, Map<Long, long[]> modules) {
        for (Map.Entry<Long, long[]> module : modules.entrySet()) {
            if (routine >= module.getKey() && routine < module.getKey() + module.getValue()[0]) {
                return lkd.text("ln " + Long.toHexString(routine)).matches("(?s).*\\)   (storport|CLASSPNP|ndis)!\\w+ .*");
            }
        }
        return false;
    }

    @Test
    void drvobjShowsNullsDispatchTable() {
        List<String> lines = lkd.run("!drvobj \\Driver\\Null 2");
        assertThat(lines.get(0)).matches("Driver object \\([0-9a-f]{16}\\) is for:");
        assertThat(lines.get(1)).isEqualTo(" \\Driver\\Null");
        assertThat(lines).anyMatch(l -> l.matches("DriverEntry:   [0-9a-f]{16}\tNull!GsDriverEntry"));
        assertThat(lines).contains("Dispatch routines:");
        // Null's PDB names its dispatch routine, but not under a name kdlab knows: the module+offset form
        assertThat(lines).anyMatch(l -> l.matches("\\[00\\] IRP_MJ_CREATE {22}[0-9a-f]{16}\tNull\\+0x[0-9a-f]+"));
        assertThat(lines).anyMatch(l -> l.matches("\\[0e\\] IRP_MJ_DEVICE_CONTROL {14}[0-9a-f]{16}\tnt!IopInvalidDeviceRequest"));
        assertThat(lines).anyMatch(l -> l.startsWith("[1b] IRP_MJ_PNP "));
        assertThat(lkd.run("!drvobj null").get(1)).isEqualTo(" \\Driver\\Null");
        assertThat(lkd.text("!drvobj \\Driver\\NoSuchDriver")).isEqualTo("Driver object \\Driver\\NoSuchDriver not found");
    }

    @Test
    void devobjAndDevstackFollowTheSystemVolumesStack() {
        List<String> stack = lkd.run("!devstack \\Device\\HarddiskVolume3");
        assertThat(stack.get(0)).isEqualTo("  !DevObj           !DrvObj            !DevExt           ObjectName");
        List<String> devices = stack.subList(1, 7);
        assertThat(devices).extracting(l -> l.substring(20, 38).trim())
                .containsExactly("\\Driver\\volsnap", "\\Driver\\volume", "\\Driver\\rdyboost", "\\Driver\\iorate",
                        "\\Driver\\fvevol", "\\Driver\\volmgr");
        assertThat(devices.get(5)).startsWith("> ").endsWith("HarddiskVolume3");
        assertThat(stack.get(7)).matches("!DevNode [0-9a-f]{16} :");
        assertThat(stack.get(8)).startsWith("  DeviceInst is \"STORAGE\\Volume\\{").endsWith("}#0000000028600000\"");
        assertThat(stack.subList(9, stack.size())).containsExactly("  ServiceName is \"volume\"");
        long volume = Long.parseUnsignedLong(devices.get(5).substring(2, 18), 16);
        long fvevol = Long.parseUnsignedLong(devices.get(4).substring(2, 18), 16);
        List<String> device = lkd.run(String.format("!devobj %x", volume));
        assertThat(device.get(1)).startsWith(" HarddiskVolume3 \\Driver\\volmgr DriverObject ");
        assertThat(device).contains(String.format("AttachedDevice (Upper) %016x \\Driver\\fvevol", fvevol),
                "Device queue is not busy.");
        assertThat(lkd.run(String.format("!devobj %x", fvevol))).contains(
                String.format("AttachedTo (Lower) %016x \\Driver\\volmgr", volume));
        long vpb = lkd.eval(String.format("poi(%x+#FIELD_OFFSET(_DEVICE_OBJECT, Vpb))", volume));
        long ntfs = lkd.eval(String.format("poi(%x+#FIELD_OFFSET(_VPB, DeviceObject))", vpb));
        assertThat(lkd.run(String.format("!devobj %x", ntfs)).get(1)).startsWith(" \\FileSystem\\Ntfs DriverObject");
        assertThat(lkd.run(String.format("!devstack %x", ntfs)).get(1)).contains("\\FileSystem\\FltMgr");
    }
}
