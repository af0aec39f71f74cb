package dev.kdlab.debugger.dx.model;

import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.dx.ModelCollection;
import dev.kdlab.debugger.dx.ModelObject;
import dev.kdlab.debugger.dx.ModelValue;
import dev.kdlab.debugger.dx.NativeValue;
import dev.kdlab.debugger.dx.StringValue;
import dev.kdlab.debugger.views.DeviceNode;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * The session's devices as the data model shows them in kernel mode: {@code Devices.DeviceTree}, a collection
 * whose one element [0x0] is the root of the PnP device tree (nt!IopRootDeviceNode), each node shown by its
 * instance path with its DeviceNodeObject (the {@code _DEVICE_NODE}), InstancePath, ServiceName ("" when no
 * service drives it), PhysicalDeviceObject, State and Problem (the node's own fields, so an edit shows), and
 * Children (Child, then each Sibling), so that {@code DeviceTree.Flatten(n => n.Children)} reaches every node.
 * Everything is read from the node's bytes when asked for.
 */
final class DeviceModel {
    static final String HELP = "The session's devices: the PnP device tree";
    static final String TREE_HELP = "The PnP device tree, from its root (nt!IopRootDeviceNode)";
    private static final String CHILDREN_HELP = "The device nodes below this one";

    private final DxContext context;
    private final Session session;

    DeviceModel(DxContext context) {
        this.context = context;
        this.session = context.session();
    }

    /** {@code Devices}: its DeviceTree. */
    ModelObject devices() {
        return ModelObject.of(null, HELP).add("DeviceTree", TREE_HELP, this::tree);
    }

    /** The tree as a collection of its root; empty when the machine has no root node. */
    private ModelCollection tree() {
        return ModelCollection.indexed(() -> {
            List<ModelValue> roots = new ArrayList<>();
            try {
                long root = DeviceNode.root(session);
                if (root != 0) {
                    roots.add(node(root));
                }
            } catch (MemoryAccessException e) {
                // no readable root: an empty tree, as for a machine without one
            }
            return roots.iterator();
        }, context.poll(), TREE_HELP);
    }

    private ModelObject node(long address) {
        DeviceNode node = DeviceNode.at(session, address);
        StructType type = session.type("_DEVICE_NODE");
        return ModelObject.showing(node::instancePath, "A device node of the PnP device tree")
                .add("DeviceNodeObject", "The node's _DEVICE_NODE", () -> NativeValue.at(type, session.kernel(), address))
                .add("InstancePath", "The node's device instance path", () -> new StringValue(node.instancePath()))
                .add("ServiceName", "The service that drives the node (empty when none does)",
                        () -> new StringValue(node.serviceName()))
                .add("PhysicalDeviceObject", "The PDO its bus driver created", () -> field(type, address,
                        "PhysicalDeviceObject"))
                .add("State", "The node's PnP state", () -> field(type, address, "State"))
                .add("Problem", "The node's problem code (0: none)", () -> field(type, address, "Problem"))
                .add("Children", CHILDREN_HELP, () -> children(node));
    }

    private NativeValue field(StructType type, long node, String name) {
        return NativeValue.at(type.field(name).orElseThrow().type(), session.kernel(), node + type.offsetOf(name));
    }

    private ModelCollection children(DeviceNode node) {
        return ModelCollection.indexed(() -> {
            List<ModelValue> children = new ArrayList<>();
            for (DeviceNode child : node.children()) {
                children.add(node(child.address()));
            }
            return children.iterator();
        }, context.poll(), CHILDREN_HELP);
    }
}
