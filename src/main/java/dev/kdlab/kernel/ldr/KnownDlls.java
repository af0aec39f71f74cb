package dev.kdlab.kernel.ldr;

import dev.kdlab.kernel.image.UserImage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The system DLLs of a boot. ASLR picks a DLL's base once per boot, so every process that loads
 * it finds it at the same address (machine-19045.md 5.2). The distances below ntdll are those of
 * the 19045 dump's cmd.exe (transcripts 3.2); DLLs that dump does not show sit further down.
 * Sizes are SizeOfImage of the 19041-family files.
 */
public final class KnownDlls {
    private static final String SYSTEM32 = "C:\\Windows\\System32\\";
    private static final long NTDLL_SIZE = 0x1f8000;

    /** Name (as the loader records the path), SizeOfImage, distance below ntdll (0 = place below the known ones). */
    private static final Object[][] CATALOG = {
            {"C:\\Windows\\System32\\KERNEL32.DLL", 0xbf000, 0x880000},
            {"C:\\Windows\\System32\\KERNELBASE.dll", 0x2c9000, 0x2340000},
            {SYSTEM32 + "msvcrt.dll", 0x9e000, 0x1ec0000},
            {SYSTEM32 + "combase.dll", 0x355000, 0x1860000},
            {SYSTEM32 + "ucrtbase.dll", 0x100000, 0x27c0000},
            {SYSTEM32 + "RPCRT4.dll", 0x126000, 0x1e20000},
            {SYSTEM32 + "sechost.dll", 0x9c000, 0x980000},
            {SYSTEM32 + "SHELL32.dll", 0x744000, 0x790000},
            {SYSTEM32 + "msvcp_win.dll", 0x9d000, 0x2040000},
            {SYSTEM32 + "USER32.dll", 0x1a0000, 0x1c50000},
            {SYSTEM32 + "win32u.dll", 0x22000, 0x2370000},
            {SYSTEM32 + "GDI32.dll", 0x2b000, 0x7c0000},
            {SYSTEM32 + "gdi32full.dll", 0x10a000, 0x2490000},
            {SYSTEM32 + "IMM32.DLL", 0x30000, 0xbd0000},
            {SYSTEM32 + "bcryptPrimitives.dll", 0x82000, 0x25d0000},
            {SYSTEM32 + "SHCORE.dll", 0xad000, 0x1910000},
            {SYSTEM32 + "shlwapi.dll", 0x55000, 0x8e0000},
            {"C:\\Windows\\SYSTEM32\\windows.storage.dll", 0x794000, 0x4840000},
            {SYSTEM32 + "advapi32.dll", 0xac000, 0xfc0000},
            {"C:\\Windows\\SYSTEM32\\kernel.appcore.dll", 0x12000, 0x4a40000},
            {"C:\\Windows\\system32\\uxtheme.dll", 0x9e000, 0x4f10000},
            {SYSTEM32 + "ole32.dll", 0x12a000, 0xf10000},
            {SYSTEM32 + "PROPSYS.dll", 0xf7000, 0x6da0000},
            {SYSTEM32 + "OLEAUT32.dll", 0xcd000, 0x1090000},
            {SYSTEM32 + "clbcatq.dll", 0xa9000, 0xdd0000},
            {SYSTEM32 + "profapi.dll", 0x1f000, 0x29e0000},
            {"C:\\Windows\\SYSTEM32\\cmdext.dll", 0xd000, 0x6c70000},
            {"C:\\Windows\\SYSTEM32\\CSRSRV.dll", 0x1a000, 0},
            {"C:\\Windows\\system32\\basesrv.DLL", 0x14000, 0},
            {"C:\\Windows\\system32\\winsrv.DLL", 0x14000, 0},
            {"C:\\Windows\\system32\\winsrvext.dll", 0x2d000, 0},
            {"C:\\Windows\\system32\\sxssrv.DLL", 0xd000, 0},
            {"C:\\Windows\\system32\\sxs.dll", 0xa9000, 0},
            {SYSTEM32 + "SspiCli.dll", 0x32000, 0},
            {"C:\\Windows\\SYSTEM32\\ntmarta.dll", 0x33000, 0},
            {SYSTEM32 + "bcrypt.dll", 0x27000, 0},
            {SYSTEM32 + "CRYPT32.dll", 0x15d000, 0},
            {SYSTEM32 + "WS2_32.dll", 0x6b000, 0},
            {"C:\\Windows\\SYSTEM32\\IPHLPAPI.DLL", 0x3b000, 0},
            {SYSTEM32 + "MSCTF.dll", 0x115000, 0},
            {"C:\\Windows\\SYSTEM32\\dwmapi.dll", 0x2f000, 0},
            {"C:\\Windows\\system32\\dwmcore.dll", 0x3e9000, 0},
            {"C:\\Windows\\SYSTEM32\\CoreMessaging.dll", 0xf2000, 0},
            {SYSTEM32 + "WinTypes.dll", 0x154000, 0},
            {"C:\\Windows\\System32\\twinapi.appcore.dll", 0x1f9000, 0},
            {"C:\\Windows\\SYSTEM32\\lsasrv.dll", 0x1ab000, 0},
            {"C:\\Windows\\SYSTEM32\\SAMSRV.dll", 0xd8000, 0},
            {"C:\\Windows\\system32\\scesrv.dll", 0xc2000, 0},
            {"C:\\Windows\\SYSTEM32\\fontdrvhost.dll", 0x1c000, 0},
            {"C:\\Program Files (x86)\\Windows Kits\\10\\Debuggers\\x64\\dbgeng.dll", 0x5b3000, 0},
            {"C:\\Program Files (x86)\\Windows Kits\\10\\Debuggers\\x64\\dbghelp.dll", 0x24c000, 0},
            {"C:\\Program Files (x86)\\Windows Kits\\10\\Debuggers\\x64\\dbgmodel.dll", 0xb8000, 0},
    };

    private final Map<String, UserImage> byName = new LinkedHashMap<>();
    private final UserImage ntdll;

    /** Places every DLL of the catalog for this boot; the random source picks ntdll's base and the stamps. */
    public KnownDlls(SplittableRandom random) {
        long top = 0x00007ffe_00000000L | (long) random.nextInt(0x4000, 0x6000) << 16;
        ntdll = new UserImage("C:\\Windows\\SYSTEM32\\ntdll.dll", top, NTDLL_SIZE, random.nextInt(), 0);
        add(ntdll);
        long below = top - 0x7000000;
        for (Object[] row : CATALOG) {
            String path = (String) row[0];
            long size = ((Number) row[1]).longValue();
            long distance = ((Number) row[2]).longValue();
            long base;
            if (distance != 0) {
                base = top - distance;
            } else {
                below = (below - size) & -0x10000L;
                base = below;
                below -= 0x10000;
            }
            long entry = path.endsWith("KERNEL32.DLL") ? 0x17c10 : path.endsWith("KERNELBASE.dll") ? 0x2b050
                    : (random.nextLong(0x1000, Math.max(0x1010, size / 3)) & -0x10L);
            add(new UserImage(path, base, size, random.nextInt(), entry));
        }
    }

    private void add(UserImage image) {
        byName.put(image.baseName().toLowerCase(Locale.ROOT), image);
    }

    /** A DLL by file name ("combase.dll"), case-insensitive. */
    public UserImage get(String fileName) {
        UserImage image = byName.get(fileName.toLowerCase(Locale.ROOT));
        if (image == null) {
            throw new IllegalArgumentException("not a known DLL: " + fileName);
        }
        return image;
    }

    public UserImage ntdll() {
        return ntdll;
    }

    /** ntdll, KERNEL32, KERNELBASE: what every Win32 process has loaded before its own imports. */
    public List<UserImage> baseDlls() {
        return List.of(ntdll, get("KERNEL32.DLL"), get("KERNELBASE.dll"));
    }

    /** DLL initialisation order: ntdll, KERNELBASE, KERNEL32. */
    public List<UserImage> initializationOrder() {
        List<UserImage> dlls = baseDlls();
        return List.of(dlls.get(0), dlls.get(2), dlls.get(1));
    }

    /** Every DLL of the boot, ntdll first. */
    public List<UserImage> all() {
        return new ArrayList<>(byName.values());
    }
}
