package dev.kdlab.debugger.commands.objects;

import dev.kdlab.debugger.commands.process.ProcessCommand;
import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.views.Processes;
import dev.kdlab.debugger.Session;
import dev.kdlab.struct.StructView;
import dev.kdlab.debugger.objects.HandleEntries;
import dev.kdlab.debugger.objects.KernelObject;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code !handle [Handle [Flags [Process [TypeName]]]]} in kernel mode (transcripts 6.1): the
 * handles of a process's table (Handle 0 or -1: all of them), each as {@code 0214: Object: ...
 * GrantedAccess: ... (Protected) (Inherit) (Audit)} with 0x1, followed with 0x2 by the object's
 * block (its entry's address is then printed too); Process -1 or omitted is the implicit process,
 * 0 every active process; TypeName (case-sensitive) keeps one type. Flags 0 without a type name
 * prints the table's summary: how many handles of each type. The System process's table is the
 * kernel's (its handles print without the kernel-handle bit).
 */
public final class HandleCommand implements Command {
    private static final int DEFAULT_FLAGS = 0x3;
    private static final int BASIC = 0x1;
    private static final int OBJECT = 0x2;

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        Session session = invocation.session();
        // Extension arguments are blank-separated: "3 -1" is two arguments, not 3 minus 1.
        long handle = args.atEnd() ? 0 : args.nextWordExpression();
        int flags = args.atEnd() ? DEFAULT_FLAGS : (int) args.nextWordExpression();
        long process = args.atEnd() ? -1 : args.nextWordExpression();
        String typeName = args.atEnd() ? null : args.rest();
        if (handle == -1) {
            handle = 0;
        }
        ObjectDisplay display = new ObjectDisplay(session);
        StringBuilder out = new StringBuilder();
        if (process == 0) {
            out.append("\n**** NT ACTIVE PROCESS HANDLE DUMP ****\n");
            if (typeName != null) {
                out.append("\nSearching for handles of type ").append(typeName).append('\n');
            }
            for (long eprocess : Processes.active(session)) {
                dumpProcess(session, display, eprocess, handle, flags, typeName, out);
            }
        } else {
            long eprocess = ProcessCommand.resolve(session, process);
            if (!dumpProcess(session, display, eprocess, handle, flags, typeName, out)) {
                invocation.out().print(out);
                throw new CommandException("Could not find Handle " + Long.toHexString(handle) + " in process "
                        + Hex.plain(eprocess));
            }
        }
        invocation.out().print(out);
    }

    /** One process's block; returns false when a single handle was asked for and is not in the table. */
    private static boolean dumpProcess(Session session, ObjectDisplay display, long eprocess, long handle, int flags,
                                       String typeName, StringBuilder out) throws MemoryAccessException {
        StructView e = session.kernelStruct("_EPROCESS", eprocess);
        long table = e.get("ObjectTable");
        if (table == 0) {
            return true;   // an exited process has no table left
        }
        List<HandleEntries.Entry> entries = HandleEntries.inUse(session, table);
        boolean kernelTable = table == session.kernel().readLong(session.symbolOrZero("ObpKernelHandleTable"));
        out.append('\n');
        appendProcess(session, eprocess, out);
        out.append('\n').append(kernelTable ? "Kernel handle table at " : "Handle table at ").append(Hex.plain(table))
                .append(" with ").append(entries.size()).append(" entries in use\n\n");
        if (flags == 0 && typeName == null && handle == 0) {
            appendSummary(display, entries, out);
            return true;
        }
        boolean found = false;
        for (HandleEntries.Entry entry : entries) {
            if (handle != 0 && entry.handle() != handle) {
                continue;
            }
            KernelObject object = display.object(entry.object());
            if (typeName != null && (object == null || !typeName.equals(object.typeName()))) {
                continue;
            }
            found = true;
            appendEntry(display, entry, object, flags, out);
        }
        return handle == 0 || found;
    }

    /** {@code !process 0 0}'s four lines for the process. */
    private static void appendProcess(Session session, long eprocess, StringBuilder out) throws MemoryAccessException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        PrintStream lines = new PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        ProcessCommand.printSummaryLines(session, eprocess, lines);
        out.append(bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void appendEntry(ObjectDisplay display, HandleEntries.Entry entry, KernelObject object, int flags,
                                    StringBuilder out) {
        if ((flags & (BASIC | OBJECT)) == 0 && flags != 0) {
            return;
        }
        out.append(Hex.padded(entry.handle(), 4)).append(": Object: ").append(Hex.plain(entry.object()))
                .append("  GrantedAccess: ").append(Hex.padded(entry.grantedAccess(), 8));
        if ((entry.attributes() & HandleEntries.PROTECT_FROM_CLOSE) != 0) {
            out.append(" (Protected)");
        }
        if ((entry.attributes() & HandleEntries.INHERIT) != 0) {
            out.append(" (Inherit)");
        }
        if ((entry.attributes() & HandleEntries.AUDIT) != 0) {
            out.append(" (Audit)");
        }
        if ((flags & OBJECT) != 0) {
            out.append(" Entry: ").append(Hex.plain(entry.entryAddress())).append('\n');
            if (object == null) {
                out.append(Hex.plain(entry.object())).append(": Not a valid object (ObjectType invalid)\n\n");
                return;
            }
            ObjectDisplay.appendTitle(out, object);
            ObjectDisplay.appendHeader(out, object, "    ");
            display.appendCountsAndName(out, object, "        ", false);
            out.append('\n');
        } else {
            out.append('\n');
        }
    }

    /** Flags 0: the table's handle count and how many handles of each type it holds. */
    private static void appendSummary(ObjectDisplay display, List<HandleEntries.Entry> entries, StringBuilder out) {
        Map<String, Integer> counts = new TreeMap<>();
        for (HandleEntries.Entry entry : entries) {
            KernelObject object = display.object(entry.object());
            counts.merge(object == null ? "None" : object.typeName(), 1, Integer::sum);
        }
        out.append(entries.size()).append(" Handles\n");
        out.append("Type           \tCount\n");
        for (Map.Entry<String, Integer> count : counts.entrySet()) {
            out.append(String.format("%-15s\t%d\n", count.getKey(), count.getValue()));
        }
    }
}
