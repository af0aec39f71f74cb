package dev.kdlab.debugger.commands.objects;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.views.DeviceNode;
import dev.kdlab.debugger.views.ListWalk;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.memory.MemoryAccessException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code !devnode Address [Flags] [Service]}: a PnP device node (Address 0: nt!IopRootDeviceNode). Alone, a node
 * in full: its tree links, instance path, service, state with its history (newest first), DNF_ flags, problem and
 * capabilities. Flag 0x1 walks the node and its children, each briefly, indented two blanks a level (the form of
 * {@code !devnode 0 1}); 0x10 shows only nodes that are not started, 0x20 only nodes with a problem; a service
 * name keeps only the nodes it drives (with 0x1, and everything below them). Flags 0x2, 0x4 and 0x8 (resource
 * lists) show nothing more: kdlab's nodes hold no resource lists. {@code !devnode 1} and {@code !devnode 2} list
 * the pending surprise removals and ejects (nt!IopPendingSurpriseRemovals, nt!IopPendingEjects).
 */
public final class DeviceNodeCommand implements Command {
    static final String USAGE = "Usage: !devnode Address [Flags] [Service]";
    private static final int CHILDREN = 0x1;
    private static final int NOT_STARTED = 0x10;
    private static final int PROBLEMS = 0x20;
    private static final long STARTED = 0x308;
    /** DNF_HAS_PROBLEM | DNF_HAS_PRIVATE_PROBLEM. */
    private static final long ANY_PROBLEM = 0x2000 | 0x4000;
    /** Deeper than any real tree: a Child chain longer than this is a loop. */
    private static final int MAX_DEPTH = 64;
    /** Device Node Status Flags (Microsoft docs), bit 0 first. */
    private static final String[] DNF = {"DNF_MADEUP", "DNF_DUPLICATE", "DNF_HAL_NODE", "DNF_REENUMERATE",
            "DNF_ENUMERATED", "DNF_IDS_QUERIED", "DNF_HAS_BOOT_CONFIG", "DNF_BOOT_CONFIG_RESERVED",
            "DNF_NO_RESOURCE_REQUIRED", "DNF_RESOURCE_REQUIREMENTS_NEED_FILTERED", "DNF_RESOURCE_REQUIREMENTS_CHANGED",
            "DNF_NON_STOPPED_REBALANCE", "DNF_LEGACY_DRIVER", "DNF_HAS_PROBLEM", "DNF_HAS_PRIVATE_PROBLEM",
            "DNF_HARDWARE_VERIFICATION", "DNF_DEVICE_GONE", "DNF_LEGACY_RESOURCE_DEVICENODE", "DNF_NEEDS_REBALANCE",
            "DNF_LOCKED_FOR_EJECT", "DNF_DRIVER_BLOCKED", "DNF_CHILD_WITH_INVALID_ID", "DNF_ASYNC_START_NOT_SUPPORTED",
            "DNF_ASYNC_ENUMERATION_NOT_SUPPORTED", "DNF_LOCKED_FOR_REBALANCE", "DNF_UNINSTALLED"};
    /** DNUF_ user flags (ReactOS's pnp header, which follows Windows'), bit 0 first. */
    private static final String[] DNUF = {"DNUF_WILL_BE_REMOVED", "DNUF_DONT_SHOW_IN_UI", "DNUF_NEED_RESTART",
            "DNUF_NOT_DISABLEABLE", "DNUF_SHUTDOWN_QUERIED", "DNUF_SHUTDOWN_SUBTREE_DONE"};
    /** DEVICE_CAPABILITIES' bits in declaration order (wdm.h), which CapabilityFlags keeps. */
    private static final String[] CAPABILITIES = {"DeviceD1", "DeviceD2", "LockSupported", "EjectSupported",
            "Removable", "DockDevice", "UniqueID", "SilentInstall", "RawDeviceOK", "SurpriseRemovalOK", "WakeFromD0",
            "WakeFromD1", "WakeFromD2", "WakeFromD3", "HardwareDisabled", "NonDynamic", "WarmEjectSupported",
            "NoDisplayInUI", "Reserved1", "WakeFromInterrupt", "SecureDevice", "ChildOfVgaEnabledBridge",
            "DecodeIoOnBoot"};
    /** CM_PROB_ codes (cfg.h), from 1. */
    private static final String[] PROBLEMS_BY_CODE = {"NOT_CONFIGURED", "DEVLOADER_FAILED", "OUT_OF_MEMORY",
            "ENTRY_IS_WRONG_TYPE", "LACKED_ARBITRATOR", "BOOT_CONFIG_CONFLICT", "FAILED_FILTER", "DEVLOADER_NOT_FOUND",
            "INVALID_DATA", "FAILED_START", "LIAR", "NORMAL_CONFLICT", "NOT_VERIFIED", "NEED_RESTART", "REENUMERATION",
            "PARTIAL_LOG_CONF", "UNKNOWN_RESOURCE", "REINSTALL", "REGISTRY", "VXDLDR", "WILL_BE_REMOVED", "DISABLED",
            "DEVLOADER_NOT_READY", "DEVICE_NOT_THERE", "MOVED", "TOO_EARLY", "NO_VALID_LOG_CONF", "FAILED_INSTALL",
            "HARDWARE_DISABLED", "CANT_SHARE_IRQ", "FAILED_ADD", "DISABLED_SERVICE", "TRANSLATION_FAILED",
            "NO_SOFTCONFIG", "BIOS_TABLE", "IRQ_TRANSLATION_FAILED", "FAILED_DRIVER_ENTRY",
            "DRIVER_FAILED_PRIOR_UNLOAD", "DRIVER_FAILED_LOAD", "DRIVER_SERVICE_KEY_INVALID",
            "LEGACY_SERVICE_NO_DEVICES", "DUPLICATE_DEVICE", "FAILED_POST_START", "HALTED", "PHANTOM",
            "SYSTEM_SHUTDOWN", "HELD_FOR_EJECT", "DRIVER_BLOCKED", "REGISTRY_TOO_LARGE", "SETPROPERTIES_FAILED",
            "WAITING_ON_DEPENDENCY", "UNSIGNED_DRIVER", "USED_BY_DEBUGGER", "DEVICE_RESET", "CONSOLE_LOCKED",
            "NEED_CLASS_CONFIG", "GUEST_ASSIGNMENT_FAILED"};

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments(USAGE);
        Session session = invocation.session();
        long address = args.nextWordExpression();
        int flags = args.atEnd() ? 0 : (int) args.nextWordExpression();
        String service = args.atEnd() ? null : args.nextWord();
        args.expectEnd();
        StringBuilder out = new StringBuilder();
        if (address == 1 || address == 2) {
            pendingList(session, address == 1 ? "IopPendingSurpriseRemovals" : "IopPendingEjects", out);
        } else {
            if (address == 0) {
                address = DeviceNode.root(session);
                if (address == 0) {
                    throw new CommandException("Error retrieving address of IopRootDeviceNode");
                }
                out.append("Dumping IopRootDeviceNode (= 0x").append(Hex.plain(address)).append(")\n");
            }
            DeviceNode node = DeviceNode.at(session, address);
            try {
                node.state();
            } catch (MemoryAccessException e) {
                throw new CommandException("Unable to read device node at " + Hex.padded(address, 16));
            }
            new Walk(session, flags, service, out).node(node, 0, service == null);
        }
        invocation.out().print(out);
    }

    /** The entries of a pending list (a LIST_ENTRY of nt), by address. */
    private static void pendingList(Session session, String list, StringBuilder out) throws CommandException {
        long head = session.symbolOrZero(list);
        if (head == 0) {
            throw new CommandException("Error retrieving address of " + list);
        }
        out.append("Dumping ").append(list).append(" (= 0x").append(Hex.plain(head)).append(")\n");
        for (long entry : ListWalk.fromHead(session.kernel(), head)) {
            out.append("  0x").append(Hex.plain(entry)).append('\n');
        }
    }

    /** One command's walk: which nodes show (flags, service) and in which form. */
    private record Walk(Session session, int flags, String service, StringBuilder out) {

        /** Shows the node if it passes the filters, then (with flag 0x1) its children; {@code inScope}: under a matching service. */
        void node(DeviceNode node, int depth, boolean inScope) throws MemoryAccessException {
            boolean matches = inScope || node.serviceName().equalsIgnoreCase(service);
            if (matches && shown(node)) {
                if ((flags & CHILDREN) != 0) {
                    brief(node, "  ".repeat(depth));
                } else {
                    full(node);
                }
            }
            if ((flags & CHILDREN) == 0 && (service == null || matches)) {
                return;
            }
            if (depth >= MAX_DEPTH) {
                return;
            }
            for (DeviceNode child : node.children()) {
                node(child, depth + 1, matches && (flags & CHILDREN) != 0);
            }
        }

        private boolean shown(DeviceNode node) throws MemoryAccessException {
            if ((flags & NOT_STARTED) != 0 && node.state() == STARTED) {
                return false;
            }
            return (flags & PROBLEMS) == 0 || (node.flags() & ANY_PROBLEM) != 0;
        }

        private void brief(DeviceNode node, String indent) throws MemoryAccessException {
            head(node, indent);
            names(node, indent + "  ");
            states(node, indent + "  ");
            problem(node, indent + "  ");
        }

        private void full(DeviceNode node) throws MemoryAccessException {
            head(node, "");
            out.append("  Parent ").append(pointer(node.parent())).append("   Sibling ").append(pointer(node.sibling()))
                    .append("   Child ").append(pointer(node.child())).append('\n');
            names(node, "  ");
            states(node, "  ");
            long entry = node.stateHistoryEntry();
            for (int i = 1; i <= DeviceNode.STATE_HISTORY_SIZE; i++) {
                int index = (int) Math.floorMod(entry - i, (long) DeviceNode.STATE_HISTORY_SIZE);
                long state = node.stateHistory(index);
                if (state != 0) {
                    out.append(String.format("  StateHistory[%02d] = ", index))
                            .append(DeviceNode.stateText(session, state)).append('\n');
                }
            }
            bits(out, "  Flags", node.flags(), DNF, "Unknown flags");
            if (node.userFlags() != 0) {
                bits(out, "  UserFlags", node.userFlags(), DNUF, "Unknown flags");
            }
            problem(node, "  ");
            bits(out, "  CapabilityFlags", node.capabilityFlags(), CAPABILITIES, "Unknown capabilities");
        }

        private void head(DeviceNode node, String indent) throws MemoryAccessException {
            out.append(indent).append("DevNode 0x").append(Hex.plain(node.address())).append(" for PDO 0x")
                    .append(Hex.plain(node.physicalDeviceObject())).append('\n');
        }

        private void names(DeviceNode node, String indent) throws MemoryAccessException {
            out.append(indent).append("InstancePath is \"").append(node.instancePath()).append("\"\n");
            String serviceName = node.serviceName();
            if (!serviceName.isEmpty()) {
                out.append(indent).append("ServiceName is \"").append(serviceName).append("\"\n");
            }
        }

        private void states(DeviceNode node, String indent) throws MemoryAccessException {
            out.append(indent).append("State = ").append(DeviceNode.stateText(session, node.state())).append('\n');
            out.append(indent).append("Previous State = ").append(DeviceNode.stateText(session, node.previousState()))
                    .append('\n');
        }

        private void problem(DeviceNode node, String indent) throws MemoryAccessException {
            long problem = node.problem();
            if (problem != 0) {
                out.append(indent).append("Problem = ").append(problemName(problem)).append('\n');
            }
        }
    }

    /** A CM_PROB_ code's name, or its number. */
    static String problemName(long problem) {
        return problem >= 1 && problem <= PROBLEMS_BY_CODE.length ? "CM_PROB_" + PROBLEMS_BY_CODE[(int) problem - 1]
                : "0x" + Long.toHexString(problem);
    }

    /** A pointer as kdexts prints it in the Parent line: 0x and its digits, or 0000000000 for null. */
    private static String pointer(long value) {
        return value == 0 ? "0000000000" : "0x" + Hex.plain(value);
    }

    /**
     * {@code Label (0x%08x)  NAME, NAME,} with two names a line, the next lines aligned under the first name, as
     * kdexts wraps them; bits without a name end the list as {@code Unknown flags 0x...}.
     */
    static void bits(StringBuilder out, String label, long value, String[] names, String unknownLabel) {
        String head = String.format("%s (0x%08x)  ", label, value);
        List<String> set = new ArrayList<>();
        long unknown = value;
        for (int bit = 0; bit < names.length; bit++) {
            if ((value & (1L << bit)) != 0) {
                set.add(names[bit]);
                unknown &= ~(1L << bit);
            }
        }
        if (unknown != 0) {
            set.add(unknownLabel + " 0x" + Long.toHexString(unknown).toLowerCase(Locale.ROOT));
        }
        StringBuilder line = new StringBuilder(head);
        String indent = " ".repeat(head.length());
        for (int i = 0; i < set.size(); i++) {
            if (i > 0) {
                line.append(i % 2 == 0 ? "\n" + indent : " ");
            }
            line.append(set.get(i)).append(i < set.size() - 1 ? "," : "");
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
