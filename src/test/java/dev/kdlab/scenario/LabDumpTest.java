package dev.kdlab.scenario;

import dev.kdlab.debugger.Debugger;
import dev.kdlab.dump.DumpFormatException;
import dev.kdlab.dump.PackedDumps;
import dev.kdlab.kernel.image.UserCode;
import dev.kdlab.kernel.init.Kernel;
import dev.kdlab.kernel.ps.ProcessManager;
import dev.kdlab.target.Target;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shipped lab dump {@code dumps/default.dmp.gz} is what the default machine writes today, byte
 * for byte, and it answers as the live machine does: every command of issue 13's list, for every
 * process, prints on the dump exactly what it printed on the live machine; and the dump gets the
 * live machine's own symbol store without booting. After a deliberate change to the machine,
 * {@code mvn -B -q test -Dtest=LabDumpTest -Dkdlab.dumps.update=true} writes the dump anew.
 */
class LabDumpTest {
    private static final Path SHIPPED = Path.of("dumps", LabDumps.Lab.DEFAULT.fileName() + PackedDumps.SUFFIX);
    @TempDir
    static Path folder;
    private static Kernel kernel;
    private static Target live;
    private static Target dump;
    private static Path fresh;
    private static Path shipped;

    @BeforeAll
    static void bootAndUnpack() throws IOException {
        kernel = LabDumps.Lab.DEFAULT.boot();
        live = LiveTargets.of(kernel);
        fresh = folder.resolve("fresh.dmp");
        LabDumps.write(kernel, fresh, LabDumps.Lab.DEFAULT.comment());
        if (Boolean.getBoolean("kdlab.dumps.update")) {
            PackedDumps.pack(fresh, SHIPPED);
        }
        assertThat(SHIPPED).as("the lab dump ships in dumps/").exists();
        Path unpacked = Files.createDirectory(folder.resolve("shipped"));
        Files.copy(SHIPPED, unpacked.resolve(SHIPPED.getFileName()));
        shipped = PackedDumps.resolve(unpacked.resolve(LabDumps.Lab.DEFAULT.fileName()));
        DumpTargets.Opened opened = DumpTargets.open(shipped);
        assertThat(opened.notes()).isEmpty();
        dump = opened.target();
    }

    @Test
    void theShippedDumpIsWhatTheDefaultMachineWritesToday() throws Exception {
        assertThat(sha256(shipped)).as("dumps/default.dmp.gz is stale: regenerate it with mvn -B -q test "
                + "-Dtest=LabDumpTest -Dkdlab.dumps.update=true").isEqualTo(sha256(fresh));
    }

    private static String sha256(Path file) throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                sha.update(buffer, 0, read);
            }
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void theDumpFindsTheKernelWhereTheLiveMachineHasIt() {
        assertThat(dump.versionBlock()).isEqualTo(live.versionBlock());
        assertThat(dump.kernelSpace().directoryTableBase()).isEqualTo(live.kernelSpace().directoryTableBase());
    }

    @Test
    void theSymbolServerHoldsWhatTheBootsOwnStoreHolds() {
        Map<String, UserCode.PublicSymbols> images = kernel.userImageSymbols();
        assertThat(images).isNotEmpty();
        for (String file : images.keySet()) {
            assertThat(dump.symbolStore().lookup(file)).as(file).isPresent();
            assertThat(dump.symbolStore().lookup(file).get().rvas()).as(file)
                    .isEqualTo(live.symbolStore().lookup(file).get().rvas());
            for (String function : images.get(file).functions()) {
                assertThat(dump.symbolStore().lookup(file).get().isFunction(function)).as(function).isTrue();
            }
        }
        assertThat(dump.symbolStore().lookup("ntoskrnl.exe").get().rvas())
                .isEqualTo(live.symbolStore().lookup("ntoskrnl.exe").get().rvas());
    }

    @Test
    void everyProcessShowsTheSameOnTheDump() {
        List<String> commands = new ArrayList<>(List.of("!process 0 0", "lm", "vertarget", "!pcr", "r", "k",
                "dt nt!_KDDEBUGGER_DATA64 nt!KdDebuggerDataBlock", "!vtop 0 nt!PsActiveProcessHead", "!pte nt!KiInitialPCR",
                "!object \\", "!object \\Driver", "!drvobj \\Driver\\Null 2"));
        for (ProcessManager.CreatedProcess process : kernel.processes().createdProcesses()) {
            String address = Long.toHexString(process.eprocess());
            commands.addAll(List.of(".process /p /r " + address, "!peb", "!pte @$peb", "!vtop 0 @$peb", "lm",
                    "dt nt!_EPROCESS " + address + " ImageFileName UniqueProcessId Peb ObjectTable Token VadRoot",
                    "!process " + address + " 1", "!handle 0 3 " + address, "!vad"));
            if (!process.threads().isEmpty()) {
                commands.addAll(List.of(".thread /p /r " + Long.toHexString(process.threads().get(0)), "!teb", "kn"));
            }
        }
        assertThat(run(dump, commands)).isEqualTo(run(live, commands));
    }

    @Test
    void theWholeProcessListWithThreadsAndStacksIsTheSame() {
        List<String> command = List.of("!process 0 7");
        String onDump = run(dump, command);
        assertThat(onDump.lines().count()).isGreaterThan(10_000);
        assertThat(onDump).isEqualTo(run(live, command));
    }

    @Test
    void editsOnTheDumpAreSeenByEveryCommand() throws IOException {
        Target dump = DumpTargets.open(shipped).target();   // its own overlay: the others stay unedited
        Debugger debugger = new Debugger(dump, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        long system = kernel.processes().createdProcesses().get(0).eprocess();
        String name = "dt nt!_EPROCESS " + Long.toHexString(system) + " ImageFileName";
        assertThat(debugger.execute("eb " + Long.toHexString(system) + "+5a8 4b 44")).isTrue();
        assertThat(run(dump, List.of(name, "!process 0 0 KDstem"))).contains("\"KDstem\"").contains("Image: KDstem");
        assertThat(run(live, List.of(name))).contains("\"System\"");
    }

    @Test
    void aDumpOfAnotherBuildSaysWhyKdlabCannotReadIt() throws IOException {
        byte[] header = Files.readAllBytes(fresh);
        java.nio.ByteBuffer.wrap(header).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0xc, 22621);
        Path other = Files.write(folder.resolve("win11.dmp"), header);
        assertThatThrownBy(() -> DumpTargets.open(other)).isInstanceOf(DumpFormatException.class)
                .hasMessage("the dump is of Windows build 22621; kdlab's types are those of builds 19041 to 19045 "
                        + "(Windows 10 2004 to 22H2), so it cannot lay out this kernel's structures");
    }

    @Test
    void aKernelThatIsNotKdlabsGetsNtsNamesFromItsDebuggerDataBlock() throws Exception {
        Path other = patched("other-kernel.dmp", live.versionBlock().kernBase() + 0x444, new byte[] {0x42, 0x42});
        DumpTargets.Opened opened = DumpTargets.open(other);
        assertThat(opened.notes()).singleElement().asString().startsWith("*** ntkrnlmp.pdb ")
                .endsWith(" is not a kdlab kernel: nt's symbols come from its debugger data block only, user modules have none");
        assertThat(opened.target().symbolStore().lookup("ntoskrnl.exe").get().rvas())
                .containsEntry("PsActiveProcessHead", kernel.ntSymbol("PsActiveProcessHead") - live.versionBlock().kernBase())
                .containsKeys("KiProcessorBlock", "PspCidTable", "MmPfnDatabase", "KdDebuggerDataBlock")
                .doesNotContainKey("ObTypeIndexTable");
        assertThat(run(opened.target(), List.of("!process 0 0"))).isEqualTo(run(live, List.of("!process 0 0")));
    }

    @Test
    void anEncodedDebuggerDataBlockSaysWhyKdlabCannotReadIt() throws Exception {
        long kdbg = kernel.ntAddress(dev.kdlab.kernel.image.NtSymbols.KD_DEBUGGER_DATA_BLOCK);
        Path encoded = patched("encoded.dmp", kdbg + 0x10, new byte[] {0x13, 0x37, 0x00, 0x55});
        assertThatThrownBy(() -> DumpTargets.open(encoded)).isInstanceOf(DumpFormatException.class)
                .hasMessage(String.format("the debugger data block at %x is encoded (it does not begin with 'KDBG'); "
                        + "decoding it takes nt!KiWaitNever, nt!KiWaitAlways and nt!KdpDataBlockEncoded from this "
                        + "kernel's ntkrnlmp.pdb, which kdlab does not have", kdbg));
    }

    /** A copy of the fresh dump with {@code bytes} written over the kernel address {@code at}. */
    private static Path patched(String name, long at, byte[] bytes) throws Exception {
        long physical = live.kernelSpace().translate(at);
        long offset = dev.kdlab.dump.CrashDump.open(fresh).fileOffsetOf(physical >>> 12) + (physical & 0xfff);
        byte[] file = Files.readAllBytes(fresh);
        System.arraycopy(bytes, 0, file, (int) offset, bytes.length);
        return Files.write(folder.resolve(name), file);
    }

    /** The output of each command, without the prompt lines (the dump's prompt is WinDbg's kd> one). */
    private static String run(Target target, List<String> commands) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Debugger debugger = new Debugger(target, out);
        for (String command : commands) {
            out.println("> " + command);
            debugger.execute(command);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
