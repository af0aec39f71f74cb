package dev.kdlab.pe;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** VS_VERSIONINFO and the resource tree as winver.h and winnt.h lay them out, written and read back. */
class VersionInfoTest {
    private static VersionInfo tcpip() {
        Map<String, String> strings = new LinkedHashMap<>();
        strings.put("CompanyName", "Microsoft Corporation");
        strings.put("FileDescription", "TCP/IP Driver");
        strings.put("FileVersion", "10.0.19041.2130 (WinBuild.160101.0800)");
        return new VersionInfo(VersionInfo.version(10, 0, 19041, 2130), VersionInfo.version(10, 0, 19041, 2130), 0x3f, 0,
                VersionInfo.VOS_NT_WINDOWS32, VersionInfo.VFT_DRV, 6, 0,
                List.of(new VersionInfo.Translation(0x409, 0x4b0)), strings);
    }

    @Test
    void theBlockIsLaidOutAsWinverSays() {
        byte[] bytes = tcpip().encode();
        assertThat(ImageBytes.unsigned(bytes, 0, 2)).isEqualTo(bytes.length);          // wLength
        assertThat(ImageBytes.unsigned(bytes, 2, 2)).isEqualTo(52);                    // sizeof(VS_FIXEDFILEINFO)
        assertThat(new String(bytes, 6, 30, StandardCharsets.UTF_16LE)).isEqualTo("VS_VERSION_INFO");
        assertThat(ImageBytes.unsigned(bytes, 40, 4)).isEqualTo(0xfeef04bdL);         // key + NUL, padded to 40
        assertThat(ImageBytes.unsigned(bytes, 40 + 8, 4)).isEqualTo(0xa0000L);         // dwFileVersionMS: 10.0
        assertThat(ImageBytes.unsigned(bytes, 40 + 12, 4)).isEqualTo(19041L << 16 | 2130);
        assertThat(ImageBytes.unsigned(bytes, 40 + 36, 4)).isEqualTo(3);               // VFT_DRV
        assertThat(ImageBytes.unsigned(bytes, 40 + 40, 4)).isEqualTo(6);               // VFT2_DRV_NETWORK
        assertThat(new String(bytes, 92 + 6, 28, StandardCharsets.UTF_16LE)).isEqualTo("StringFileInfo");
        assertThat(bytes.length % 4).isZero();
    }

    @Test
    void whatIsWrittenReadsBack() throws PeFormatException {
        VersionInfo info = tcpip();
        VersionInfo read = VersionInfo.decode(info.encode());
        assertThat(read).isEqualTo(info);
        assertThat(read.translations().get(0)).hasToString("0409.04b0");
        assertThat(VersionInfo.versionText(read.fileVersion())).isEqualTo("10.0.19041.2130");
    }

    @Test
    void theResourceTreeLeadsToTheBlock() throws PeFormatException {
        byte[] data = tcpip().encode();
        long rva = 0x2ea800;
        byte[] section = ResourceDirectory.encode(rva, ResourceDirectory.RT_VERSION, 1, 0x409, data);
        assertThat(ImageBytes.unsigned(section, 14, 2)).isEqualTo(1);                  // one ID entry: RT_VERSION
        assertThat(ImageBytes.unsigned(section, 16, 4)).isEqualTo(16);
        assertThat(ImageBytes.unsigned(section, 20, 4)).isEqualTo(0x80000018L);         // a subdirectory at +0x18
        assertThat(ImageBytes.unsigned(section, 72, 4)).isEqualTo(rva + 88);           // the data entry's RVA
        assertThat(ImageBytes.unsigned(section, 76, 4)).isEqualTo(data.length);
    }

    @Test
    void aBrokenBlockIsRefused() {
        byte[] bytes = tcpip().encode();
        bytes[40] = 0;   // the signature
        assertThatThrownBy(() -> VersionInfo.decode(bytes)).isInstanceOf(PeFormatException.class);
        byte[] truncated = java.util.Arrays.copyOf(tcpip().encode(), 30);
        assertThatThrownBy(() -> VersionInfo.decode(truncated)).isInstanceOf(PeFormatException.class);
    }
}
