package dev.kdlab.debugger.commands.process;

import dev.kdlab.debugger.commands.expressions.CppEvaluateCommand;
import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.code.CodeView;
import dev.kdlab.debugger.stack.RegisterContext;
import dev.kdlab.debugger.stack.ThreadContexts;
import dev.kdlab.debugger.PseudoRegisters;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.expr.CppEvaluator;
import dev.kdlab.lang.expr.CppType;
import dev.kdlab.lang.expr.CppValue;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.pe.Register;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * {@code r [Register[=Value][, ...]]} and {@code r? PseudoRegister = C++Expression}: the implicit thread's
 * registers (transcripts 5.5), one register's value, or a value for {@code $t0}-{@code $t19} (docs, "r
 * (Registers)": {@code r $t0 = 7}, {@code r @$t1 = @$t0 + 1}, {@code r $t0 = 1, $t1 = 2}; {@code r?} keeps the
 * C++ type, so that {@code @$t0->Field} reads through it). A running thread's come
 * from its processor's saved context; after {@code .thread}, from the switch frame it waits in,
 * which holds rip, rsp and rbp only; then the output starts with {@code Last set context:}. With a
 * name, one register or pseudo-register: {@code r rip}, {@code r cr3}, {@code r $csp}.
 */
public final class RegisterCommand implements Command {
    private static final Register[][] ROWS = {
            {Register.RAX, Register.RBX, Register.RCX}, {Register.RDX, Register.RSI, Register.RDI},
            {null, Register.RSP, Register.RBP}, {Register.R8, Register.R9, Register.R10},
            {Register.R11, Register.R12, Register.R13}, {Register.R14, Register.R15}};
    private static final String[] SEGMENTS = {"cs", "ss", "ds", "es", "fs", "gs"};
    private static final Pattern REGISTER_NAME = Pattern.compile("@?\\$?[A-Za-z0-9_]+");

    @Override
    public void execute(Invocation invocation)
            throws CommandException, MemoryAccessException, ExpressionException, SyntaxErrorException {
        ArgumentScanner args = invocation.arguments();
        Session session = invocation.session();
        PrintStream out = invocation.out();
        boolean typed = args.skip('?');
        if (args.atEnd() && !typed) {
            if (session.registerContextSet()) {
                out.println("Last set context:");
            }
            printAll(session, out);
            return;
        }
        // r Register[=Value][, Register[=Value] ...] (docs, "r (Registers)"); r? keeps a C++ value's type
        boolean first = true;
        boolean contextShown = false;
        while (first || args.skip(',')) {
            first = false;
            int column = args.column();
            String name = registerName(args, column);
            if (args.skip('=')) {
                assign(name, args, session, typed);
                continue;
            }
            if (session.registerContextSet() && !contextShown && !typed) {
                out.println("Last set context:");
                contextShown = true;
            }
            show(name, session, typed, out);
        }
        args.expectEnd();
    }

    /** A register's name: letters, digits and '_', after an optional '@' and '$'. */
    private static String registerName(ArgumentScanner args, int column) throws SyntaxErrorException {
        Optional<String> name = args.nextMatch(REGISTER_NAME);
        if (name.isEmpty()) {
            throw args.syntaxError();
        }
        String written = name.get();
        return (written.startsWith("@") ? written.substring(1) : written).toLowerCase(Locale.ROOT);
    }

    private static void assign(String name, ArgumentScanner args, Session session, boolean typed) throws CommandException, ExpressionException, SyntaxErrorException {
        if (!PseudoRegisters.writable(name)) {
            if (session.register(name).isEmpty()) {
                throw new CommandException("Bad register error at '" + name + "'");
            }
            throw new CommandException("Register " + name + " can't be set in a local kernel session");
        }
        if (typed) {
            String expression = args.rest();
            session.pseudoRegisters().setTyped(name, CppEvaluator.evaluate(expression, session));
            return;
        }
        session.pseudoRegisters().set(name, args.nextExpression());
    }

    private static void show(String name, Session session, boolean typed, PrintStream out) throws CommandException {
        if (typed) {
            Optional<CppValue> value = session.typedRegister(name);
            if (value.isPresent()) {
                CppEvaluateCommand.print(value.get(), session, out);
                return;
            }
        }
        OptionalLong value = session.register(name);
        if (value.isEmpty()) {
            throw new CommandException("Bad register error at '" + name + "'");
        }
        if (typed) {
            out.println("unsigned int64 " + CppEvaluateCommand.text(CppValue.of(CppType.UNSIGNED_INT64, value.getAsLong())));
            return;
        }
        out.println(String.format("%s=%016x", name, value.getAsLong()));
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
