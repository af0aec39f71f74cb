package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.HandleTables;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Processes;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.StructReader;
import dev.kdlab.lang.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

import java.io.PrintStream;
import java.util.OptionalLong;

/**
 * {@code !process [Process [Flags [ImageName]]]}: 0 lists every process in PsActiveProcessHead,
 * -1 (or nothing) the implicit process, a kernel address one EPROCESS, anything else a Cid looked
 * up in PspCidTable. Each process prints the summary block of kdexts (transcripts 1.1-1.3), and
 * with flags the detail block and threads ({@link ProcessDisplay}).
 */
final class ProcessCommand implements Command {
    private static final long KERNEL_SPACE = 0xffff8000_00000000L;
    /**
     * Without flags kdexts shows the detail block and the threads with their waits for the implicit
     * process (no Process, 0 or -1), and everything but the user frames (0xf) for a process named by
     * address or Cid (transcripts 1.0, Microsoft Learn -process: "default 0x3 when Process is omitted,
     * 0 or -1; otherwise 0xF").
     */
    private static final int DEFAULT_FLAGS = 3;
    private static final int DEFAULT_FLAGS_NAMED = 0xf;

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        Session session = invocation.session();
        PrintStream out = invocation.out();
        long process = args.atEnd() ? -1 : args.nextExpression();
        boolean named = process != 0 && process != -1;
        int flags = args.atEnd() ? (named ? DEFAULT_FLAGS_NAMED : DEFAULT_FLAGS) : (int) args.nextExpression();
        String imageName = args.atEnd() ? null : args.nextWord();
        ProcessDisplay display = new ProcessDisplay(session, out);
        if (process == 0) {
            if (imageName == null) {
                out.println("**** NT ACTIVE PROCESS DUMP ****");
            }
            for (long eprocess : Processes.active(session)) {
                StructReader e = session.kernelStruct("_EPROCESS", eprocess);
                if (imageName == null || e.ansi("ImageFileName", 15).equalsIgnoreCase(imageName)) {
                    display.print(eprocess, flags);
                }
            }
            return;
        }
        if (Long.compareUnsigned(process, KERNEL_SPACE) < 0 && process != -1) {
            out.println("Searching for Process with Cid == " + Long.toHexString(process));
        }
        display.print(resolve(session, process), flags);
    }

    /**
     * The EPROCESS a process argument names, as the process extensions read one: -1 the implicit
     * process, a kernel address an EPROCESS (checked by its object header), anything else a Cid.
     */
    static long resolve(Session session, long process) throws CommandException, MemoryAccessException {
        long eprocess = process == -1 ? session.implicitProcess() : process;
        if (Long.compareUnsigned(process, KERNEL_SPACE) < 0 && process != -1) {
            OptionalLong found = Processes.byCid(session, process);
            if (found.isEmpty() || !Processes.isProcessObject(session, found.getAsLong())) {
                throw new CommandException("Unable to get process with Cid " + Long.toHexString(process));
            }
            eprocess = found.getAsLong();
        }
        if (!Processes.isProcessObject(session, eprocess)) {
            throw new CommandException("TYPE mismatch for process object at " + Long.toHexString(eprocess));
        }
        return eprocess;
    }

    /** The four-line block of {@code !process 0 0}, then a blank line (format rules, section 9.2). */
    static void printSummary(Session session, long eprocess, PrintStream out) throws MemoryAccessException {
        printSummaryLines(session, eprocess, out);
        out.println();
    }

    /** PROCESS, SessionId/Cid/Peb/ParentCid, DirBase/ObjectTable/HandleCount and Image lines. */
    static void printSummaryLines(Session session, long eprocess, PrintStream out) throws MemoryAccessException {
        StructReader e = session.kernelStruct("_EPROCESS", eprocess);
        long objectTable = e.get("ObjectTable");
        out.println("PROCESS " + Hex.plain(eprocess));
        out.println(String.format("    SessionId: %s  Cid: %s    Peb: %s  ParentCid: %s",
                sessionId(session, e.get("Session")), Hex.padded(e.get("UniqueProcessId"), 4),
                Hex.padded(e.get("Peb"), 8), Hex.padded(e.get("InheritedFromUniqueProcessId"), 4)));
        out.println(String.format("    DirBase: %s  ObjectTable: %s  HandleCount: %s",
                Hex.padded(e.get("Pcb.DirectoryTableBase"), 8),
                objectTable == 0 ? "00000000" : Hex.plain(objectTable), handleCount(session, objectTable)));
        out.println("    Image: " + e.ansi("ImageFileName", 15));
    }

    private static String sessionId(Session session, long sessionSpace) {
        if (sessionSpace == 0) {
            return "none";
        }
        try {
            return Long.toString(session.kernelStruct("_MM_SESSION_SPACE", sessionSpace).get("SessionId"));
        } catch (MemoryAccessException e) {
            return "none";
        }
    }

    private static String handleCount(Session session, long objectTable) {
        if (objectTable == 0) {
            return "<Data Not Accessible>";
        }
        try {
            return String.format("%3d.", HandleTables.countInUse(session.kernel(), objectTable));
        } catch (MemoryAccessException e) {
            return "<Data Not Accessible>";
        }
    }
}
