package dev.kdlab.debugger.commands.objects;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.struct.StructView;
import dev.kdlab.debugger.objects.IoObjects;
import dev.kdlab.debugger.views.DeviceNode;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code !devstack DeviceObject}: the device stack a device is in, top first: each device, its
 * driver, its extension and name, the given device marked with {@code >}. The stack is found by
 * going down through each DEVOBJ_EXTENSION's AttachedTo, then up through AttachedDevice. When the bottom device
 * is a PDO with a device node (its DEVOBJ_EXTENSION's DeviceNode), the node follows: {@code !DevNode}, its
 * instance path and its service.
 */
public final class DeviceStackCommand implements Command {
    private static final int MAX_DEPTH = 64;

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        Session session = invocation.session();
        IoObjects io = new IoObjects(session);
        long device = DeviceObjectCommand.deviceArgument(invocation, io, "Usage: !devstack DeviceObject");
        long bottom = device;
        for (int i = 0; i < MAX_DEPTH && io.attachedTo(bottom) != 0; i++) {
            bottom = io.attachedTo(bottom);
        }
        List<Long> stack = new ArrayList<>();
        for (long at = bottom; at != 0 && stack.size() < MAX_DEPTH;
             at = session.kernelStruct("_DEVICE_OBJECT", at).get("AttachedDevice")) {
            stack.add(0, at);
        }
        StringBuilder out = new StringBuilder();
        out.append("  !DevObj           !DrvObj            !DevExt           ObjectName\n");
        for (long at : stack) {
            StructView d = session.kernelStruct("_DEVICE_OBJECT", at);
            out.append(at == device ? "> " : "  ").append(Hex.plain(at)).append("  ")
                    .append(String.format("%-18s ", io.driverName(d.get("DriverObject"))))
                    .append(Hex.plain(d.get("DeviceExtension"))).append("  ").append(io.deviceName(at)).append('\n');
        }
        long node = io.deviceNode(bottom);
        if (node != 0) {
            DeviceNode n = DeviceNode.at(session, node);
            out.append("!DevNode ").append(Hex.plain(node)).append(" :\n");
            out.append("  DeviceInst is \"").append(n.instancePath()).append("\"\n");
            String service = n.serviceName();
            if (!service.isEmpty()) {
                out.append("  ServiceName is \"").append(service).append("\"\n");
            }
        }
        invocation.out().print(out);
    }
}
