package dev.kdlab.kernel.mm;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.NtTypes;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.struct.StructBuffer;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One process's VAD tree (EPROCESS.VadRoot, an {@code _RTL_AVL_TREE}): MiInsertVad puts each new
 * {@code _MMVAD_SHORT} (private memory, pool tag VadS) or {@code _MMVAD} (a view of a section: Vad
 * for images and pagefile-backed sections, VadF for mapped data files) in address order and
 * rebalances as RtlAvlInsertNodeEx does. A node's ParentValue carries its balance (height of the
 * right subtree minus the left, in two bits at bit 1: -1 is 3); the root's parent is null.
 * VadCount and VadHint follow every insert.
 */
public final class VadTree {
    /** _MMVAD_FLAGS.VadType values (the _MI_VAD_TYPE enum). */
    public static final int VAD_NONE = 0;
    public static final int VAD_IMAGE_MAP = 2;
    /** MM_* protection values of _MMVAD_FLAGS.Protection. */
    public static final int MM_READONLY = 1;
    public static final int MM_EXECUTE_READ = 3;
    public static final int MM_READWRITE = 4;
    public static final int MM_EXECUTE_WRITECOPY = 7;
    private static final int SHORT_SIZE = 0x40;
    private static final int LONG_SIZE = 0x88;
    private static final int NODE_SIZE = 0x18;

    /** What the kernel keeps of a node while it builds the tree. */
    private static final class Node {
        final long address;
        final long startVpn;
        final long endVpn;
        Node left;
        Node right;
        Node parent;
        int balance;

        Node(long address, long startVpn, long endVpn) {
            this.address = address;
            this.startVpn = startVpn;
            this.endVpn = endVpn;
        }
    }

    private final KernelSpace kernel;
    private final Pool nonPagedPool;
    private final long eprocess;
    private Node root;
    private long count;

    VadTree(KernelSpace kernel, Pool nonPagedPool, long eprocess) {
        this.kernel = kernel;
        this.nonPagedPool = nonPagedPool;
        this.eprocess = eprocess;
    }

    /** A private allocation (MiAllocateVad for NtAllocateVirtualMemory): an _MMVAD_SHORT; returns it. */
    public long insertPrivate(long start, long pages, int protection, long committedPages) {
        long vad = nonPagedPool.allocate("VadS", SHORT_SIZE);
        writeShort(kernel.fresh("_MMVAD_SHORT", vad), start, pages, VAD_NONE, protection, true, committedPages).flush();
        insert(vad, start >>> 12, (start >>> 12) + pages - 1);
        return vad;
    }

    /**
     * A view of a section (MiMapViewOfSection, MiMapViewOfImageSection): an _MMVAD pointing at the
     * section's first subsection and prototype PTEs and at the process. {@code image} views are
     * VadImageMap, execute-write-copy.
     */
    public long insertMapped(long start, long pages, boolean image, int protection, long committedPages,
                             long subsection, long firstPrototypePte, boolean fileBacked) {
        long vad = nonPagedPool.allocate(image || !fileBacked ? "Vad " : "VadF", LONG_SIZE);
        StructBuffer v = kernel.fresh("_MMVAD", vad);
        writeShort(v, start, pages, image ? VAD_IMAGE_MAP : VAD_NONE, protection, false, committedPages);
        v.put("Subsection", subsection)
                .put("FirstPrototypePte", firstPrototypePte)
                .put("LastContiguousPte", firstPrototypePte == 0 ? 0 : firstPrototypePte + 8 * (pages - 1))
                .emptyList("ViewLinks")
                .put("VadsProcess", eprocess)
                .flush();
        insert(vad, start >>> 12, (start >>> 12) + pages - 1);
        return vad;
    }

    /** A VAD's committed pages grew (a heap committing more of its reservation). */
    public void setCommit(long vad, long committedPages) {
        kernel.struct("_MMVAD_SHORT", vad)
                .put("u1.VadFlags1.CommitCharge", committedPages & 0x7fffffffL)
                .put("CommitChargeHigh", committedPages >>> 31);
    }

    private static StructBuffer writeShort(StructBuffer v, long start, long pages, int type, int protection,
                                           boolean privateMemory, long committedPages) {
        long startVpn = start >>> 12;
        long endVpn = startVpn + pages - 1;
        return v.put(prefix(v) + "StartingVpn", startVpn & 0xffffffffL)
                .put(prefix(v) + "EndingVpn", endVpn & 0xffffffffL)
                .put(prefix(v) + "StartingVpnHigh", startVpn >>> 32)
                .put(prefix(v) + "EndingVpnHigh", endVpn >>> 32)
                .put(prefix(v) + "ReferenceCount", 0)
                .put(prefix(v) + "u.VadFlags.VadType", type)
                .put(prefix(v) + "u.VadFlags.Protection", protection)
                .put(prefix(v) + "u.VadFlags.PrivateMemory", privateMemory ? 1 : 0)
                .put(prefix(v) + "u1.VadFlags1.CommitCharge", committedPages & 0x7fffffffL)
                .put(prefix(v) + "u1.VadFlags1.MemCommit", privateMemory && committedPages == pages ? 1 : 0);
    }

    /** Fields of the short part: at the top of an _MMVAD_SHORT, under Core in an _MMVAD. */
    private static String prefix(StructBuffer v) {
        return v.type().name().equals("_MMVAD") ? "Core." : "";
    }

    /** MiInsertVad: the node goes where its addresses sort, the tree is rebalanced, the process counts it. */
    private void insert(long address, long startVpn, long endVpn) {
        Node node = new Node(address, startVpn, endVpn);
        Set<Node> dirty = new LinkedHashSet<>();
        dirty.add(node);
        if (root == null) {
            root = node;
        } else {
            Node at = root;
            while (true) {
                if (startVpn < at.startVpn) {
                    if (at.left == null) {
                        at.left = node;
                        break;
                    }
                    at = at.left;
                } else {
                    if (at.right == null) {
                        at.right = node;
                        break;
                    }
                    at = at.right;
                }
            }
            node.parent = at;
            dirty.add(at);
            rebalanceAfterInsert(node, dirty);
        }
        for (Node changed : dirty) {
            writeLinks(changed);
        }
        count++;
        byte[] bytes = new byte[0x18];
        LittleEndian.putLong(bytes, 0, root.address);
        LittleEndian.putLong(bytes, 8, address);
        LittleEndian.putLong(bytes, 0x10, count);
        kernel.write(eprocess + NtTypes.offsetOf("_EPROCESS", "VadRoot"), bytes);   // VadRoot, VadHint, VadCount
    }

    /** Walks up from the new leaf fixing balances; one single or double rotation restores the AVL property. */
    private void rebalanceAfterInsert(Node node, Set<Node> dirty) {
        Node child = node;
        Node parent = node.parent;
        while (parent != null) {
            parent.balance += parent.left == child ? -1 : 1;
            dirty.add(parent);
            if (parent.balance == 0) {
                return;
            }
            if (parent.balance == 2 || parent.balance == -2) {
                rotate(parent, dirty);
                return;
            }
            child = parent;
            parent = parent.parent;
        }
    }

    private void rotate(Node node, Set<Node> dirty) {
        if (node.balance == 2) {
            if (node.right.balance < 0) {
                rotateRight(node.right, dirty);
            }
            rotateLeft(node, dirty);
        } else {
            if (node.left.balance > 0) {
                rotateLeft(node.left, dirty);
            }
            rotateRight(node, dirty);
        }
    }

    private void rotateLeft(Node x, Set<Node> dirty) {
        Node y = x.right;
        replaceChild(x, y, dirty);
        x.right = y.left;
        if (y.left != null) {
            y.left.parent = x;
            dirty.add(y.left);
        }
        y.left = x;
        x.parent = y;
        int xb = x.balance;
        int yb = y.balance;
        x.balance = xb - 1 - Math.max(yb, 0);
        y.balance = yb - 1 + Math.min(x.balance, 0);
        dirty.add(x);
        dirty.add(y);
    }

    private void rotateRight(Node x, Set<Node> dirty) {
        Node y = x.left;
        replaceChild(x, y, dirty);
        x.left = y.right;
        if (y.right != null) {
            y.right.parent = x;
            dirty.add(y.right);
        }
        y.right = x;
        x.parent = y;
        int xb = x.balance;
        int yb = y.balance;
        x.balance = xb + 1 - Math.min(yb, 0);
        y.balance = yb + 1 + Math.max(x.balance, 0);
        dirty.add(x);
        dirty.add(y);
    }

    /** y takes x's place under x's parent (or as the root). */
    private void replaceChild(Node x, Node y, Set<Node> dirty) {
        Node parent = x.parent;
        y.parent = parent;
        if (parent == null) {
            root = y;
        } else if (parent.left == x) {
            parent.left = y;
            dirty.add(parent);
        } else {
            parent.right = y;
            dirty.add(parent);
        }
    }

    /** VadNode: Left, Right, ParentValue (the parent's address with the balance in bits 1-2). */
    private void writeLinks(Node node) {
        byte[] links = new byte[NODE_SIZE];
        LittleEndian.putLong(links, 0, node.left == null ? 0 : node.left.address);
        LittleEndian.putLong(links, 8, node.right == null ? 0 : node.right.address);
        LittleEndian.putLong(links, 0x10, (node.parent == null ? 0 : node.parent.address) | (long) (node.balance & 3) << 1);
        kernel.write(node.address, links);
    }

    /** How many VADs the process has. */
    public long count() {
        return count;
    }
}
