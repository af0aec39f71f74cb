package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel drivers' public symbols and code, through commands only: {@code x} lists a driver's
 * routines; every routine a driver object or a notify array points at is a symbol {@code ln} names
 * exactly, in the driver (or its port library, or nt!IopInvalidDeviceRequest), and {@code u} finds
 * a prolog there; {@code lm} shows a driver {@code (deferred)} until a lookup loads its symbols.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DriverSymbolsTest {
    private static final Pattern DISPATCH = Pattern.compile("\\[[0-9a-f]{2}] IRP_MJ_\\w+ +([0-9a-f]{16})\t(\\S+)");
    private static final Pattern ROUTINE = Pattern.compile("(DriverEntry|DriverUnload|AddDevice): +([0-9a-f]{16})\t(\\S+)");
    private static final Pattern DRIVER = Pattern.compile(" +(?:[0-9a-f]{2})? +[0-9a-f]{16} Driver +(\\S+)");
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
        for (String routine : List.of("GsDriverEntry", "DriverEntry", "CreateProcessNotifyRoutineEx", "DispatchCreate",
                "DispatchDeviceControl", "DispatchPnp", "AddDevice")) {
            assertThat(tcpip).contains(Hex.backtick(lkd.eval("tcpip!" + routine)) + " tcpip!" + routine + " (void)");
        }
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
     * shows them, name a routine exactly (no +offset): the driver's own, its port library's, or
     * nt!IopInvalidDeviceRequest; ln agrees, and the code there starts with a prolog.
     */
    @Test
    @Order(3)
    void everyDriverObjectPointsAtNamedRoutinesWithCode() {
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
        for (String driver : drivers) {
            List<String> drvobj = lkd.run("!drvobj " + driver + " 2");
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
                assertThat(symbol).as(driver + ": " + line).doesNotContain("+")
                        .matches(s -> !s.startsWith("nt!") || s.equals("nt!IopInvalidDeviceRequest")
                                || kernelsOwn(driver), "a driver's routine");
                if (checked.add(address)) {
                    assertThat(lkd.run("ln " + address)).as(driver + " " + symbol).contains("Exact matches:")
                            .anyMatch(l -> l.trim().startsWith(symbol + " "));
                    assertThat(lkd.run("u " + address + " L1").get(1)).as(symbol)
                            .matches(".* (push    r[bs]x|sub     rsp,\\w+|mov     .*|jmp     .*)");
                }
            }
            assertThat(dispatch).as(driver).isEqualTo(28);
        }
        assertThat(lkd.run("!drvobj \\FileSystem\\Ntfs 2")).contains(
                "[00] IRP_MJ_CREATE                      " + hex("Ntfs!NtfsFsdCreate") + "\tNtfs!NtfsFsdCreate",
                "[0c] IRP_MJ_DIRECTORY_CONTROL           " + hex("Ntfs!NtfsFsdDirectoryControl")
                        + "\tNtfs!NtfsFsdDirectoryControl",
                "[01] IRP_MJ_CREATE_NAMED_PIPE           " + hex("nt!IopInvalidDeviceRequest") + "\tnt!IopInvalidDeviceRequest",
                "DriverEntry:   " + hex("Ntfs!GsDriverEntry") + "\tNtfs!GsDriverEntry");
        assertThat(lkd.run("!drvobj \\Driver\\stornvme 2")).contains(
                "[1b] IRP_MJ_PNP                         " + hex("storport!RaDriverPnpIrp") + "\tstorport!RaDriverPnpIrp",
                "AddDevice:     " + hex("storport!RaDriverAddDevice") + "\tstorport!RaDriverAddDevice");
    }

    /** The drivers IoCreateDriver makes have no image: their routines are nt's. */
    private static boolean kernelsOwn(String driver) {
        return List.of("\\Driver\\PnpManager", "\\Driver\\WMIxWDM", "\\Driver\\DeviceApi", "\\Driver\\SoftwareDevice",
                "\\Driver\\ACPI_HAL", "\\FileSystem\\RAW").contains(driver);
    }

    /**
     * The notify arrays' routines, read from each EX_CALLBACK's routine block (Function at +8), are
     * the drivers' registered routines, in load order, each a function with a prolog.
     */
    @Test
    @Order(4)
    void everyNotifyRoutineIsADriverRoutine() {
        assertThat(notifyRoutines("nt!PspCreateProcessNotifyRoutine")).containsExactly(
                "ksecdd!KsecCreateProcessNotifyRoutine", "CI!I_PEProcessNotify", "cng!CngCreateProcessNotifyRoutine",
                "WdFilter!MpCreateProcessNotifyRoutineEx", "tcpip!CreateProcessNotifyRoutineEx",
                "iorate!IoRateProcessCreateNotify", "dxgkrnl!DxgkProcessNotify", "ahcache!CreateProcessNotifyEx",
                "peauth!CreateProcessNotify");
        assertThat(notifyRoutines("nt!PspCreateThreadNotifyRoutine")).containsExactly(
                "WdFilter!MpCreateThreadNotifyRoutine", "WdFilter!MpCreateThreadNotifyRoutineEx", "mmcss!CreateThreadNotify");
        assertThat(notifyRoutines("nt!PspLoadImageNotifyRoutine")).containsExactly(
                "WdFilter!MpLoadImageNotifyRoutine", "ahcache!CitmpLoadImageCallback");
    }

    private static List<String> notifyRoutines(String array) {
        List<String> names = new ArrayList<>();
        for (int slot = 0; slot < 64; slot++) {
            long block = lkd.eval("poi(" + array + "+" + Integer.toHexString(8 * slot) + ")");
            if (block == 0) {
                break;
            }
            long routine = lkd.eval("poi(" + Long.toHexString(block & ~0xfL) + "+8)");
            List<String> ln = lkd.run("ln " + Long.toHexString(routine));
            assertThat(ln).contains("Exact matches:");
            String name = ln.get(ln.indexOf("Exact matches:") + 1).trim().split(" ")[0];
            assertThat(lkd.eval(name)).isEqualTo(routine);
            assertThat(lkd.run("u " + name + " L1")).containsExactly(name + ":",
                    Hex.backtick(routine) + " 53              push    rbx");
            names.add(name);
        }
        return names;
    }

    /** A dispatch routine's code: a prolog, the call of nt!IofCompleteRequest through its import slot, an epilog. */
    @Test
    @Order(5)
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
