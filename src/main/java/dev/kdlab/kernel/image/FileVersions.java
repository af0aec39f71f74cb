package dev.kdlab.kernel.image;

import dev.kdlab.kernel.DataTable;
import dev.kdlab.pe.VersionInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The version resources of the images a 19045 desktop loads (file-versions-19045.txt): each file's
 * description, kind and version, and what every Microsoft binary says alike (company, product,
 * copyright, the 19041 branch's build tag). Files of the 19041 family carry 10.0.19041.N, N being
 * the cumulative update that last replaced them: the kernel and ntdll the latest (2965, the
 * machine's 19045.2965), the others one of the updates before it, picked by their name. A file the
 * table does not know has no version resource.
 */
public final class FileVersions {
    private static final String COMPANY = "Microsoft Corporation";
    private static final String PRODUCT = "Microsoft\u00ae Windows\u00ae Operating System";
    private static final String COPYRIGHT = "\u00a9 Microsoft Corporation. All rights reserved.";
    private static final String BUILD_TAG = " (WinBuild.160101.0800)";
    /** Revisions of the 19041 family's cumulative updates up to the machine's (2965). */
    private static final int[] REVISIONS = {1, 1023, 1202, 1266, 1415, 1466, 1503, 1526, 1586, 1620, 1682, 1741,
            1806, 1865, 1889, 2006, 2075, 2130, 2193, 2251, 2311, 2364, 2486, 2546, 2604, 2673, 2728, 2788, 2846,
            2913, 2965};
    private static final int VFT2_DRV_KEYBOARD = 2;
    private static final int VFT2_DRV_DISPLAY = 4;
    private static final int VFT2_DRV_MOUSE = 5;
    private static final int VFT2_DRV_NETWORK = 6;
    private static final int VFT2_DRV_SYSTEM = 7;
    private static final int VFT2_DRV_SOUND = 9;
    private static final Map<String, VersionInfo> BY_FILE = read("file-versions-19045.txt");
    private static final Map<String, byte[]> ENCODED = new ConcurrentHashMap<>();

    private FileVersions() {
    }

    /** The version resource of a file ("tcpip.sys", case-insensitive); empty for files the table does not know. */
    public static Optional<VersionInfo> of(String fileName) {
        return Optional.ofNullable(BY_FILE.get(fileName.toLowerCase(Locale.ROOT)));
    }

    /**
     * The file's VS_VERSIONINFO block as bytes, encoded once per file: every boot writes the same
     * block into the image, so there is no need to encode it again.
     */
    public static Optional<byte[]> encoded(String fileName) {
        String key = fileName.toLowerCase(Locale.ROOT);
        return of(key).map(version -> ENCODED.computeIfAbsent(key, k -> version.encode()));
    }

    private static VersionInfo entry(String file, String description, String kind, String version, String original) {
        long fileVersion;
        if (version.isEmpty()) {
            int revision = REVISIONS[Math.floorMod(file.toLowerCase(Locale.ROOT).hashCode(), REVISIONS.length)];
            fileVersion = VersionInfo.version(10, 0, 19041, revision);
        } else {
            String[] parts = version.split("\\.");
            fileVersion = VersionInfo.version(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                    Integer.parseInt(parts[2]), Integer.parseInt(parts[3]));
        }
        String text = VersionInfo.versionText(fileVersion);
        String name = original.isEmpty() ? file : original;
        Map<String, String> strings = new LinkedHashMap<>();
        strings.put("CompanyName", COMPANY);
        strings.put("FileDescription", description);
        strings.put("FileVersion", text.startsWith("4.18.2") ? text : text + BUILD_TAG);   // Defender's own builds have no tag
        strings.put("InternalName", name);
        strings.put("LegalCopyright", COPYRIGHT);
        strings.put("OriginalFilename", name);
        strings.put("ProductName", PRODUCT);
        strings.put("ProductVersion", text);
        int[] type = type(file, kind);
        return new VersionInfo(fileVersion, fileVersion, 0x3f, 0, VersionInfo.VOS_NT_WINDOWS32, type[0], type[1], 0,
                List.of(new VersionInfo.Translation(0x409, 0x4b0)), strings);
    }

    /** VS_FIXEDFILEINFO's dwFileType and dwFileSubtype for a kind of the table. */
    private static int[] type(String file, String kind) {
        return switch (kind) {
            case "app" -> new int[] {VersionInfo.VFT_APP, 0};
            case "dll" -> new int[] {VersionInfo.VFT_DLL, 0};
            case "net" -> new int[] {VersionInfo.VFT_DRV, VFT2_DRV_NETWORK};
            case "display" -> new int[] {VersionInfo.VFT_DRV, VFT2_DRV_DISPLAY};
            case "keyboard" -> new int[] {VersionInfo.VFT_DRV, VFT2_DRV_KEYBOARD};
            case "mouse" -> new int[] {VersionInfo.VFT_DRV, VFT2_DRV_MOUSE};
            case "sound" -> new int[] {VersionInfo.VFT_DRV, VFT2_DRV_SOUND};
            case "sys" -> new int[] {VersionInfo.VFT_DRV, VFT2_DRV_SYSTEM};
            default -> throw new IllegalStateException("file-versions: unknown kind " + kind + " of " + file);
        };
    }

    private static Map<String, VersionInfo> read(String resource) {
        Map<String, VersionInfo> files = new LinkedHashMap<>();
        for (String[] cells : DataTable.read(FileVersions.class, resource)) {
            files.put(cells[0].toLowerCase(Locale.ROOT), entry(cells[0], cells[1], cells[2], cells[3], cells[4]));
        }
        return files;
    }
}
