package dev.kdlab.kernel.cm;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ListEntry;
import dev.kdlab.kernel.NtTypes;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.kernel.image.NtImage;
import dev.kdlab.struct.StructView;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The hives CmInitSystem1 and logon load on a Windows 10 desktop, each a _CMHIVE in paged pool
 * (tag CM10) on nt!CmpHiveListHead through CMHIVE.HiveList, as {@code !reg hivelist} and
 * Volatility's hivelist walk them: Hive.Signature 0xbee0bee0, the hive's file (FileFullPath, empty
 * for the volatile master and HARDWARE hives), FileUserName and the key it is linked under
 * (HiveRootPath). The hives hold no cells yet: kdlab does not emulate registry contents.
 */
public final class HiveList {
    private static final long HIVE_SIGNATURE = 0xbee0bee0L;
    private static final int HIVE_VOLATILE = 1;
    private static final int HSYS_MINOR = 6;   // the hive format version of Windows 10
    private static final String CONFIG = "\\Device\\HarddiskVolume3\\Windows\\System32\\config\\";

    /** One loaded hive: where its file is (empty for a volatile hive) and the key it is linked under. */
    public record Hive(String fileFullPath, String fileUserName, String rootPath) {
    }

    private HiveList() {
    }

    /** The hives of an idle desktop with one user logged on, in load order. */
    public static List<Hive> desktopHives(String userSid, String userName) {
        String profile = "\\??\\C:\\Users\\" + userName + "\\";
        List<Hive> hives = new ArrayList<>();
        hives.add(new Hive("", "", "\\REGISTRY"));
        hives.add(new Hive(CONFIG + "SYSTEM", "\\SystemRoot\\System32\\Config\\SYSTEM", "\\REGISTRY\\MACHINE\\SYSTEM"));
        hives.add(new Hive("", "", "\\REGISTRY\\MACHINE\\HARDWARE"));
        hives.add(new Hive("\\Device\\HarddiskVolume1\\EFI\\Microsoft\\Boot\\BCD", "\\Device\\HarddiskVolume1\\EFI\\Microsoft\\Boot\\BCD",
                "\\REGISTRY\\MACHINE\\BCD00000000"));
        hives.add(new Hive(CONFIG + "SOFTWARE", "\\SystemRoot\\System32\\Config\\SOFTWARE", "\\REGISTRY\\MACHINE\\SOFTWARE"));
        hives.add(new Hive(CONFIG + "DEFAULT", "\\SystemRoot\\System32\\Config\\DEFAULT", "\\REGISTRY\\USER\\.DEFAULT"));
        hives.add(new Hive(CONFIG + "SECURITY", "\\SystemRoot\\System32\\Config\\SECURITY", "\\REGISTRY\\MACHINE\\SECURITY"));
        hives.add(new Hive(CONFIG + "SAM", "\\SystemRoot\\System32\\Config\\SAM", "\\REGISTRY\\MACHINE\\SAM"));
        hives.add(new Hive("\\Device\\HarddiskVolume3\\Windows\\ServiceProfiles\\NetworkService\\NTUSER.DAT",
                "\\??\\C:\\Windows\\ServiceProfiles\\NetworkService\\NTUSER.DAT", "\\REGISTRY\\USER\\S-1-5-20"));
        hives.add(new Hive("\\Device\\HarddiskVolume3\\Windows\\ServiceProfiles\\LocalService\\NTUSER.DAT",
                "\\??\\C:\\Windows\\ServiceProfiles\\LocalService\\NTUSER.DAT", "\\REGISTRY\\USER\\S-1-5-19"));
        hives.add(new Hive("\\Device\\HarddiskVolume3\\Users\\" + userName + "\\NTUSER.DAT", profile + "ntuser.dat",
                "\\REGISTRY\\USER\\" + userSid));
        hives.add(new Hive("\\Device\\HarddiskVolume3\\Users\\" + userName + "\\AppData\\Local\\Microsoft\\Windows\\UsrClass.dat",
                profile + "AppData\\Local\\Microsoft\\Windows\\UsrClass.dat", "\\REGISTRY\\USER\\" + userSid + "_Classes"));
        return hives;
    }

    /** Allocates each hive's _CMHIVE and names and links them on nt!CmpHiveListHead; returns their addresses. */
    public static List<Long> CmpInitializeHiveList(KernelSpace space, NtImage nt, Pool pagedPool, List<Hive> hives) {
        long head = nt.symbol("CmpHiveListHead");
        ListEntry.initializeHead(space.memory(), head);
        List<Long> addresses = new ArrayList<>();
        long size = NtTypes.struct("_CMHIVE").size();
        for (Hive hive : hives) {
            long cmhive = pagedPool.allocate("CM10", size);
            StructView view = space.struct("_CMHIVE", cmhive)
                    .put("Hive.Signature", HIVE_SIGNATURE)
                    .put("Hive.HiveFlags", hive.fileFullPath().isEmpty() ? HIVE_VOLATILE : 0)
                    .put("Hive.Version", HSYS_MINOR);
            unicodeString(space, pagedPool, view.addressOf("FileFullPath"), hive.fileFullPath());
            unicodeString(space, pagedPool, view.addressOf("FileUserName"), hive.fileUserName());
            unicodeString(space, pagedPool, view.addressOf("HiveRootPath"), hive.rootPath());
            ListEntry.insertTail(space.memory(), head, view.addressOf("HiveList"));
            addresses.add(cmhive);
        }
        return addresses;
    }

    /** A _UNICODE_STRING whose buffer (tag CMNb, as CmpInitHiveFromFile names hives) holds {@code text}. */
    private static void unicodeString(KernelSpace space, Pool pagedPool, long at, String text) {
        if (text.isEmpty()) {
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_16LE);
        long buffer = pagedPool.allocate("CMNb", bytes.length + 2L);
        space.write(buffer, bytes);
        space.struct("_UNICODE_STRING", at)
                .put("Length", bytes.length)
                .put("MaximumLength", bytes.length + 2)
                .put("Buffer", buffer);
    }
}
