package dev.kdlab.debugger.objects;

import dev.kdlab.debugger.StructReader;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.types.Field;
import dev.kdlab.types.FieldPath;
import dev.kdlab.types.StructType;
import dev.kdlab.types.TypeCatalog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A process's VAD tree read from memory: an {@code _RTL_AVL_TREE} of {@code _MMVAD_SHORT} nodes
 * (Left, Right, ParentValue), walked in address order with each node's depth, as {@code !vad}
 * prints it. A mapped VAD (an {@code _MMVAD}) names its section through Subsection -> ControlArea,
 * and the control area its file (FilePointer) or, for a pagefile-backed section, its segment's commit.
 */
public final class VadTrees {
    private static final int MAX_NODES = 200_000;
    private static final String[] PROTECTIONS = {"NO_ACCESS", "READONLY", "EXECUTE", "EXECUTE_READ", "READWRITE",
            "WRITECOPY", "EXECUTE_READWRITE", "EXECUTE_WRITECOPY"};
    public static final int VAD_IMAGE_MAP = 2;

    /** The fields a walk reads, resolved by name once in the catalog (_MMVAD_SHORT, _MMVAD). */
    private static final StructType SHORT = TypeCatalog.nt().struct("_MMVAD_SHORT");
    private static final int LEFT = (int) SHORT.offsetOf("VadNode.Left");
    private static final int RIGHT = (int) SHORT.offsetOf("VadNode.Right");
    private static final int STARTING_VPN = (int) SHORT.offsetOf("StartingVpn");
    private static final int ENDING_VPN = (int) SHORT.offsetOf("EndingVpn");
    private static final int STARTING_VPN_HIGH = (int) SHORT.offsetOf("StartingVpnHigh");
    private static final int ENDING_VPN_HIGH = (int) SHORT.offsetOf("EndingVpnHigh");
    private static final int COMMIT_CHARGE_HIGH = (int) SHORT.offsetOf("CommitChargeHigh");
    private static final FieldPath VAD_TYPE = SHORT.path("u.VadFlags.VadType");
    private static final FieldPath PROTECTION = SHORT.path("u.VadFlags.Protection");
    private static final FieldPath PRIVATE_MEMORY = SHORT.path("u.VadFlags.PrivateMemory");
    private static final FieldPath COMMIT_CHARGE = SHORT.path("u1.VadFlags1.CommitCharge");
    private static final int SUBSECTION = (int) TypeCatalog.nt().struct("_MMVAD").offsetOf("Subsection");
    private static final int SHORT_SIZE = (int) SHORT.size();

    private VadTrees() {
    }

    private static long bits(byte[] bytes, FieldPath path) {
        Field field = path.field();
        return LittleEndian.get(bytes, (int) path.offset(), field.bitfieldUnitBytes()) >>> field.bitPosition() & field.bitMask();
    }

    /** One VAD: where it is, its depth in the tree, its page range, commit and flags. */
    public record Vad(long address, int level, long startVpn, long endVpn, long commit, boolean privateMemory,
                      int vadType, int protection, long subsection) {

        public long start() {
            return startVpn << 12;
        }

        /** The first byte after the VAD. */
        public long end() {
            return (endVpn + 1) << 12;
        }

        public boolean contains(long address) {
            return Long.compareUnsigned(address, start()) >= 0 && Long.compareUnsigned(address, end()) < 0;
        }

        public boolean image() {
            return vadType == VAD_IMAGE_MAP;
        }

        /** The MM_* protection as !vad names it (READWRITE, EXECUTE_WRITECOPY ...). */
        public String protectionName() {
            return protection < PROTECTIONS.length ? PROTECTIONS[protection] : "NO_ACCESS";
        }
    }

    /** One node, read as it is: the short part's fields, whatever its children. */
    public static Vad read(VirtualMemory kernel, long address, int level) {
        byte[] bytes = kernel.read(address, SHORT_SIZE);
        long startVpn = LittleEndian.get(bytes, STARTING_VPN, 4) | (bytes[STARTING_VPN_HIGH] & 0xffL) << 32;
        long endVpn = LittleEndian.get(bytes, ENDING_VPN, 4) | (bytes[ENDING_VPN_HIGH] & 0xffL) << 32;
        long commit = bits(bytes, COMMIT_CHARGE) | (bytes[COMMIT_CHARGE_HIGH] & 0xffL) << 31;
        boolean privateMemory = bits(bytes, PRIVATE_MEMORY) != 0;
        long subsection = privateMemory ? 0 : kernel.readLong(address + SUBSECTION);
        return new Vad(address, level, startVpn, endVpn, commit, privateMemory, (int) bits(bytes, VAD_TYPE),
                (int) bits(bytes, PROTECTION), subsection);
    }

    /**
     * Every VAD under {@code root} in address order (an in-order walk), each with its depth below
     * {@code root}; stops quietly at a node that cannot be read, or after {@value #MAX_NODES} nodes.
     */
    public static List<Vad> inOrder(VirtualMemory kernel, long root) {
        List<Vad> vads = new ArrayList<>();
        Deque<long[]> stack = new ArrayDeque<>();
        long node = root;
        int level = 0;
        try {
            while ((node != 0 || !stack.isEmpty()) && vads.size() < MAX_NODES) {
                while (node != 0) {
                    stack.push(new long[] {node, level});
                    node = kernel.readLong(node + LEFT);
                    level++;
                    if (stack.size() > 128) {
                        return vads;   // a corrupt tree is not this deep
                    }
                }
                long[] top = stack.pop();
                vads.add(read(kernel, top[0], (int) top[1]));
                node = kernel.readLong(top[0] + RIGHT);
                level = (int) top[1] + 1;
            }
        } catch (MemoryAccessException e) {
            // the walk ends where the tree can no longer be read
        }
        return vads;
    }

    /** The VAD that maps an address, found from the root by comparing page numbers; null when none. */
    public static Vad find(VirtualMemory kernel, long root, long virtualAddress) {
        long vpn = virtualAddress >>> 12;
        long node = root;
        int level = 0;
        try {
            while (node != 0 && level < 128) {
                Vad vad = read(kernel, node, level);
                if (Long.compareUnsigned(vpn, vad.startVpn()) < 0) {
                    node = kernel.readLong(node + LEFT);
                } else if (Long.compareUnsigned(vpn, vad.endVpn()) > 0) {
                    node = kernel.readLong(node + RIGHT);
                } else {
                    return vad;
                }
                level++;
            }
        } catch (MemoryAccessException e) {
            return null;
        }
        return null;
    }

    /** The control area behind a mapped VAD (its subsection's), or 0. */
    public static long controlArea(VirtualMemory kernel, Vad vad) {
        return vad.subsection() == 0 ? 0 : new StructReader(kernel, "_SUBSECTION", vad.subsection()).get("ControlArea");
    }

    /**
     * What {@code !vad} prints after a mapped VAD's protection: the file's name on its volume, or
     * {@code Pagefile section, shared commit 0x<pages>}; empty for private memory.
     */
    public static String description(VirtualMemory kernel, Vad vad) {
        if (vad.privateMemory()) {
            return "";
        }
        try {
            long area = controlArea(kernel, vad);
            if (area == 0) {
                return "";
            }
            StructReader controlArea = new StructReader(kernel, "_CONTROL_AREA", area);
            long file = controlArea.get("FilePointer") & ~0xfL;
            if (file != 0) {
                return new StructReader(kernel, "_FILE_OBJECT", file).unicodeString("FileName");
            }
            long committed = new StructReader(kernel, "_SEGMENT", controlArea.get("Segment")).get("NumberOfCommittedPages");
            return "Pagefile section, shared commit 0x" + Long.toHexString(committed);
        } catch (MemoryAccessException e) {
            return "";
        }
    }

    /** The shared commit of a pagefile-backed view's section (0 for a file or private memory). */
    public static long sharedCommit(VirtualMemory kernel, Vad vad) {
        if (vad.privateMemory()) {
            return 0;
        }
        try {
            StructReader controlArea = new StructReader(kernel, "_CONTROL_AREA", controlArea(kernel, vad));
            if ((controlArea.get("FilePointer") & ~0xfL) != 0) {
                return 0;
            }
            return new StructReader(kernel, "_SEGMENT", controlArea.get("Segment")).get("NumberOfCommittedPages");
        } catch (MemoryAccessException e) {
            return 0;
        }
    }
}
