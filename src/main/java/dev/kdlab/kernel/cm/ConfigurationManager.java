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

    private static final int HIVE_VOLATILE = 1;
    private static final int HSYS_MINOR = 6;   // the hive format version of Windows 10
    private static final String CONFIG = "\\Device\\HarddiskVolume3\\Windows\\System32\\config\\";
    private static final String SERVICE_PROFILES = "\\Windows\\ServiceProfiles\\";

    /**
     * One loaded hive: its file (empty for a volatile hive), the name its loader gave the file
     * (FileUserName) and the key it is linked under (HiveRootPath), as {@code !reg hivelist} and
     * Volatility's hivelist read them.
     */
    public record Hive(String fileFullPath, String fileUserName, String rootPath) {
    }

    /** The hives CmInitSystem1 loads, in load order: the volatile master and HARDWARE hives have no file. */
    private static final List<Hive> SYSTEM_HIVES = List.of(
            new Hive("", "", "\\REGISTRY"),
            configHive("SYSTEM", "\\REGISTRY\\MACHINE\\SYSTEM"),
            new Hive("", "", "\\REGISTRY\\MACHINE\\HARDWARE"),
            new Hive("\\Device\\HarddiskVolume1\\EFI\\Microsoft\\Boot\\BCD",
                    "\\Device\\HarddiskVolume1\\EFI\\Microsoft\\Boot\\BCD", "\\REGISTRY\\MACHINE\\BCD00000000"),
            configHive("SOFTWARE", "\\REGISTRY\\MACHINE\\SOFTWARE"),
            configHive("DEFAULT", "\\REGISTRY\\USER\\.DEFAULT"),
            configHive("SECURITY", "\\REGISTRY\\MACHINE\\SECURITY"),
            configHive("SAM", "\\REGISTRY\\MACHINE\\SAM"),
            profileHive(SERVICE_PROFILES + "NetworkService\\NTUSER.DAT", "\\REGISTRY\\USER\\S-1-5-20"),
            profileHive(SERVICE_PROFILES + "LocalService\\NTUSER.DAT", "\\REGISTRY\\USER\\S-1-5-19"));

    private static Hive configHive(String name, String rootPath) {
        return new Hive(CONFIG + name, "\\SystemRoot\\System32\\Config\\" + name, rootPath);
    }

    /** A hive under C: loaded by its \??\C: name (profiles' NTUSER.DAT, UsrClass.dat). */
    private static Hive profileHive(String path, String rootPath) {
        return new Hive("\\Device\\HarddiskVolume3" + path, "\\??\\C:" + path, rootPath);
    }

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
        CmpInitializeHive(SYSTEM_HIVES.get(0));   // the master hive, which \\REGISTRY's key lives in
        registryRoot = objects.namespace().createNamed(ObjectTypeIndex.KEY, "Key ", 0x68, 0, true, "\\REGISTRY");
        objects.setFlags(registryRoot, ObjectManager.PERMANENT_OBJECT);
        writeKeyBody(registryRoot, keyControlBlock("\\REGISTRY"), 0);
        for (Hive hive : SYSTEM_HIVES.subList(1, SYSTEM_HIVES.size())) {
            CmpInitializeHive(hive);
        }
    }

    /**
     * The hives a user's logon loads: the profile's NTUSER.DAT (FileUserName in the lower case the
     * profile service writes) and its classes hive (UsrClass.dat).
     */
    public void CmLoadUserHives(String sid, String profile) {
        String root = "\\REGISTRY\\USER\\" + sid;
        CmpInitializeHive(new Hive("\\Device\\HarddiskVolume3" + profile + "\\NTUSER.DAT",
                "\\??\\C:" + profile + "\\ntuser.dat", root));
        CmpInitializeHive(profileHive(profile + "\\AppData\\Local\\Microsoft\\Windows\\UsrClass.dat", root + "_Classes"));
    }

    /**
     * A hive mounted at a key: its _CMHIVE (signed 0xbee0bee0, volatile when it has no file, format
     * version 6) on CmpHiveListHead, and the mount key's KCB in it.
     */
    private void CmpInitializeHive(Hive hive) {
        long address = pagedPool.allocate("CM10", NtTypes.struct("_CMHIVE").size());
        String file = hive.fileFullPath();
        String userName = hive.fileUserName();
        String rootPath = hive.rootPath();
        kernel.fresh("_CMHIVE", address)
                .put("Hive.Signature", HIVE_SIGNATURE)
                .put("Hive.HiveFlags", file.isEmpty() ? HIVE_VOLATILE : 0)
                .put("Hive.Version", HSYS_MINOR)
                .putUnicodeString("FileFullPath", wide(file), 2 * file.length(), file.isEmpty() ? 0 : 2 * file.length() + 2)
                .putUnicodeString("FileUserName", wide(userName), 2 * userName.length(),
                        userName.isEmpty() ? 0 : 2 * userName.length() + 2)
                .putUnicodeString("HiveRootPath", wide(rootPath), 2 * rootPath.length(), 2 * rootPath.length() + 2)
                .flush();
        ListEntry.insertTail(kernel.memory(), nt.address(NtSymbols.CMP_HIVE_LIST_HEAD),
                address + NtTypes.offsetOf("_CMHIVE", "HiveList"));
        hives.put(rootPath.toUpperCase(Locale.ROOT), address);
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

    /** A NUL-terminated UTF-16 copy in paged pool (tag CMNb, as CmpInitHiveFromFile names hives); 0 for "". */
    private long wide(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        byte[] bytes = (text + "\0").getBytes(StandardCharsets.UTF_16LE);
        long buffer = pagedPool.allocate("CMNb", bytes.length);
        kernel.write(buffer, bytes);
        return buffer;
    }

    /** The \REGISTRY key object. */
    public long registryRoot() {
        return registryRoot;
    }
}
