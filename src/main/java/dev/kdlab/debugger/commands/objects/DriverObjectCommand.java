package dev.kdlab.debugger.commands.objects;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.struct.StructView;
import dev.kdlab.debugger.objects.IoObjects;
import dev.kdlab.debugger.symbols.ModuleList;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

import java.util.OptionalLong;

/**
 * {@code !drvobj DriverObject [Flags]}: a driver object by address, path ({@code \Driver\Null}) or
 * name ({@code Null}, looked up in \Driver then \FileSystem), as WinDbg's documentation shows it:
 * the name; with flag 1 (the default) its device objects; with 2 its entry points and its dispatch
 * table ({@code [00] IRP_MJ_CREATE ... Null+0x1010}, unhandled requests at
 * {@code nt!IopInvalidDeviceRequest}); with 4 its fast I/O routines.
 */
public final class DriverObjectCommand implements Command {
    private static final String[] MAJOR_FUNCTIONS = {"IRP_MJ_CREATE", "IRP_MJ_CREATE_NAMED_PIPE", "IRP_MJ_CLOSE",
            "IRP_MJ_READ", "IRP_MJ_WRITE", "IRP_MJ_QUERY_INFORMATION", "IRP_MJ_SET_INFORMATION", "IRP_MJ_QUERY_EA",
            "IRP_MJ_SET_EA", "IRP_MJ_FLUSH_BUFFERS", "IRP_MJ_QUERY_VOLUME_INFORMATION", "IRP_MJ_SET_VOLUME_INFORMATION",
            "IRP_MJ_DIRECTORY_CONTROL", "IRP_MJ_FILE_SYSTEM_CONTROL", "IRP_MJ_DEVICE_CONTROL",
            "IRP_MJ_INTERNAL_DEVICE_CONTROL", "IRP_MJ_SHUTDOWN", "IRP_MJ_LOCK_CONTROL", "IRP_MJ_CLEANUP",
            "IRP_MJ_CREATE_MAILSLOT", "IRP_MJ_QUERY_SECURITY", "IRP_MJ_SET_SECURITY", "IRP_MJ_POWER",
            "IRP_MJ_SYSTEM_CONTROL", "IRP_MJ_DEVICE_CHANGE", "IRP_MJ_QUERY_QUOTA", "IRP_MJ_SET_QUOTA", "IRP_MJ_PNP"};
    private static final int DEVICES = 0x1;
    private static final int ROUTINES = 0x2;
    private static final int FAST_IO = 0x4;
    private static final int MAX_DEVICES = 10_000;

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments("Usage: !drvobj DriverObject [Flags]");
        Session session = invocation.session();
        String word = args.nextWord();
        int flags = args.atEnd() ? DEVICES : (int) args.nextWordExpression();
        args.expectEnd();
        IoObjects io = new IoObjects(session);
        OptionalLong found = io.find(word, "Driver", valueOf(word, session), "\\Driver", "\\FileSystem");
        if (found.isEmpty()) {
            throw new CommandException("Driver object " + word + " not found");
        }
        long driver = found.getAsLong();
        StructView d = session.kernelStruct("_DRIVER_OBJECT", driver);
        ModuleList modules = session.kernelModules();
        StringBuilder out = new StringBuilder();
        out.append("Driver object (").append(Hex.plain(driver)).append(") is for:\n");
        out.append(' ').append(io.driverName(driver)).append('\n');
        if ((flags & DEVICES) != 0) {
            out.append('\n').append("Driver Extension List: (id , addr)\n\n").append("Device Object list:\n");
            int count = 0;
            for (long device = d.get("DeviceObject"); device != 0 && count < MAX_DEVICES; count++) {
                out.append(Hex.plain(device)).append("  ");
                device = session.kernelStruct("_DEVICE_OBJECT", device).get("NextDevice");
            }
            out.append('\n');
        }
        if ((flags & ROUTINES) != 0) {
            long extension = d.get("DriverExtension");
            long addDevice = extension == 0 ? 0 : session.kernelStruct("_DRIVER_EXTENSION", extension).get("AddDevice");
            out.append('\n');
            entry(out, "DriverEntry:   ", d.get("DriverInit"), modules);
            entry(out, "DriverStartIo: ", d.get("DriverStartIo"), modules);
            entry(out, "DriverUnload:  ", d.get("DriverUnload"), modules);
            entry(out, "AddDevice:     ", addDevice, modules);
            out.append('\n').append("Dispatch routines:\n");
            long table = d.addressOf("MajorFunction");
            for (int major = 0; major < MAJOR_FUNCTIONS.length; major++) {
                long routine = session.kernel().readLong(table + 8L * major);
                out.append(String.format("[%02x] %-35s", major, MAJOR_FUNCTIONS[major])).append(Hex.plain(routine))
                        .append('\t').append(symbol(routine, modules)).append('\n');
            }
        }
        if ((flags & FAST_IO) != 0) {
            long fastIo = d.get("FastIoDispatch");
            out.append('\n');
            if (fastIo == 0) {
                out.append("No fast I/O routines\n");
            } else {
                out.append("Fast I/O routines:\n");
            }
        }
        invocation.out().print(out);
    }

    private static void entry(StringBuilder out, String label, long routine, ModuleList modules) {
        out.append(label).append(routine == 0 ? "00000000" : Hex.plain(routine)).append('\t')
                .append(routine == 0 ? "" : symbol(routine, modules)).append('\n');
    }

    private static String symbol(long routine, ModuleList modules) {
        String described = modules.describe(routine);
        return described.startsWith("0x") ? "" : described;
    }

    /** The word as an address, when it is one (an expression that evaluates); 0 otherwise. */
    static long valueOf(String word, Session session) {
        try {
            return new ArgumentScanner(word, 0, session).nextExpression();
        } catch (ExpressionException | SyntaxErrorException | RuntimeException e) {
            return 0;
        }
    }
}
