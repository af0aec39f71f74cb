package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** !peb and !teb of the debugger's own process, line by line, against the PEB/TEB bytes (transcripts 3.2, 3.5). */
class PebTebTest {
    private static final String MODULE_HEADER = "                    Base TimeStamp                     Module";
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    private static long poi(long address) {
        return lkd.eval("poi(" + Long.toHexString(address) + ")");
    }

    /** A UNICODE_STRING's text, read with du as a learner would. */
    private static String unicode(long unicodeString) {
        int length = (int) lkd.eval("wo(" + Long.toHexString(unicodeString) + ")") / 2;
        long buffer = poi(unicodeString + 8);
        StringBuilder text = new StringBuilder();
        for (String line : lkd.run("du " + Long.toHexString(buffer) + " L" + Integer.toHexString(length))) {
            text.append(line, line.indexOf('"') + 1, line.lastIndexOf('"'));
        }
        return text.toString();
    }

    @Test
    void pebHeadAndLoaderLinesAreThePebsBytes() {
        long peb = lkd.eval("@$peb");
        long ldr = poi(peb + 0x18);
        List<String> lines = lkd.run("!peb");
        assertThat(lines.subList(0, 13)).containsExactly(
                "PEB at " + Hex.plain(peb),
                "    InheritedAddressSpace:    No",
                "    ReadImageFileExecOptions: No",
                "    BeingDebugged:            No",
                "    ImageBaseAddress:         " + Hex.plain(poi(peb + 0x10)),
                "    NtGlobalFlag:             0",
                "    NtGlobalFlag2:            0",
                "    Ldr                       " + Hex.plain(ldr),
                "    Ldr.Initialized:          Yes",
                "    Ldr.InInitializationOrderModuleList: " + Hex.plain(poi(ldr + 0x30)) + " . " + Hex.plain(poi(ldr + 0x38)),
                "    Ldr.InLoadOrderModuleList:           " + Hex.plain(poi(ldr + 0x10)) + " . " + Hex.plain(poi(ldr + 0x18)),
                "    Ldr.InMemoryOrderModuleList:         " + Hex.plain(poi(ldr + 0x20)) + " . " + Hex.plain(poi(ldr + 0x28)),
                MODULE_HEADER);
        DateTimeFormatter stamp = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);
        int row = 13;
        for (long entry = poi(ldr + 0x10); entry != ldr + 0x10; entry = poi(entry), row++) {
            long base = poi(entry + 0x30);
            long timeDateStamp = lkd.eval("dwo(" + Long.toHexString(entry + 0x80) + ")");
            assertThat(lines.get(row)).isEqualTo(" ".repeat(12) + Long.toHexString(base) + " "
                    + Hex.padded(timeDateStamp, 8) + " " + stamp.format(Instant.ofEpochSecond(timeDateStamp)) + " "
                    + unicode(entry + 0x48));
        }
        assertThat(row).isGreaterThan(13 + 4);   // kd.exe, ntdll, KERNEL32, KERNELBASE and kd's other DLLs
        assertThat(lines.get(row)).isEqualTo("    SubSystemData:     " + Hex.plain(poi(peb + 0x28)));
        assertThat(lines.get(row + 1)).isEqualTo("    ProcessHeap:       " + Hex.plain(poi(peb + 0x30)));
        assertThat(lines.get(row + 2)).isEqualTo("    ProcessParameters: " + Hex.plain(poi(peb + 0x20)));
    }

    @Test
    void processParametersAndEnvironmentAreTheParameterBlocksStrings() {
        long parameters = lkd.eval("poi(@$peb+0x20)");
        List<String> lines = lkd.run("!peb");
        int first = lines.indexOf("    ProcessParameters: " + Hex.plain(parameters)) + 1;
        long environment = poi(parameters + 0x80);
        assertThat(lines.subList(first, first + 8)).containsExactly(
                "    CurrentDirectory:  '" + unicode(parameters + 0x38) + "'",
                "    WindowTitle:  '" + unicode(parameters + 0xb0) + "'",
                "    ImageFile:    '" + unicode(parameters + 0x60) + "'",
                "    CommandLine:  '" + unicode(parameters + 0x70) + "'",
                "    DllPath:      '< Name not readable >'",   // Length 0, Buffer NULL, as on every 19041 capture
                "    Environment:  " + Hex.plain(environment),
                "        =::=::\\",
                "        ALLUSERSPROFILE=C:\\ProgramData");
        assertThat(poi(parameters + 0x58)).as("DllPath.Buffer").isZero();
        assertThat(lines.get(first)).isEqualTo("    CurrentDirectory:  'C:\\Users\\learner\\'");
        List<String> variables = lines.subList(first + 6, lines.size());
        assertThat(variables).allMatch(l -> l.startsWith("        ") && l.indexOf('=', 9) > 0)
                .contains("        USERNAME=learner", "        SESSIONNAME=Console", "        windir=C:\\WINDOWS");
        List<String> names = variables.stream().map(l -> l.substring(8, l.indexOf('=', 9)).toUpperCase(Locale.ROOT)).toList();
        assertThat(names).isSorted().doesNotHaveDuplicates();
        // The block ends with two NULs right after the last variable the command printed.
        long end = environment + 2L * variables.stream().mapToInt(l -> l.length() - 8 + 1).sum();
        assertThat(lkd.eval("dwo(" + Long.toHexString(end - 2) + ")")).isZero();
        assertThat(lkd.run("du " + Long.toHexString(environment)).get(0))
                .isEqualTo(Hex.backtick(environment) + "  \"=::=::\\\"");
    }

    @Test
    void aServiceHasTheSystemEnvironment() {
        long services = lkd.processAddresses().get(7);
        assertThat(lkd.text("!process " + Long.toHexString(services) + " 0")).contains("Image: services.exe");
        lkd.run(".process /P " + Long.toHexString(services));
        List<String> lines = lkd.run("!peb");
        lkd.run(".process 0");
        assertThat(lines).contains("        USERNAME=SYSTEM", "        TEMP=C:\\WINDOWS\\TEMP",
                "    CurrentDirectory:  'C:\\Windows\\system32\\'");
        assertThat(lines).noneMatch(l -> l.startsWith("        =::") || l.contains("SESSIONNAME"));
        // services.exe's block is smss's (Session Manager\Environment, via wininit): no profile variables.
        assertThat(lines).noneMatch(l -> l.startsWith("        USERPROFILE=") || l.startsWith("        APPDATA="));
    }

    @Test
    void tebLinesAreTheTebsBytes() {
        long teb = lkd.eval("@$teb");
        assertThat(lkd.run("!teb")).containsExactly(
                "TEB at " + Hex.plain(teb),
                "    ExceptionList:        " + Hex.plain(poi(teb)),
                "    StackBase:            " + Hex.plain(poi(teb + 8)),
                "    StackLimit:           " + Hex.plain(poi(teb + 0x10)),
                "    SubSystemTib:         " + Hex.plain(poi(teb + 0x18)),
                "    FiberData:            0000000000001e00",
                "    ArbitraryUserPointer: " + Hex.plain(poi(teb + 0x28)),
                "    Self:                 " + Hex.plain(teb),
                "    EnvironmentPointer:   " + Hex.plain(poi(teb + 0x38)),
                "    ClientId:             " + Hex.plain(poi(teb + 0x40)) + " . " + Hex.plain(poi(teb + 0x48)),
                "    RpcHandle:            " + Hex.plain(poi(teb + 0x50)),
                "    Tls Storage:          " + Hex.plain(poi(teb + 0x58)),
                "    PEB Address:          " + Hex.plain(lkd.eval("@$peb")),
                "    LastErrorValue:       0",
                "    LastStatusValue:      0",
                "    Count Owned Locks:    0",
                "    HardErrorMode:        0");
        assertThat(poi(teb + 0x30)).as("NtTib.Self").isEqualTo(teb);
        assertThat(poi(teb + 0x40)).as("ClientId.UniqueProcess").isEqualTo(poi(lkd.eval("@$proc") + 0x440));
        assertThat(lkd.run("!teb 0")).containsExactly("TEB at 0000000000000000", "error InitTypeRead( TEB )...");
    }
}
