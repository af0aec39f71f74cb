package dev.kdlab.debugger.commands.process;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.struct.StructView;
import dev.kdlab.debugger.views.Eprocess;
import dev.kdlab.debugger.views.LoaderEntry;
import dev.kdlab.debugger.views.LoaderList;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code !peb [Address]}: the PEB of the implicit process (or at the address, read in the implicit
 * process's context), its loader module table and process parameters (transcripts 3.2).
 */
public final class PebCommand implements Command {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("MMM dd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String NOT_READABLE = "< Name not readable >";

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        Session session = invocation.session();
        long peb = args.atEnd() ? Eprocess.at(session, session.implicitProcess()).peb() : args.nextExpression();
        PrintStream out = invocation.out();
        out.println("PEB at " + Hex.plain(peb));
        VirtualMemory memory = session.memory();
        StructView p = session.struct(memory, "_PEB", peb);
        try {
            p.get("ImageBaseAddress");
        } catch (MemoryAccessException e) {
            throw new CommandException("error 1 InitTypeRead( nt!_PEB at " + Hex.backtick(peb) + ")");
        }
        out.println("    InheritedAddressSpace:    " + yesNo(p.get("InheritedAddressSpace")));
        out.println("    ReadImageFileExecOptions: " + yesNo(p.get("ReadImageFileExecOptions")));
        out.println("    BeingDebugged:            " + yesNo(p.get("BeingDebugged")));
        out.println("    ImageBaseAddress:         " + Hex.plain(p.get("ImageBaseAddress")));
        out.println("    NtGlobalFlag:             " + Long.toHexString(p.get("NtGlobalFlag")));
        out.println("    NtGlobalFlag2:            " + Long.toHexString(p.get("NtGlobalFlag2")));
        long ldr = p.get("Ldr");
        out.println("    Ldr                       " + Hex.plain(ldr));
        printLoader(session, memory, ldr, out);
        out.println("    SubSystemData:     " + Hex.plain(p.get("SubSystemData")));
        out.println("    ProcessHeap:       " + Hex.plain(p.get("ProcessHeap")));
        long parameters = p.get("ProcessParameters");
        out.println("    ProcessParameters: " + Hex.plain(parameters));
        printParameters(session, memory, parameters, out);
    }

    private static void printLoader(Session session, VirtualMemory memory, long ldr, PrintStream out)
            throws MemoryAccessException {
        StructView data = session.struct(memory, "_PEB_LDR_DATA", ldr);
        try {
            out.println("    Ldr.Initialized:          " + yesNo(data.get("Initialized")));
        } catch (MemoryAccessException e) {
            out.println("    *** unable to read Ldr table at " + Hex.plain(ldr));
            return;
        }
        out.println("    Ldr.InInitializationOrderModuleList: " + pair(data, "InInitializationOrderModuleList"));
        out.println("    Ldr.InLoadOrderModuleList:           " + pair(data, "InLoadOrderModuleList"));
        out.println("    Ldr.InMemoryOrderModuleList:         " + pair(data, "InMemoryOrderModuleList"));
        out.println("                    Base TimeStamp                     Module");
        for (LoaderEntry entry : LoaderList.ofLdr(session, memory, ldr)) {
            out.println(String.format("%24x %08x %s %s", entry.dllBase(), entry.timeDateStamp(),
                    TIMESTAMP.format(Instant.ofEpochSecond(entry.timeDateStamp())),
                    Objects.requireNonNullElse(entry.fullDllName(), NOT_READABLE)));
        }
    }

    private static void printParameters(Session session, VirtualMemory memory, long parameters, PrintStream out)
            throws MemoryAccessException {
        StructView p = session.struct(memory, "_RTL_USER_PROCESS_PARAMETERS", parameters);
        out.println("    CurrentDirectory:  '" + readableName(p, "CurrentDirectory.DosPath") + "'");
        out.println("    WindowTitle:  '" + readableName(p, "WindowTitle") + "'");
        out.println("    ImageFile:    '" + readableName(p, "ImagePathName") + "'");
        out.println("    CommandLine:  '" + readableName(p, "CommandLine") + "'");
        out.println("    DllPath:      '" + readableName(p, "DllPath") + "'");
        long environment = p.get("Environment");
        out.println("    Environment:  " + Hex.plain(environment));
        printEnvironment(memory, environment, p.get("EnvironmentSize"), out);
    }

    private static void printEnvironment(VirtualMemory memory, long environment, long size, PrintStream out) {
        byte[] block = new byte[(int) Math.min(Math.max(size, 2), 0x10000)];
        int read = memory.readAvailable(environment, block, 0, block.length);
        if (read < 2) {
            out.println("       Unable to read Environment string.");
            return;
        }
        String text = new String(block, 0, read & ~1, StandardCharsets.UTF_16LE);
        for (String variable : text.split("\0")) {
            if (variable.isEmpty()) {
                break;
            }
            out.println("        " + variable);
        }
    }

    private static String pair(StructView data, String list) throws MemoryAccessException {
        return Hex.plain(data.get(list + ".Flink")) + " . " + Hex.plain(data.get(list + ".Blink"));
    }

    /**
     * The text of a UNICODE_STRING; a NULL buffer reads as unreadable even when the string is empty,
     * which is why every 19041 capture shows {@code DllPath:      '< Name not readable >'}.
     */
    private static String readableName(StructView owner, String path) {
        try {
            if (owner.get(path + ".Buffer") == 0) {
                return NOT_READABLE;
            }
            return owner.unicodeString(path);
        } catch (MemoryAccessException e) {
            return NOT_READABLE;
        }
    }

    private static String yesNo(long flag) {
        return flag != 0 ? "Yes" : "No";
    }
}
