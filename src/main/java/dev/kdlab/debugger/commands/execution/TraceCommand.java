package dev.kdlab.debugger.commands.execution;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.breakpoints.FlowRunner;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.struct.FieldWrite;
import dev.kdlab.target.ProcessLab.TracedWrite;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code !kdlab.trace [Address]} (an extension command of kdlab's own, named as WinDbg names an
 * extension's command: {@code !module.command}): the steps of the last {@code .create} or
 * {@code .kill} in the order they ran, each routine with its stage of process creation (3A-3F,
 * 4 for the initial thread, 7 for the loader, exit) and the fields it wrote, old value to new; with an
 * address, who wrote the field there and in which stage.
 */
public final class TraceCommand implements Command {

    @Override
    public void execute(Invocation invocation) throws CommandException, ExpressionException, SyntaxErrorException {
        List<TracedWrite> trace = FlowRunner.lab(invocation.session()).trace();
        ArgumentScanner args = invocation.arguments();
        PrintStream out = invocation.out();
        if (trace.isEmpty()) {
            throw new CommandException("kdlab: no .create or .kill has run in this session");
        }
        if (!args.atEnd()) {
            long address = args.nextExpression();
            args.expectEnd();
            whoWrote(trace, address, out);
            return;
        }
        String routine = null;
        for (TracedWrite traced : trace) {
            if (!traced.routine().equals(routine)) {
                routine = traced.routine();
                out.printf("[%s] %s%n", traced.stage(), qualified(routine));
            }
            out.println("    " + line(traced.write()));
        }
    }

    private static void whoWrote(List<TracedWrite> trace, long address, PrintStream out) throws CommandException {
        boolean found = false;
        for (TracedWrite traced : trace) {
            FieldWrite write = traced.write();
            if (Long.compareUnsigned(address - write.address(), write.size()) < 0) {
                out.printf("%s written by %s in stage %s%n", line(write), qualified(traced.routine()), traced.stage());
                found = true;
            }
        }
        if (!found) {
            throw new CommandException("kdlab: the last flow wrote no field at " + Hex.backtick(address));
        }
    }

    /** {@code ffffb60b`8f0f15c0 _EPROCESS.UniqueProcessId 0 -> 0x1a3c}. */
    static String line(FieldWrite write) {
        return Hex.backtick(write.address()) + " " + write.type() + "." + write.field() + " "
                + value(write, false) + " -> " + value(write, true);
    }

    private static String value(FieldWrite write, boolean after) {
        if (write.isBytes()) {
            return bytes(after ? write.newBytes() : write.oldBytes());
        }
        long value = after ? write.newValue() : write.oldValue();
        if (value == 0) {
            return "0";
        }
        return write.size() == 8 && !write.isBitfield() ? "0x" + Hex.backtick(value) : "0x" + Long.toHexString(value);
    }

    /** A name in a char array as dt shows it ({@code "notepad.exe"}), other bytes in hex. */
    private static String bytes(byte[] bytes) {
        int length = 0;
        while (length < bytes.length && bytes[length] >= 0x20 && bytes[length] < 0x7f) {
            length++;
        }
        boolean text = length > 0 && (length == bytes.length || allZero(bytes, length));
        if (text) {
            return "\"" + new String(bytes, 0, length, java.nio.charset.StandardCharsets.US_ASCII) + "\"";
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 16); i++) {
            hex.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[i] & 0xff));
        }
        return "[" + hex + (bytes.length > 16 ? " ..." : "") + "]";
    }

    private static boolean allZero(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String qualified(String routine) {
        return routine.isEmpty() ? "(outside the flow's routines)" : routine.contains("!") ? routine : "nt!" + routine;
    }
}
