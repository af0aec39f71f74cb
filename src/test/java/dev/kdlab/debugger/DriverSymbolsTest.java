package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel drivers' public symbols and code, through commands only: {@code x} lists a driver's
 * routines; every routine a driver object or a notify array points at is either a symbol whose real
 * name driver-routines-19045.txt lists ({@code ln} names it exactly, in the driver, its port library
 * or nt) or, where kdlab does not know the real name, unnamed: {@code ln} and {@code !drvobj} show
 * {@code driver+0x...}; either way {@code u} finds a prolog there. No made-up name (the WDK's
 * DispatchCreate, AddDevice, DriverUnload, CreateProcessNotify ...) appears anywhere. {@code lm}
 * shows a driver {@code (deferred)} until a lookup loads its symbols, and peauth, which has no
 * public PDB, {@code (no symbols)} once a lookup searched for it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DriverSymbolsTest {
    private static final Pattern DISPATCH = Pattern.compile("\\[[0-9a-f]{2}] IRP_MJ_\\w+ +([0-9a-f]{16})\t(\\S+)");
    private static final Pattern ROUTINE = Pattern.compile("(DriverEntry|DriverUnload|AddDevice): +([0-9a-f]{16})\t(\\S+)");
    private static final Pattern DRIVER = Pattern.compile(" +(?:[0-9a-f]{2})? +[0-9a-f]{16} Driver +(\\S+)");
    /** An address no public symbol covers: {@code Null+0x2ff0}. */
    private static final Pattern UNNAMED = Pattern.compile("(\\w+)\\+0x([0-9a-f]+)");
    /** The names the WDK's docs use for a driver's routines, which no real driver PDB has. */
    private static final Pattern MADE_UP = Pattern.compile("Dispatch(Create|CreateNamedPipe|Close|Read|Write|QueryInformation"
            + "|SetInformation|QueryEa|SetEa|FlushBuffers|QueryVolumeInformation|SetVolumeInformation|DirectoryControl"
            + "|FileSystemControl|DeviceControl|InternalDeviceControl|Shutdown|LockControl|Cleanup|CreateMailslot"
            + "|QuerySecurity|SetSecurity|Power|SystemControl|DeviceChange|QueryQuota|SetQuota|Pnp)|AddDevice|DriverUnload"
            + "|CreateProcessNotify(Ex)?|CreateThreadNotify|LoadImageNotify");
    private static final String ROUTINES = "/dev/kdlab/kernel/image/driver-routines-19045.txt";
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    @Test
    @Order(1)
    void lmShowsADriverDeferredUntilALookupLoadsItsSymbols() {
        assertThat(lkd.run("lm m Wof").get(1)).matches("[0-9a-f`]{17} [0-9a-f`]{17}   Wof        \\(deferred\\) +");
        List<String> entry = lkd.run("x Wof!DriverEntry");
        assertThat(entry).containsExactly(Hex.backtick(lkd.eval("Wof!DriverEntry")) + " Wof!DriverEntry (void)");
        assertThat(lkd.run("lm m Wof").get(1)).contains("   Wof        (pdb symbols)          "
                + "C:\\ProgramData\\Dbg\\sym\\wof.pdb\\");
        assertThat(lkd.run("lm m Fs_Rec").get(1)).as("another driver stays deferred").contains("(deferred)");
    }

    @Test
    @Order(2)
    void xListsADriversRoutines() {
        List<String> tcpip = lkd.run("x tcpip!*");
        for (String routine : List.of("GsDriverEntry", "DriverEntry", "CreateProcessNotifyRoutineEx")) {
            assertThat(tcpip).contains(Hex.backtick(lkd.eval("tcpip!" + routine)) + " tcpip!" + routine + " (void)");
        }
        assertThat(tcpip).as("tcpip's dispatch routines have no name kdlab knows: its PDB lists none")
                .hasSize(9).noneMatch(l -> l.contains("Dispatch"));
        assertThat(tcpip).contains(Hex.backtick(lkd.eval("tcpip!__imp_IofCompleteRequest"))
                + " tcpip!__imp_IofCompleteRequest = <no type information>");
        List<String> ntfs = lkd.run("x /1 Ntfs!NtfsFsd*");
        assertThat(ntfs).containsExactlyInAnyOrder("Ntfs!NtfsFsdCleanup", "Ntfs!NtfsFsdClose", "Ntfs!NtfsFsdCreate",
                "Ntfs!NtfsFsdDeviceControl", "Ntfs!NtfsFsdDirectoryControl", "Ntfs!NtfsFsdDispatch",
                "Ntfs!NtfsFsdDispatchWait", "Ntfs!NtfsFsdFileSystemControl", "Ntfs!NtfsFsdFlushBuffers",
                "Ntfs!NtfsFsdLockControl", "Ntfs!NtfsFsdPnp", "Ntfs!NtfsFsdRead", "Ntfs!NtfsFsdSetInformation",
                "Ntfs!NtfsFsdShutdown", "Ntfs!NtfsFsdWrite");
        assertThat(lkd.run("x hal!*")).as("an image kdlab gives no code has no symbols").isEmpty();
    }

    /**
     * Every driver object's DriverEntry, DriverUnload, AddDevice and dispatch entries, as !drvobj
     * shows them, are either a name the resource lists as real (exactly, no +offset: the driver's
     * own, its port library's, or nt!IopInvalidDeviceRequest), which ln names exactly, or the
     * driver's own code in the module+offset form, which ln shows the same way; the code there
     * starts with a prolog.
     */
    @Test
    @Order(3)
    void everyDriverObjectPointsAtRealNamesOrUnnamedCode() {
        Set<String> real = realNames();
        List<String> drivers = new ArrayList<>();
        for (String directory : List.of("\\Driver", "\\FileSystem")) {
            for (String line : lkd.run("!object " + directory)) {
                Matcher m = DRIVER.matcher(line);
                if (m.matches()) {
                    drivers.add(directory + "\\" + m.group(1));
                }
            }
        }
        assertThat(drivers).hasSizeGreaterThan(120).contains("\\FileSystem\\Ntfs", "\\Driver\\Tcpip", "\\Driver\\ACPI");
        Set<String> checked = new LinkedHashSet<>();
        int unnamed = 0;
        for (String driver : drivers) {
            List<String> drvobj = lkd.run("!drvobj " + driver + " 2");
            String module = null;
            int dispatch = 0;
            for (String line : drvobj) {
                Matcher m = DISPATCH.matcher(line);
                Matcher r = ROUTINE.matcher(line);
                String address;
                String symbol;
                if (m.matches()) {
                    address = m.group(1);
                    symbol = m.group(2);
                    dispatch++;
                } else if (r.matches()) {
                    address = r.group(2);
                    symbol = r.group(3);
                } else {
                    continue;
                }
                if (r.matches() && r.group(1).equals("DriverEntry") && !kernelsOwn(driver)) {
                    Matcher noPdb = UNNAMED.matcher(symbol);
                    module = noPdb.matches() ? noPdb.group(1) : symbol.substring(0, symbol.indexOf('!'));
                    assertThat(symbol).as("every driver has GsDriverEntry, but peauth has no PDB to name it")
                            .matches(module.equals("peauth") ? "peauth\\+0x[0-9a-f]+" : module + "!GsDriverEntry");
                }
                Matcher u = UNNAMED.matcher(symbol);
                if (u.matches()) {
                    assertThat(u.group(1)).as(driver + ": unnamed code is the driver's own: " + line).isEqualTo(module);
                    assertThat(lkd.eval(u.group(1)) + Long.parseLong(u.group(2), 16)).as(line)
                            .isEqualTo(Long.parseUnsignedLong(address, 16));
                    unnamed++;
                } else {
                    String entry = module + "!GsDriverEntry";
                    assertThat(symbol).as(driver + ": " + line).doesNotContain("+")
                            .matches(s -> real.contains(s) || s.equals(entry)
                                    || s.equals("nt!IopInvalidDeviceRequest") || kernelsOwn(driver) && s.startsWith("nt!"),
                                    "a name listed as real");
                }
                if (checked.add(address)) {
                    List<String> ln = lkd.run("ln " + address);
                    if (u.matches()) {
                        String here = "(" + Hex.backtick(lkd.eval(module)) + ")   " + symbol;
                        assertThat(ln.get(0)).as(driver + " " + symbol)
                                .matches(l -> l.equals(here) || l.startsWith(here + "   |  ("), "the module+offset form");
                        assertThat(ln).doesNotContain("Exact matches:");
                    } else {
                        assertThat(ln).as(driver + " " + symbol).contains("Exact matches:")
                                .anyMatch(l -> l.trim().startsWith(symbol + " "));
                    }
                    assertThat(lkd.run("u " + address + " L1").get(1)).as(symbol)
                            .matches(".* (push    r[bs]x|sub     rsp,\\w+|mov     .*|jmp     .*)");
                }
            }
            assertThat(dispatch).as(driver).isEqualTo(28);
        }
        assertThat(unnamed).as("the routines kdlab knows no real name for").isGreaterThan(300);
        assertThat(lkd.run("!drvobj \\FileSystem\\Ntfs 2")).contains(
                "[00] IRP_MJ_CREATE                      " + hex("Ntfs!NtfsFsdCreate") + "\tNtfs!NtfsFsdCreate",
                "[0c] IRP_MJ_DIRECTORY_CONTROL           " + hex("Ntfs!NtfsFsdDirectoryControl")
                        + "\tNtfs!NtfsFsdDirectoryControl",
                "[01] IRP_MJ_CREATE_NAMED_PIPE           " + hex("nt!IopInvalidDeviceRequest") + "\tnt!IopInvalidDeviceRequest",
                "DriverEntry:   " + hex("Ntfs!GsDriverEntry") + "\tNtfs!GsDriverEntry");
        assertThat(lkd.run("!drvobj \\Driver\\stornvme 2")).contains(
                "[1b] IRP_MJ_PNP                         " + hex("storport!RaDriverPnpIrp") + "\tstorport!RaDriverPnpIrp",
                "AddDevice:     " + hex("storport!RaDriverAddDevice") + "\tstorport!RaDriverAddDevice");
        assertThat(lkd.run("!drvobj \\Driver\\ACPI 2")).anyMatch(l -> l.matches("DriverUnload:  ([0-9a-f]{16})\tACPI\\+0x[0-9a-f]+"));
    }

    /** The drivers IoCreateDriver makes have no image: their routines are nt's. */
    private static boolean kernelsOwn(String driver) {
        return List.of("\\Driver\\PnpManager", "\\Driver\\WMIxWDM", "\\Driver\\DeviceApi", "\\Driver\\SoftwareDevice",
                "\\Driver\\ACPI_HAL", "\\FileSystem\\RAW").contains(driver);
    }

    /**
     * The notify arrays' routines, read from each EX_CALLBACK's routine block (Function at +8), are
     * the drivers' registered routines, in load order, each a function with a prolog: named where
     * kdlab knows the real name, else in the module+offset form (peauth has no PDB at all).
     */
    @Test
    @Order(4)
    void everyNotifyRoutineIsADriverRoutine() {
        List<String> process = notifyRoutines("nt!PspCreateProcessNotifyRoutine");
        assertThat(process.subList(0, 7)).containsExactly(
                "ksecdd!KsecCreateProcessNotifyRoutine", "CI!I_PEProcessNotify", "cng!CngCreateProcessNotifyRoutine",
                "WdFilter!MpCreateProcessNotifyRoutineEx", "tcpip!CreateProcessNotifyRoutineEx",
                "iorate!IoRateProcessCreateNotify", "dxgkrnl!DxgkProcessNotify");
        assertThat(process.subList(7, process.size())).hasSize(2)
                .satisfiesExactly(a -> assertThat(a).matches("ahcache\\+0x[0-9a-f]+"),
                        p -> assertThat(p).matches("peauth\\+0x[0-9a-f]+"));
        List<String> thread = notifyRoutines("nt!PspCreateThreadNotifyRoutine");
        assertThat(thread).hasSize(3).startsWith("WdFilter!MpCreateThreadNotifyRoutine", "WdFilter!MpCreateThreadNotifyRoutineEx");
        assertThat(thread.get(2)).matches("mmcss\\+0x[0-9a-f]+");
        assertThat(notifyRoutines("nt!PspLoadImageNotifyRoutine")).containsExactly(
                "WdFilter!MpLoadImageNotifyRoutine", "ahcache!CitmpLoadImageCallback");
    }

    /** peauth.sys has no public PDB: after a lookup searched for it, lm says (no symbols) and x finds nothing. */
    @Test
    @Order(5)
    void peauthHasNoSymbols() {
        assertThat(lkd.run("x peauth!*")).isEmpty();
        List<String> lm = lkd.run("lm m peauth");
        assertThat(lm).hasSize(2);
        assertThat(lm.get(1)).matches("[0-9a-f`]{17} [0-9a-f`]{17}   peauth     \\(no symbols\\) +");
        assertThat(lkd.run("lm m mmcss").get(1)).as("a driver with a PDB shows it once loaded").contains("(pdb symbols)");
    }

    /** No made-up routine name: not among the symbols x lists for every module, not in the resource's rows. */
    @Test
    @Order(6)
    void noMadeUpNameAnywhere() {
        List<String> all = lkd.run("x *!*");
        assertThat(all).hasSizeGreaterThan(1500).anyMatch(l -> l.contains(" Ntfs!NtfsFsdCreate "))
                .anyMatch(l -> l.contains(" WdFilter!MpLoadImageNotifyRoutine "));
        for (String line : all) {
            String name = line.split(" ")[1];
            assertThat(name.substring(name.indexOf('!') + 1)).as(line).doesNotMatch(MADE_UP);
        }
        for (String name : realNames()) {
            assertThat(name.substring(name.indexOf('!') + 1)).as(name).doesNotMatch(MADE_UP);
        }
    }

    private static List<String> notifyRoutines(String array) {
        List<String> names = new ArrayList<>();
        Set<String> real = realNames();
        for (int slot = 0; slot < 64; slot++) {
            long block = lkd.eval("poi(" + array + "+" + Integer.toHexString(8 * slot) + ")");
            if (block == 0) {
                break;
            }
            long routine = lkd.eval("poi(" + Long.toHexString(block & ~0xfL) + "+8)");
            List<String> ln = lkd.run("ln " + Long.toHexString(routine));
            String name;
            if (ln.contains("Exact matches:")) {
                name = ln.get(ln.indexOf("Exact matches:") + 1).trim().split(" ")[0];
                assertThat(real).as("a name listed as real").contains(name);
            } else {
                name = ln.get(0).split(" +")[1];
                Matcher u = UNNAMED.matcher(name);
                assertThat(u.matches()).as(ln.get(0)).isTrue();
                assertThat(ln.get(0)).startsWith("(" + Hex.backtick(lkd.eval(u.group(1))) + ")   " + name);
            }
            assertThat(lkd.eval(name)).isEqualTo(routine);
            assertThat(lkd.run("u " + name + " L1")).containsExactly(name + ":",
                    Hex.backtick(routine) + " 53              push    rbx");
            names.add(name);
        }
        return names;
    }

    /**
     * The names driver-routines-19045.txt lists as real, as {@code module!Name}: each row's routine
     * in its image (or in the image it names), the module being the file name without extension.
     */
    private static Set<String> realNames() {
        Set<String> names = new LinkedHashSet<>();
        try (var in = DriverSymbolsTest.class.getResourceAsStream(ROUTINES)) {
            for (String row : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] cells = row.split("\\|");
                if (row.startsWith("#") || cells.length < 3 || cells[2].equals("same") || cells[1].equals("-")) {
                    continue;
                }
                int bang = cells[1].indexOf('!');
                String image = bang < 0 ? cells[0] : cells[1].substring(0, bang);
                names.add(image.substring(0, image.lastIndexOf('.')) + "!" + cells[1].substring(bang + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** A dispatch routine's code: a prolog, the call of nt!IofCompleteRequest through its import slot, an epilog. */
    @Test
    @Order(7)
    void ufFollowsADriversRoutineToItsReturn() {
        List<String> uf = lkd.run("uf Ntfs!NtfsFsdCreate");
        assertThat(uf.get(0)).isEqualTo("Ntfs!NtfsFsdCreate:");
        assertThat(uf).anyMatch(l -> l.contains("call    qword ptr [Ntfs!__imp_IofCompleteRequest ("));
        assertThat(uf.get(uf.size() - 1)).endsWith(" c3              ret");
        assertThat(lkd.run("dqs Ntfs!__imp_IofCompleteRequest L1")).containsExactly(
                Hex.backtick(lkd.eval("Ntfs!__imp_IofCompleteRequest")) + "  " + Hex.backtick(lkd.eval("nt!IofCompleteRequest"))
                        + " nt!IofCompleteRequest");
        assertThat(lkd.run("uf tcpip!GsDriverEntry")).anyMatch(l -> l.contains("call    tcpip!DriverEntry ("));
        assertThat(lkd.run("uf WdFilter!DriverEntry")).anyMatch(
                l -> l.contains("call    qword ptr [WdFilter!__imp_PsSetCreateProcessNotifyRoutineEx ("));
    }

    private static String hex(String symbol) {
        return String.format("%016x", lkd.eval(symbol));
    }
}
