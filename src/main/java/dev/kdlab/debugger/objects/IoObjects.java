package dev.kdlab.debugger.objects;

import dev.kdlab.debugger.Session;
import dev.kdlab.struct.StructView;
import dev.kdlab.memory.MemoryAccessException;

import java.util.OptionalLong;

/**
 * Driver and device objects as the I/O extensions find and name them: by address, by full path in
 * the namespace ({@code \Driver\Null}, {@code \Device\HarddiskVolume3}) or by bare name, as
 * {@code !drvobj} and {@code !devobj} accept (Null, HarddiskVolume3).
 */
public final class IoObjects {
    private final Session session;
    private final ObjectTypes types;
    private final ObjectDirectories directories;

    public IoObjects(Session session) {
        this.session = session;
        this.types = new ObjectTypes(session);
        this.directories = new ObjectDirectories(session, types);
    }

    /**
     * The object a command's argument names, of the given type (Driver or Device): a path, a bare
     * name looked up in {@code defaultDirectories} in turn, or an address; empty when it names none.
     */
    public OptionalLong find(String argument, String typeName, long addressValue, String... defaultDirectories) {
        if (argument.startsWith("\\")) {
            return ofType(directories.lookup(argument), typeName);
        }
        for (String directory : defaultDirectories) {
            OptionalLong found = ofType(directories.lookup(directory + "\\" + argument), typeName);
            if (found.isPresent()) {
                return found;
            }
        }
        return ofType(OptionalLong.of(addressValue), typeName);
    }

    private OptionalLong ofType(OptionalLong object, String typeName) {
        if (object.isEmpty()) {
            return object;
        }
        KernelObject o = KernelObject.at(types, object.getAsLong());
        return o != null && o.typeName().equals(typeName) ? object : OptionalLong.empty();
    }

    /** A driver's name as its object holds it (DriverName: \Driver\Null). */
    public String driverName(long driver) {
        try {
            return session.kernelStruct("_DRIVER_OBJECT", driver).unicodeString("DriverName");
        } catch (MemoryAccessException e) {
            return "";
        }
    }

    /** A device's name from its name header, or "" for an unnamed device. */
    public String deviceName(long device) {
        KernelObject o = KernelObject.at(types, device);
        KernelObject.NameInfo info = o == null ? null : o.nameInfo(types);
        return info == null ? "" : info.name();
    }

    /** The device node of a PDO (its DEVOBJ_EXTENSION's DeviceNode), or 0 for a device that has none. */
    public long deviceNode(long device) {
        long extension = session.kernelStruct("_DEVICE_OBJECT", device).get("DeviceObjectExtension");
        return extension == 0 ? 0 : session.kernelStruct("_DEVOBJ_EXTENSION", extension).get("DeviceNode");
    }

    /** The device under this one in its stack (its DEVOBJ_EXTENSION's AttachedTo), or 0. */
    public long attachedTo(long device) {
        long extension = session.kernelStruct("_DEVICE_OBJECT", device).get("DeviceObjectExtension");
        return extension == 0 ? 0 : session.kernelStruct("_DEVOBJ_EXTENSION", extension).get("AttachedTo");
    }
}
