package dev.kdlab.debugger.commands.process;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.symbols.ModuleList;
import dev.kdlab.debugger.views.Eprocess;
import dev.kdlab.debugger.views.HandleTable;
import dev.kdlab.debugger.views.LoaderList;
import dev.kdlab.debugger.views.Processes;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.expr.MasmEvaluator;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.types.WildcardPattern;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * {@code !process [/s Session] [/m Module] [Process [Flags [ImageName]]]}: 0 lists every process in PsActiveProcessHead,
 * -1 (or nothing) the implicit process, a kernel address one EPROCESS, anything else a Cid looked
 * up in PspCidTable; {@code /s} keeps the processes of one session, {@code /m} those that have loaded a module
 * (Microsoft Learn, debuggercmds, "!process"). Each process prints the summary block of kdexts (transcripts 1.1-1.3), and
 * with flags the detail block and threads ({@link ProcessDisplay}).
 */
public final class ProcessCommand implements Command {
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
        OptionalLong sessionFilter = OptionalLong.empty();
        String moduleFilter = null;
        while (args.peekWord().map(w -> w.equalsIgnoreCase("/s") || w.equalsIgnoreCase("/m")).orElse(false)) {
            String option = args.nextWord().toLowerCase(Locale.ROOT);
            String value = args.nextWord();
            if (value.isEmpty()) {
                throw args.syntaxError();
            }
            if (option.equals("/s")) {
                sessionFilter = OptionalLong.of(MasmEvaluator.evaluate(value, session));
            } else {
                moduleFilter = value;
            }
        }
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
                Eprocess e = Eprocess.at(session, eprocess);
                if ((imageName == null || e.imageFileName().equalsIgnoreCase(imageName))
                        && (sessionFilter.isEmpty() || e.sessionId().equals(sessionFilter))
                        && (moduleFilter == null || loads(session, e, moduleFilter))) {
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
    public static long resolve(Session session, long process) throws CommandException, MemoryAccessException {
        long eprocess = process == -1 ? session.implicitProcess() : process;
        if (Long.compareUnsigned(process, KERNEL_SPACE) < 0 && process != -1) {
            OptionalLong found = Processes.byCid(session, process);
            if (found.isEmpty() || !Eprocess.at(session, found.getAsLong()).isProcessObject()) {
                throw new CommandException("Unable to get process with Cid " + Long.toHexString(process));
            }
            eprocess = found.getAsLong();
        }
        if (!Eprocess.at(session, eprocess).isProcessObject()) {
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
    public static void printSummaryLines(Session session, long eprocess, PrintStream out) throws MemoryAccessException {
        Eprocess process = Eprocess.at(session, eprocess);
        long objectTable = process.objectTable();
        OptionalLong sessionId = process.sessionId();
        out.println("PROCESS " + Hex.plain(eprocess));
        // Concatenated rather than String.format: a cold start's first !process 0 0 would spend a good
        // part of its time setting the formatter up.
        out.println("    SessionId: " + (sessionId.isPresent() ? Long.toString(sessionId.getAsLong()) : "none")
                + "  Cid: " + Hex.padded(process.processId(), 4) + "    Peb: " + Hex.padded(process.peb(), 8)
                + "  ParentCid: " + Hex.padded(process.parentProcessId(), 4));
        out.println("    DirBase: " + Hex.padded(process.directoryTableBase(), 8) + "  ObjectTable: "
                + (objectTable == 0 ? "00000000" : Hex.plain(objectTable)) + "  HandleCount: " + handleCount(session, objectTable));
        out.println("    Image: " + process.imageFileName());
    }

    /** /m: the process has a module of this name (wildcards allowed, with or without .dll) in its loader list. */
    private static boolean loads(Session session, Eprocess process, String pattern) {
        try {
            long peb = process.peb();
            if (peb == 0) {
                return false;
            }
            WildcardPattern file = WildcardPattern.of(pattern);
            WildcardPattern stem = WildcardPattern.of(pattern.replaceFirst("(?i)\\.(dll|exe|sys)$", ""));
            return LoaderList.process(session, process.addressSpace(), peb).stream()
                    .map(entry -> Objects.requireNonNullElse(entry.baseDllName(), ""))
                    .anyMatch(name -> file.matches(name) || stem.matches(ModuleList.stem(name)));
        } catch (MemoryAccessException e) {
            return false;
        }
    }

    /** An exited process has no handle table: WinDbg counts none (transcripts 6.5, a zombie on 19041). */
    private static String handleCount(Session session, long objectTable) {
        if (objectTable == 0) {
            return "  0.";
        }
        try {
            String count = Long.toString(HandleTable.at(session, objectTable).countInUse());
            return " ".repeat(Math.max(0, 3 - count.length())) + count + ".";
        } catch (MemoryAccessException e) {
            return "<Data Not Accessible>";
        }
    }
}
