package dev.kdlab.kernel.cm;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ListEntry;
import dev.kdlab.kernel.NtTypes;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.kernel.image.NtImage;
import dev.kdlab.kernel.image.NtSymbols;
import dev.kdlab.kernel.ob.ObjectManager;
import dev.kdlab.kernel.ob.ObjectTypeIndex;
import dev.kdlab.memory.LittleEndian;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The configuration manager's in-memory registry: the hives loaded at boot and at logon
 * ({@code _CMHIVE} on nt!CmpHiveListHead), a key control block per key that is open or on the way
 * to one (its name in a {@code _CM_NAME_CONTROL_BLOCK}, its parent in ParentKcb, so a path is read
 * by walking up), and a {@code _CM_KEY_BODY} object per open (CmpCreateKeyBody), on its KCB's list.
 * {@code \REGISTRY} is itself a Key object in the root directory (transcripts 6.4).
 */
public final class ConfigurationManager {
    /** CM_KEY_BODY_TYPE: "ky02", what a key body's Type holds. */
    private static final long KEY_BODY_TYPE = 0x6b793032L;
    private static final long HIVE_SIGNATURE = 0xbee0bee0L;
    private static final int KCB_SIZE = 0x138;

    /** The hives a booted desktop has loaded: where each is mounted and the file behind it. */
    private static final List<String[]> SYSTEM_HIVES = List.of(
            new String[] {"\\REGISTRY\\MACHINE\\SYSTEM", "\\Device\\HarddiskVolume3\\Windows\\System32\\config\\SYSTEM"},
            new String[] {"\\REGISTRY\\MACHINE\\HARDWARE", ""},
            new String[] {"\\REGISTRY\\MACHINE\\BCD00000000", "\\Device\\HarddiskVolume1\\EFI\\Microsoft\\Boot\\BCD"},
            new String[] {"\\REGISTRY\\MACHINE\\SOFTWARE", "\\Device\\HarddiskVolume3\\Windows\\System32\\config\\SOFTWARE"},
            new String[] {"\\REGISTRY\\USER\\.DEFAULT", "\\Device\\HarddiskVolume3\\Windows\\System32\\config\\DEFAULT"},
            new String[] {"\\REGISTRY\\MACHINE\\SECURITY", "\\Device\\HarddiskVolume3\\Windows\\System32\\config\\SECURITY"},
            new String[] {"\\REGISTRY\\MACHINE\\SAM", "\\Device\\HarddiskVolume3\\Windows\\System32\\config\\SAM"},
            new String[] {"\\REGISTRY\\USER\\S-1-5-20",
                    "\\Device\\HarddiskVolume3\\Windows\\ServiceProfiles\\NetworkService\\NTUSER.DAT"},
            new String[] {"\\REGISTRY\\USER\\S-1-5-19",
                    "\\Device\\HarddiskVolume3\\Windows\\ServiceProfiles\\LocalService\\NTUSER.DAT"});

    private final KernelSpace kernel;
    private final ObjectManager objects;
    private final Pool pagedPool;
    private final NtImage nt;
    private final SplittableRandom random;
    private final Map<String, Long> kcbs = new HashMap<>();
    private final Map<String, Long> hives = new HashMap<>();
    private long registryRoot;

    public ConfigurationManager(KernelSpace kernel, ObjectManager objects, Pool pagedPool, NtImage nt,
                                SplittableRandom random) {
        this.kernel = kernel;
        this.objects = objects;
        this.pagedPool = pagedPool;
        this.nt = nt;
        this.random = random;
    }

    /** CmInitSystem1: \REGISTRY in the namespace, then the machine's hives linked on CmpHiveListHead. */
    public void CmInitSystem1() {
        ListEntry.initializeHead(kernel.memory(), nt.address(NtSymbols.CMP_HIVE_LIST_HEAD));
        long rootKcb = keyControlBlock("\\REGISTRY");
        registryRoot = objects.namespace().createNamed(ObjectTypeIndex.KEY, "Key ", 0x68, 0, true, "\\REGISTRY");
        objects.setFlags(registryRoot, ObjectManager.PERMANENT_OBJECT);
        writeKeyBody(registryRoot, rootKcb, 0);
        for (String[] hive : SYSTEM_HIVES) {
            CmpInitializeHive(hive[0], hive[1]);
        }
    }

    /** The hives a user's logon loads: the profile's NTUSER.DAT and its classes hive (UsrClass.dat). */
    public void CmLoadUserHives(String sid, String profile) {
        CmpInitializeHive("\\REGISTRY\\USER\\" + sid, "\\Device\\HarddiskVolume3" + profile + "\\NTUSER.DAT");
        CmpInitializeHive("\\REGISTRY\\USER\\" + sid + "_Classes",
                "\\Device\\HarddiskVolume3" + profile + "\\AppData\\Local\\Microsoft\\Windows\\UsrClass.dat");
    }

    /** A hive mounted at a key: its _CMHIVE, on CmpHiveListHead, and the mount key's KCB in it. */
    private void CmpInitializeHive(String rootPath, String file) {
        long hive = pagedPool.allocate("CM10", 0x12e8);
        long fileName = wide(file);
        long rootName = wide(rootPath);
        String userName = file.isEmpty() ? "" : "\\??\\C:" + file.substring(file.indexOf("\\Windows") >= 0
                ? file.indexOf("\\Windows") : file.indexOf("\\Users") >= 0 ? file.indexOf("\\Users") : 0);
        long userBuffer = userName.isEmpty() ? 0 : wide(userName);
        kernel.fresh("_CMHIVE", hive)
                .put("Hive.Signature", HIVE_SIGNATURE)
                .putUnicodeString("FileFullPath", file.isEmpty() ? 0 : fileName, 2 * file.length(),
                        file.isEmpty() ? 0 : 2 * file.length() + 2)
                .putUnicodeString("FileUserName", userBuffer, 2 * userName.length(),
                        userName.isEmpty() ? 0 : 2 * userName.length() + 2)
                .putUnicodeString("HiveRootPath", rootName, 2 * rootPath.length(), 2 * rootPath.length() + 2)
                .flush();
        ListEntry.insertTail(kernel.memory(), nt.address(NtSymbols.CMP_HIVE_LIST_HEAD),
                hive + NtTypes.offsetOf("_CMHIVE", "HiveList"));
        hives.put(rootPath.toUpperCase(Locale.ROOT), hive);
        keyControlBlock(rootPath);
    }

    /**
     * CmOpenKey (NtOpenKey's work): a key body for the key at {@code path}, owned by the process,
     * on its KCB's list of open bodies; the object is the caller's to insert into a handle table.
     */
    public long CmOpenKey(String path, long processId) {
        long kcb = keyControlBlock(path);
        long body = objects.createPaged(ObjectTypeIndex.KEY, "Key ", 0x68, 0);
        writeKeyBody(body, kcb, processId);
        return body;
    }

    /** CmpCreateKeyBody: the body's signature, KCB and owner, linked on the KCB's KeyBodyListHead. */
    private void writeKeyBody(long body, long kcb, long processId) {
        kernel.fresh("_CM_KEY_BODY", body)
                .put("Type", KEY_BODY_TYPE)
                .put("KeyControlBlock", kcb)
                .put("ProcessID", processId)
                .emptyList("ContextListHead")
                .flush();
        ListEntry.insertTail(kernel.memory(), kcb + NtTypes.offsetOf("_CM_KEY_CONTROL_BLOCK", "KeyBodyListHead"),
                body + NtTypes.offsetOf("_CM_KEY_BODY", "KeyBodyList"));
        long refCount = kernel.read(kcb, 8);
        kernel.write64(kcb, refCount + 1);
    }

    /**
     * CmpCreateKeyControlBlock for a path, with its parents: each KCB names one component (an ASCII
     * name is stored compressed, one byte a character) and points at its parent's and its hive.
     */
    private long keyControlBlock(String path) {
        String key = path.toUpperCase(Locale.ROOT);
        Long known = kcbs.get(key);
        if (known != null) {
            return known;
        }
        int slash = path.lastIndexOf('\\');
        long parent = slash == 0 ? 0 : keyControlBlock(path.substring(0, slash));
        String name = path.substring(slash + 1);
        int levels = (int) path.chars().filter(c -> c == '\\').count();
        long kcb = pagedPool.allocate("CMkb", KCB_SIZE);
        kernel.fresh("_CM_KEY_CONTROL_BLOCK", kcb)
                .put("RefCount", 1)
                .put("TotalLevels", levels)
                .put("ConvKey.Hash", pathHash(path))
                .put("KeyHive", hiveOf(key))
                .put("KeyCell", random.nextInt(0x20, 0x800000) & -8L)
                .put("ParentKcb", parent)
                .put("NameBlock", nameBlock(name))
                .emptyList("KeyBodyListHead")
                .put("KcbLastWriteTime.QuadPart", 0x01d9_0000_0000_0000L | random.nextLong(1L << 48))
                .flush();
        kcbs.put(key, kcb);
        return kcb;
    }

    /** The hive a key lives in: the one mounted at the longest prefix of its path. */
    private long hiveOf(String upperPath) {
        long best = 0;
        int bestLength = -1;
        for (Map.Entry<String, Long> hive : hives.entrySet()) {
            String root = hive.getKey();
            if ((upperPath.equals(root) || upperPath.startsWith(root + "\\")) && root.length() > bestLength) {
                best = hive.getValue();
                bestLength = root.length();
            }
        }
        return best;
    }

    /** _CM_NAME_CONTROL_BLOCK: Compressed | RefCount 1, the component's hash, its length and name bytes. */
    private long nameBlock(String name) {
        byte[] ascii = name.getBytes(StandardCharsets.ISO_8859_1);
        long block = pagedPool.allocate("CMNb", 0x1a + ascii.length);
        byte[] bytes = new byte[0x1a + ascii.length];
        LittleEndian.put(bytes, 0, 4, 1 | 1 << 1);
        LittleEndian.put(bytes, 8, 4, componentHash(name));
        LittleEndian.put(bytes, 0x18, 2, ascii.length);
        System.arraycopy(ascii, 0, bytes, 0x1a, ascii.length);
        kernel.write(block, bytes);
        return block;
    }

    /** CmpHashUnicodeComponent: hash = 37 * hash + upcase(c). */
    private static long componentHash(String name) {
        long hash = 0;
        for (int i = 0; i < name.length(); i++) {
            hash = (37 * hash + Character.toUpperCase(name.charAt(i))) & 0xffffffffL;
        }
        return hash;
    }

    /** A path's ConvKey: the component hashes folded the same way, component by component. */
    private static long pathHash(String path) {
        long hash = 0;
        for (String component : path.substring(1).split("\\\\")) {
            hash = (37 * hash + componentHash(component)) & 0xffffffffL;
        }
        return hash;
    }

    private long wide(String text) {
        byte[] bytes = (text + "\0").getBytes(StandardCharsets.UTF_16LE);
        long buffer = pagedPool.allocate("CMns", bytes.length);
        kernel.write(buffer, bytes);
        return buffer;
    }

    /** The \REGISTRY key object. */
    public long registryRoot() {
        return registryRoot;
    }
}
