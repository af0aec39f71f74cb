package dev.kdlab.debugger.objects;

import dev.kdlab.debugger.Session;
import dev.kdlab.struct.StructView;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.types.FieldSlot;
import dev.kdlab.types.StructType;

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

    private final Session session;
    private final VirtualMemory kernel;
    /** The fields a walk reads, resolved by name once in the target's catalog (_MMVAD_SHORT, _MMVAD). */
    private final int left;
    private final int right;
    private final int startingVpn;
    private final int endingVpn;
    private final int startingVpnHigh;
    private final int endingVpnHigh;
    private final int commitChargeHigh;
    private final FieldSlot vadType;
    private final FieldSlot protection;
    private final FieldSlot privateMemory;
    private final FieldSlot commitCharge;
    private final int subsection;
    private final int shortSize;

    public VadTrees(Session session) {
        this.session = session;
        this.kernel = session.kernel();
        StructType vadShort = session.type("_MMVAD_SHORT");
        left = (int) vadShort.offsetOf("VadNode.Left");
        right = (int) vadShort.offsetOf("VadNode.Right");
        startingVpn = (int) vadShort.offsetOf("StartingVpn");
        endingVpn = (int) vadShort.offsetOf("EndingVpn");
        startingVpnHigh = (int) vadShort.offsetOf("StartingVpnHigh");
        endingVpnHigh = (int) vadShort.offsetOf("EndingVpnHigh");
        commitChargeHigh = (int) vadShort.offsetOf("CommitChargeHigh");
        vadType = vadShort.slot("u.VadFlags.VadType");
        protection = vadShort.slot("u.VadFlags.Protection");
        privateMemory = vadShort.slot("u.VadFlags.PrivateMemory");
        commitCharge = vadShort.slot("u1.VadFlags1.CommitCharge");
        subsection = (int) session.type("_MMVAD").offsetOf("Subsection");
        shortSize = (int) vadShort.size();
    }

    private static long bits(byte[] bytes, FieldSlot slot) {
        return slot.extract(LittleEndian.get(bytes, slot.offset(), slot.size()));
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
    public Vad read(long address, int level) {
        byte[] bytes = kernel.read(address, shortSize);
        long startVpn = LittleEndian.get(bytes, startingVpn, 4) | (bytes[startingVpnHigh] & 0xffL) << 32;
        long endVpn = LittleEndian.get(bytes, endingVpn, 4) | (bytes[endingVpnHigh] & 0xffL) << 32;
        long commit = bits(bytes, commitCharge) | (bytes[commitChargeHigh] & 0xffL) << 31;
        boolean isPrivate = bits(bytes, privateMemory) != 0;
        long sub = isPrivate ? 0 : kernel.readLong(address + subsection);
        return new Vad(address, level, startVpn, endVpn, commit, isPrivate, (int) bits(bytes, vadType),
                (int) bits(bytes, protection), sub);
    }

    /**
     * Every VAD under {@code root} in address order (an in-order walk), each with its depth below
     * {@code root}; stops quietly at a node that cannot be read, or after {@value #MAX_NODES} nodes.
     */
    public List<Vad> inOrder(long root) {
        List<Vad> vads = new ArrayList<>();
        Deque<long[]> stack = new ArrayDeque<>();
        long node = root;
        int level = 0;
        try {
            while ((node != 0 || !stack.isEmpty()) && vads.size() < MAX_NODES) {
                while (node != 0) {
                    stack.push(new long[] {node, level});
                    node = kernel.readLong(node + left);
                    level++;
                    if (stack.size() > 128) {
                        return vads;   // a corrupt tree is not this deep
                    }
                }
                long[] top = stack.pop();
                vads.add(read(top[0], (int) top[1]));
                node = kernel.readLong(top[0] + right);
                level = (int) top[1] + 1;
            }
        } catch (MemoryAccessException e) {
            // the walk ends where the tree can no longer be read
        }
        return vads;
    }

    /** The VAD that maps an address, found from the root by comparing page numbers; null when none. */
    public Vad find(long root, long virtualAddress) {
        long vpn = virtualAddress >>> 12;
        long node = root;
        int level = 0;
        try {
            while (node != 0 && level < 128) {
                Vad vad = read(node, level);
                if (Long.compareUnsigned(vpn, vad.startVpn()) < 0) {
                    node = kernel.readLong(node + left);
                } else if (Long.compareUnsigned(vpn, vad.endVpn()) > 0) {
                    node = kernel.readLong(node + right);
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
    public long controlArea(Vad vad) {
        return vad.subsection() == 0 ? 0 : session.kernelStruct("_SUBSECTION", vad.subsection()).get("ControlArea");
    }

    /**
     * What {@code !vad} prints after a mapped VAD's protection: the file's name on its volume, or
     * {@code Pagefile section, shared commit 0x<pages>}; empty for private memory.
     */
    public String description(Vad vad) {
        if (vad.privateMemory()) {
            return "";
        }
        try {
            long area = controlArea(vad);
            if (area == 0) {
                return "";
            }
            StructView controlArea = session.kernelStruct("_CONTROL_AREA", area);
            long file = controlArea.get("FilePointer") & ~0xfL;
            if (file != 0) {
                return session.kernelStruct("_FILE_OBJECT", file).unicodeString("FileName");
            }
            long committed = session.kernelStruct("_SEGMENT", controlArea.get("Segment")).get("NumberOfCommittedPages");
            return "Pagefile section, shared commit 0x" + Long.toHexString(committed);
        } catch (MemoryAccessException e) {
            return "";
        }
    }

    /** The shared commit of a pagefile-backed view's section (0 for a file or private memory). */
    public long sharedCommit(Vad vad) {
        if (vad.privateMemory()) {
            return 0;
        }
        try {
            StructView controlArea = session.kernelStruct("_CONTROL_AREA", controlArea(vad));
            if ((controlArea.get("FilePointer") & ~0xfL) != 0) {
                return 0;
            }
            return session.kernelStruct("_SEGMENT", controlArea.get("Segment")).get("NumberOfCommittedPages");
        } catch (MemoryAccessException e) {
            return 0;
        }
    }
}
