package dev.kdlab.debugger.objects;

import dev.kdlab.debugger.Session;
import dev.kdlab.struct.StructView;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Object names as {@code !object} and {@code !handle} print them: a named object's name header
 * (its directory and its last name); for the types whose names come from elsewhere, what the type's
 * query-name routine returns: a file's name on its device ({@code \Windows\System32 {HarddiskVolume3}}),
 * a key's path from its key control block up ({@code \REGISTRY\MACHINE\...}), a file-backed section's
 * file. Such names come with no directory (Directory Object: 00000000).
 */
public final class ObjectNames {
    private static final int MAX_DEPTH = 64;

    private final VirtualMemory kernel;
    private final ObjectTypes types;

    public ObjectNames(Session session, ObjectTypes types) {
        this.kernel = session.kernel();
        this.types = types;
    }

    /** A name as printed: the directory object (0 for query-name types) and the name. */
    public record Name(long directory, String name) {
    }

    /** The object's name, or null when it has none. */
    public Name of(KernelObject object) {
        try {
            switch (object.typeName()) {
                case "File":
                    return new Name(0, fileName(object.body()));
                case "Key":
                    return new Name(0, keyPath(types.struct("_CM_KEY_BODY", object.body()).get("KeyControlBlock")));
                case "Section": {
                    KernelObject.NameInfo info = object.nameInfo(types);
                    if (info != null) {
                        return new Name(info.directory(), info.name());
                    }
                    long file = sectionFile(object.body());
                    return file == 0 ? null : new Name(0, types.struct("_FILE_OBJECT", file).unicodeString("FileName"));
                }
                default: {
                    KernelObject.NameInfo info = object.nameInfo(types);
                    return info == null ? null : new Name(info.directory(), info.name());
                }
            }
        } catch (MemoryAccessException e) {
            return null;
        }
    }

    /** The file object behind a section (its control area's FilePointer), or 0 for a pagefile-backed one. */
    public long sectionFile(long section) {
        long controlArea = types.struct("_SECTION", section).get("u1.ControlArea");
        return controlArea == 0 ? 0 : types.struct("_CONTROL_AREA", controlArea).get("FilePointer") & ~0xfL;
    }

    /** {@code \path {Device}}: the file's name on its device, and the device's name. */
    public String fileName(long file) {
        StructView f = types.struct("_FILE_OBJECT", file);
        String path = f.unicodeString("FileName");
        String device = deviceName(f.get("DeviceObject"));
        return device == null ? path : path + " {" + device + "}";
    }

    /** A named device's name ("HarddiskVolume3"), or null. */
    public String deviceName(long device) {
        if (device == 0) {
            return null;
        }
        KernelObject object = KernelObject.at(types, device);
        KernelObject.NameInfo info = object == null ? null : object.nameInfo(types);
        return info == null ? null : info.name();
    }

    /** A key's full path, read from its key control block up through ParentKcb. */
    public String keyPath(long kcb) {
        Deque<String> names = new ArrayDeque<>();
        for (int depth = 0; kcb != 0 && depth < MAX_DEPTH; depth++) {
            StructView block = types.struct("_CM_KEY_CONTROL_BLOCK", kcb);
            names.push(nameBlock(block.get("NameBlock")));
            kcb = block.get("ParentKcb");
        }
        return "\\" + String.join("\\", names);
    }

    /** A _CM_NAME_CONTROL_BLOCK's name: one byte a character when Compressed, else UTF-16. */
    private String nameBlock(long block) {
        StructView name = types.struct("_CM_NAME_CONTROL_BLOCK", block);
        int length = (int) name.get("NameLength");
        byte[] bytes = kernel.read(name.addressOf("Name"), length);
        return name.get("Compressed") != 0 ? new String(bytes, StandardCharsets.ISO_8859_1)
                : new String(bytes, StandardCharsets.UTF_16LE);
    }

    /** The full path of a named object, from its name header up through its directories' ("\Device\Null"). */
    public String fullPath(KernelObject object) {
        Deque<String> names = new ArrayDeque<>();
        KernelObject at = object;
        for (int depth = 0; at != null && depth < MAX_DEPTH; depth++) {
            KernelObject.NameInfo info = at.nameInfo(types);
            if (info == null) {
                break;
            }
            if (info.directory() == 0) {
                if (!info.name().equals("\\")) {
                    names.push(info.name());
                }
                break;
            }
            names.push(info.name());
            at = KernelObject.at(types, info.directory());
        }
        return "\\" + String.join("\\", names);
    }
}
