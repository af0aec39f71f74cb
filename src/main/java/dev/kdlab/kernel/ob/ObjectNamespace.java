package dev.kdlab.kernel.ob;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.memory.LittleEndian;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The object namespace: {@code _OBJECT_DIRECTORY} objects with 37 hash buckets of {@code
 * _OBJECT_DIRECTORY_ENTRY} chains, named objects whose {@code _OBJECT_HEADER_NAME_INFO} names their
 * directory, and symbolic links. The root is nt!ObpRootDirectoryObject. A name's bucket is the
 * object manager's hash of its upper-cased characters modulo 37 (ObpLookupDirectoryEntry; the
 * buckets of a real root directory, transcripts 6.4: ArcName and Ntfs in 00, REGISTRY in 03,
 * DosDevices in 10, Driver in 16); a new entry goes to the head of its bucket's chain.
 */
public final class ObjectNamespace {
    public static final int HASH_BUCKETS = 37;
    private static final int DIRECTORY_SIZE = 0x158;
    private static final int ENTRY_SIZE = 0x18;
    private static final long GLOBAL_SESSION = 0xffffffffL;

    private final ObjectManager ob;
    private final KernelSpace kernel;
    private final Pool paged;
    /** Every named object by its full path, upper-cased: the kernel's lookup, never the debugger's. */
    private final Map<String, Long> byPath = new HashMap<>();
    private final List<Long> named = new ArrayList<>();
    /** The full path of each directory, as inserted. */
    private final Map<Long, String> directoryPaths = new HashMap<>();
    private long root;
    private byte[] defaultSecurity;

    ObjectNamespace(ObjectManager ob, KernelSpace kernel, Pool paged) {
        this.ob = ob;
        this.kernel = kernel;
        this.paged = paged;
    }

    /** ObpCreateRootDirectory: the directory named "\" with no parent, kept in {@code global}. */
    void ObpCreateRootDirectory(long global) {
        root = newDirectory();
        writeNameInfo(root, 0, "\\");
        byPath.put("\\", root);
        directoryPaths.put(root, "\\");
        named.add(root);
        kernel.write64(global, root);
    }

    public long root() {
        return root;
    }

    /**
     * The security descriptor every object of the namespace carries from now on (and those named
     * so far): SeAssignSecurity's result for objects created without one of their own.
     */
    public void assignDefaultSecurity(byte[] descriptor) {
        defaultSecurity = descriptor.clone();
        for (long body : named) {
            ob.ObAssignSecurity(body, defaultSecurity);
        }
    }

    /** NtCreateDirectoryObject for a path, with its parents as needed; an existing directory is returned. */
    public long directory(String path) {
        Long known = byPath.get(key(path));
        if (known != null) {
            return known;
        }
        int slash = path.lastIndexOf('\\');
        long parent = slash == 0 ? root : directory(path.substring(0, slash));
        long directory = newDirectory();
        if (path.startsWith("\\Sessions\\") && path.length() > 10) {
            String rest = path.substring(10);
            String session = rest.contains("\\") ? rest.substring(0, rest.indexOf('\\')) : rest;
            if (session.chars().allMatch(Character::isDigit)) {
                kernel.struct("_OBJECT_DIRECTORY", directory).put("SessionId", Long.parseLong(session));
            }
        }
        insert(parent, path.substring(slash + 1), directory);
        directoryPaths.put(directory, pathOf(parent).equals("\\") ? path.substring(slash) : pathOf(parent) + path.substring(slash));
        return directory;
    }

    private long newDirectory() {
        long directory = ob.create(ObjectTypeIndex.DIRECTORY, "Dire", DIRECTORY_SIZE, ObjectManager.NAME_INFO, paged);
        kernel.struct("_OBJECT_DIRECTORY", directory).put("SessionId", GLOBAL_SESSION);
        ob.setFlags(directory, ObjectManager.PERMANENT_OBJECT);
        return directory;
    }

    /**
     * ObCreateObject of a named object at {@code path} (its directory created if need be): the body,
     * zeroed, for the caller to fill; it is in the directory at once.
     */
    public long createNamed(int typeIndex, String poolTag, long bodySize, int infoMask, boolean pagedPool, String path) {
        int slash = path.lastIndexOf('\\');
        long directory = slash == 0 ? root : directory(path.substring(0, slash));
        long body = ob.create(typeIndex, poolTag, bodySize, infoMask | ObjectManager.NAME_INFO,
                pagedPool ? paged : ob.nonPagedPool());
        insert(directory, path.substring(slash + 1), body);
        return body;
    }

    /**
     * A named object that lives outside the directories (a desktop, named inside its window
     * station by win32k's own parse): its name header has its last name and no directory;
     * {@code parsePath} is the path its owner's parse resolves (\...\WinSta0\Default).
     */
    public long createDetached(int typeIndex, String poolTag, long bodySize, boolean pagedPool, String parsePath) {
        long body = ob.create(typeIndex, poolTag, bodySize, ObjectManager.NAME_INFO, pagedPool ? paged : ob.nonPagedPool());
        writeNameInfo(body, 0, parsePath.substring(parsePath.lastIndexOf('\\') + 1));
        byPath.put(key(parsePath), body);   // found by the owner's parse, never listed in a directory
        named.add(body);
        if (defaultSecurity != null) {
            ob.ObAssignSecurity(body, defaultSecurity);
        }
        return body;
    }

    /** NtCreateSymbolicLinkObject: a permanent link whose target is another path. */
    public long symbolicLink(String path, String target, long creationTime) {
        long link = createNamed(ObjectTypeIndex.SYMBOLIC_LINK, "Symb", 0x28, 0, true, path);
        long buffer = ob.poolString(paged, "SymT", target);
        kernel.fresh("_OBJECT_SYMBOLIC_LINK", link)
                .put("CreationTime.QuadPart", creationTime)
                .putUnicodeString("LinkTarget", buffer, 2 * target.length(), 2 * target.length() + 2)
                .put("DosDeviceDriveIndex", driveIndex(path))
                .put("AccessMask", 0xf0001)
                .flush();
        ob.setFlags(link, ObjectManager.PERMANENT_OBJECT);
        return link;
    }

    /** A drive letter's link (\GLOBAL??\C:) remembers its drive: A: is 1. */
    private static int driveIndex(String path) {
        String leaf = path.substring(path.lastIndexOf('\\') + 1);
        return leaf.length() == 2 && leaf.charAt(1) == ':' && Character.isLetter(leaf.charAt(0))
                ? Character.toUpperCase(leaf.charAt(0)) - 'A' + 1 : 0;
    }

    /** The object at a full path, or 0 (ObReferenceObjectByName without the parse: the kernel's own book). */
    public long lookup(String path) {
        return byPath.getOrDefault(key(path), 0L);
    }

    /**
     * ObpInsertDirectoryEntry: the object's name header names the directory, and an entry at the
     * head of the name's bucket points at the object.
     */
    void insert(long directory, String name, long body) {
        writeNameInfo(body, directory, name);
        long hash = hash(name);
        long bucket = directory + 8 * (hash % HASH_BUCKETS);
        long entry = paged.allocate("ObDi", ENTRY_SIZE);
        kernel.fresh("_OBJECT_DIRECTORY_ENTRY", entry)
                .put("ChainLink", kernel.read(bucket, 8))
                .put("Object", body)
                .put("HashValue", hash)
                .flush();
        kernel.write64(bucket, entry);
        String parentPath = pathOf(directory);
        byPath.put(key(parentPath.equals("\\") ? "\\" + name : parentPath + "\\" + name), body);
        named.add(body);
        if (defaultSecurity != null) {
            ob.ObAssignSecurity(body, defaultSecurity);
        }
    }

    private String pathOf(long directory) {
        String path = directoryPaths.get(directory);
        if (path == null) {
            throw new IllegalArgumentException(String.format("%016x is not a directory of the namespace", directory));
        }
        return path;
    }

    private void writeNameInfo(long body, long directory, String name) {
        int infoMask = (int) kernel.read(body - ObjectManager.OBJECT_HEADER_SIZE + ObjectManager.HEADER_INFO_MASK, 1);
        long nameInfo = ob.optionalHeader(body, infoMask, ObjectManager.NAME_INFO);
        long buffer = ob.poolString(paged, "ObNm", name);
        kernel.fresh("_OBJECT_HEADER_NAME_INFO", nameInfo)
                .put("Directory", directory)
                .putUnicodeString("Name", buffer, 2 * name.length(), 2 * name.length() + 2)
                .flush();
    }

    /** The object manager's name hash: each upper-cased character folded in as h += 2h + h/2 + c (32 bits). */
    static long hash(String name) {
        long h = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = Character.toUpperCase(name.charAt(i));
            h = (h + (h << 1) + (h >>> 1) + c) & 0xffffffffL;
        }
        return h;
    }

    private static String key(String path) {
        return path.toUpperCase(Locale.ROOT);
    }
}
