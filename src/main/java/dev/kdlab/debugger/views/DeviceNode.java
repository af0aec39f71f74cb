package dev.kdlab.debugger.views;

import dev.kdlab.debugger.Session;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.struct.StructView;
import dev.kdlab.types.EnumType;
import dev.kdlab.types.Type;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A PnP device node (_DEVICE_NODE) as the debugger reads it, every field from memory when asked: its place in the
 * tree (Parent, Sibling, Child; the root is nt!IopRootDeviceNode), its PDO, instance path and service, state and
 * state history, flags and problem. {@link #children()} follows Child then each Sibling, as kdexts walks the
 * tree, and stops at a loop or at {@link #MAX_CHILDREN}.
 */
public final class DeviceNode {
    /** More children than any bus has: a Sibling chain longer than this is a loop or garbage. */
    public static final int MAX_CHILDREN = 10_000;
    public static final int STATE_HISTORY_SIZE = 20;

    private final Session session;
    private final StructView fields;

    private DeviceNode(Session session, long address) {
        this.session = session;
        this.fields = session.kernelStruct("_DEVICE_NODE", address);
    }

    public static DeviceNode at(Session session, long address) {
        return new DeviceNode(session, address);
    }

    /** nt!IopRootDeviceNode's value: the root of the tree, or 0 when the machine has none. */
    public static long root(Session session) throws MemoryAccessException {
        long variable = session.symbolOrZero("IopRootDeviceNode");
        return variable == 0 ? 0 : session.kernel().readLong(variable);
    }

    public long address() {
        return fields.address();
    }

    public long parent() throws MemoryAccessException {
        return fields.get("Parent");
    }

    public long sibling() throws MemoryAccessException {
        return fields.get("Sibling");
    }

    public long child() throws MemoryAccessException {
        return fields.get("Child");
    }

    public long physicalDeviceObject() throws MemoryAccessException {
        return fields.get("PhysicalDeviceObject");
    }

    public long level() throws MemoryAccessException {
        return fields.get("Level");
    }

    public String instancePath() throws MemoryAccessException {
        return fields.unicodeString("InstancePath");
    }

    /** The service that drives the node; "" when none does. */
    public String serviceName() throws MemoryAccessException {
        return fields.unicodeString("ServiceName");
    }

    public long state() throws MemoryAccessException {
        return fields.get("State");
    }

    public long previousState() throws MemoryAccessException {
        return fields.get("PreviousState");
    }

    public long stateHistoryEntry() throws MemoryAccessException {
        return fields.get("StateHistoryEntry");
    }

    public long stateHistory(int index) throws MemoryAccessException {
        return session.kernel().readInt(fields.addressOf("StateHistory") + 4L * index);
    }

    public long flags() throws MemoryAccessException {
        return fields.get("Flags");
    }

    public long userFlags() throws MemoryAccessException {
        return fields.get("UserFlags");
    }

    public long problem() throws MemoryAccessException {
        return fields.get("Problem");
    }

    public long capabilityFlags() throws MemoryAccessException {
        return fields.get("CapabilityFlags");
    }

    public long fieldAddress(String field) {
        return fields.addressOf(field);
    }

    /** Child, then each Sibling in turn. */
    public List<DeviceNode> children() throws MemoryAccessException {
        List<DeviceNode> children = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (long at = child(); at != 0 && seen.add(at) && children.size() < MAX_CHILDREN;
             at = session.kernelStruct("_DEVICE_NODE", at).get("Sibling")) {
            children.add(at(session, at));
        }
        return children;
    }

    /** A _PNP_DEVNODE_STATE value as kdexts names it: {@code DeviceNodeStarted (0x308)}. */
    public static String stateText(Session session, long state) {
        Type type = session.target().types().find("_PNP_DEVNODE_STATE").orElse(null);
        String name = "Unknown State";
        if (type instanceof EnumType e) {
            for (EnumType.Constant c : e.constants()) {
                if ((c.value() & 0xffffffffL) == state) {
                    name = c.name();
                    break;
                }
            }
        }
        return name + " (0x" + Long.toHexString(state) + ")";
    }
}
