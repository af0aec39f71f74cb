package dev.kdlab.debugger.commands.symbols;

import dev.kdlab.debugger.Lkd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lm v}'s version lines (transcripts 5.1: lmvm nt on 19041.508, lm v m tcpip) from the
 * version resources the images carry, checked against the VS_FIXEDFILEINFO bytes that data
 * directory 2 leads to, and changed by an edit of those bytes.
 */
class LmVersionTest {
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    private static List<String> afterImageSize(String command) {
        List<String> lines = lkd.run(command);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("    ImageSize:")) {
                return lines.subList(i + 1, lines.size());
            }
        }
        throw new AssertionError("no ImageSize line in " + lines);
    }

    /** The VS_FIXEDFILEINFO of the module at {@code module}: after the resource tree (88 bytes) and the block's key (40). */
    private static long fixedFileInfo(String module) {
        long resource = lkd.eval(module + "+dwo(" + module + "+dwo(" + module + "+0x3c)+0x18+0x70+2*8)");
        return resource + 88 + 40;
    }

    @Test
    void lmvmNtPrintsTheKernelsVersionResourceAsWinDbgDoes() {
        assertThat(afterImageSize("lmvm nt")).containsExactly(
                "    File version:     10.0.19041.2965",
                "    Product version:  10.0.19041.2965",
                "    File flags:       0 (Mask 3F)",
                "    File OS:          40004 NT Win32",
                "    File type:        1.0 App",
                "    File date:        00000000.00000000",
                "    Translations:     0409.04b0",
                "    Information from resource tables:",
                "        CompanyName:      Microsoft Corporation",
                "        ProductName:      Microsoft\u00ae Windows\u00ae Operating System",
                "        InternalName:     ntkrnlmp.exe",
                "        OriginalFilename: ntkrnlmp.exe",
                "        ProductVersion:   10.0.19041.2965",
                "        FileVersion:      10.0.19041.2965 (WinBuild.160101.0800)",
                "        FileDescription:  NT Kernel & System",
                "        LegalCopyright:   \u00a9 Microsoft Corporation. All rights reserved.");
        long fixed = fixedFileInfo("nt");
        assertThat(lkd.eval("dwo(" + Long.toHexString(fixed) + ")")).isEqualTo(0xfeef04bdL);
        assertThat(lkd.eval("dwo(" + Long.toHexString(fixed + 8) + ")")).isEqualTo(0x000a0000L);   // 10.0
        assertThat(lkd.eval("dwo(" + Long.toHexString(fixed + 12) + ")")).isEqualTo((19041L << 16) | 2965);
    }

    @Test
    void aDriverIsADriverAndAUserDllADll() {
        List<String> tcpip = afterImageSize("lm v m tcpip");
        assertThat(tcpip.get(0)).matches("    File version:     10\\.0\\.19041\\.\\d+");
        assertThat(tcpip).contains("    File type:        3.6 Driver", "    Translations:     0409.04b0",
                "        FileDescription:  TCP/IP Driver", "        OriginalFilename: tcpip.sys");
        assertThat(afterImageSize("lm v m Ntfs")).contains("    File type:        3.7 Driver",
                "        FileDescription:  NT File System Driver");
        assertThat(afterImageSize("lmvm KERNELBASE")).contains("    File type:        2.0 Dll",
                "        FileDescription:  Windows NT BASE API Client DLL");
        assertThat(afterImageSize("lm v m kd_*")).contains("    File version:     10.0.22621.755",   // the Windows Kits' kd.exe
                "    File type:        1.0 App", "        FileDescription:  Microsoft Kernel Debugger");
        long version = lkd.eval("dwo(" + Long.toHexString(fixedFileInfo("tcpip") + 12) + ")");
        assertThat(tcpip.get(0)).isEqualTo("    File version:     10.0.19041." + (version & 0xffff));
    }

    /** What lm v shows is what the bytes say: an edit of the file version shows at once; a broken block falls back. */
    @Test
    void editingTheResourceChangesWhatLmShows() {
        long fixed = fixedFileInfo("nt");
        String revision = Long.toHexString(fixed + 12);
        long original = lkd.eval("dwo(" + revision + ")");
        try {
            lkd.run("ed " + revision + " " + Long.toHexString((19041L << 16) | 508));
            assertThat(afterImageSize("lmvm nt").get(0)).isEqualTo("    File version:     10.0.19041.508");
            lkd.run("ed " + Long.toHexString(fixed) + " 0");   // no longer a VS_FIXEDFILEINFO
            assertThat(afterImageSize("lmvm nt")).containsExactly(
                    "    Translations:     0000.04b0 0000.04e4 0409.04b0 0409.04e4",
                    "    Information from resource tables:");
        } finally {
            lkd.run("ed " + revision + " " + Long.toHexString(original));
            lkd.run("ed " + Long.toHexString(fixed) + " feef04bd");
        }
        assertThat(afterImageSize("lmvm nt").get(0)).isEqualTo("    File version:     10.0.19041.2965");
    }
}
