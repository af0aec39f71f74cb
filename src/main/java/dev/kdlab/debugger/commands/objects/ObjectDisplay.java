package dev.kdlab.debugger.commands.objects;

import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.objects.KernelObject;
import dev.kdlab.debugger.objects.ObjectNames;
import dev.kdlab.debugger.objects.ObjectTypes;

/**
 * The object block {@code !object} prints and {@code !handle} prints under each handle with
 * object information (transcripts 6.1, 6.4): {@code Object: <body>  Type: (<type>) <Name>}, the
 * header, the counts, and the directory and name when the object has one.
 */
final class ObjectDisplay {
    private final Session session;
    private final ObjectTypes types;
    private final ObjectNames names;

    ObjectDisplay(Session session) {
        this.session = session;
        this.types = new ObjectTypes(session);
        this.names = new ObjectNames(session, types);
    }

    ObjectTypes types() {
        return types;
    }

    ObjectNames names() {
        return names;
    }

    dev.kdlab.memory.VirtualMemory kernel() {
        return session.kernel();
    }

    KernelObject object(long body) {
        return KernelObject.at(types, body);
    }

    /** The first line: the body, the type object and the type's name. */
    static void appendTitle(StringBuilder out, KernelObject object) {
        out.append("Object: ").append(Hex.plain(object.body())).append("  Type: (").append(Hex.plain(object.typeObject()))
                .append(") ").append(object.typeName()).append('\n');
    }

    static void appendHeader(StringBuilder out, KernelObject object, String indent) {
        out.append(indent).append("ObjectHeader: ").append(Hex.plain(object.header())).append(" (new version)\n");
    }

    /** The counts line and, for a named object, its directory and name ({@code fullPath}: the name from the root). */
    void appendCountsAndName(StringBuilder out, KernelObject object, String indent, boolean fullPath) {
        out.append(indent).append("HandleCount: ").append(object.handleCount()).append("  PointerCount: ")
                .append(object.pointerCount()).append('\n');
        ObjectNames.Name name = names.of(object);
        if (name != null) {
            String text = fullPath && name.directory() != 0 ? names.fullPath(object) : name.name();
            out.append(indent).append("Directory Object: ")
                    .append(name.directory() == 0 ? "00000000" : Hex.plain(name.directory()))
                    .append("  Name: ").append(text).append('\n');
        }
    }
}
