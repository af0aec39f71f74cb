package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.code.CodeView;
import dev.kdlab.debugger.stack.RegisterContext;
import dev.kdlab.debugger.stack.ThreadContexts;
import dev.kdlab.lang.ArgumentScanner;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.pe.Register;

import java.io.PrintStream;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * {@code r [Register]}: the implicit thread's registers (transcripts 5.5). A running thread's come
 * from its processor's saved context; after {@code .thread}, from the switch frame it waits in,
 * which holds rip, rsp and rbp only; then the output starts with {@code Last set context:}. With a
 * name, one register or pseudo-register: {@code r rip}, {@code r cr3}, {@code r $csp}.
 */
final class RegisterCommand implements Command {
    private static final Register[][] ROWS = {
            {Register.RAX, Register.RBX, Register.RCX}, {Register.RDX, Register.RSI, Register.RDI},
            {null, Register.RSP, Register.RBP}, {Register.R8, Register.R9, Register.R10},
            {Register.R11, Register.R12, Register.R13}, {Register.R14, Register.R15}};
    private static final String[] SEGMENTS = {"cs", "ss", "ds", "es", "fs", "gs"};

    @Override
    public void execute(Invocation invocation) throws CommandException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        Session session = invocation.session();
        PrintStream out = invocation.out();
        String name = args.nextWord().toLowerCase(Locale.ROOT);
        if (session.registerContextSet()) {
            out.println("Last set context:");
        }
        if (name.isEmpty()) {
            printAll(session, out);
            return;
        }
        String register = name.startsWith("@") ? name.substring(1) : name;
        OptionalLong value = session.register(register);
        if (value.isEmpty()) {
            throw new CommandException("Bad register error at '" + name + "'");
        }
        out.println(String.format("%s=%016x", register, value.getAsLong()));
    }

    private static void printAll(Session session, PrintStream out) throws MemoryAccessException {
        RegisterContext context = ThreadContexts.of(session, session.implicitThread());
        for (Register[] row : ROWS) {
            StringBuilder line = new StringBuilder();
            for (Register r : row) {
                String label = r == null ? "rip" : r.displayName();
                long value = r == null ? context.rip() : context.get(r);
                line.append(line.length() == 0 ? "" : " ").append(String.format("%3s=%016x", label, value));
            }
            out.println(line);
        }
        long eflags = context.eflags();
        out.println(String.format("iopl=%d         %s", eflags >>> 12 & 3, flags(eflags)));
        int[] segments = context.segments();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < SEGMENTS.length; i++) {
            line.append(String.format("%s=%04x  ", SEGMENTS[i], segments[i]));
        }
        out.println(line.toString().stripTrailing() + String.format("             efl=%08x", eflags));
        CodeView code = new CodeView(session);
        code.label(context.rip()).ifPresent(out::println);
        out.println(code.line(context.rip(), code.decode(context.rip())));
    }

    /** WinDbg's flag mnemonics, highest bit first: overflow, direction, interrupt, sign, zero, aux, parity, carry. */
    static String flags(long eflags) {
        return String.join(" ", bit(eflags, 11, "ov", "nv"), bit(eflags, 10, "dn", "up"), bit(eflags, 9, "ei", "di"),
                bit(eflags, 7, "ng", "pl"), bit(eflags, 6, "zr", "nz"), bit(eflags, 4, "ac", "na"),
                bit(eflags, 2, "pe", "po"), bit(eflags, 0, "cy", "nc"));
    }

    private static String bit(long value, int bit, String set, String clear) {
        return (value >>> bit & 1) != 0 ? set : clear;
    }
}
