package dev.kdlab.debugger.commands.expressions;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.dt.DtNumbers;
import dev.kdlab.debugger.dt.DtOptions;
import dev.kdlab.debugger.dt.DtPrinter;
import dev.kdlab.debugger.dt.DtRequest;
import dev.kdlab.lang.expr.CppEvaluator;
import dev.kdlab.lang.expr.CppType;
import dev.kdlab.lang.expr.CppValue;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.types.Type;

import java.io.PrintStream;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code ?? Expression}: a C++ expression, printed as its type and its value in dt's spelling
 * ({@code ?? sizeof(nt!_OBJECT_HEADER)} prints {@code unsigned int64 0x38}, a Win10 lkd transcript;
 * {@code ?? @$teb} prints {@code struct _TEB * ...} and the structure's members, Microsoft Learn,
 * "C++ Numbers and Operators"). A structure prints its members; a character array its text.
 * What the evaluator takes is {@link CppEvaluator}.
 */
public final class CppEvaluateCommand implements Command {
    private static final int TEXT_LIMIT = 256;

    @Override
    public void execute(Invocation invocation) throws ExpressionException, CommandException {
        Session session = invocation.session();
        CppValue value = CppEvaluator.evaluate(invocation.arguments().rest(), session);
        print(value, session, invocation.out());
    }

    /** How ?? and r? show a typed value. */
    public static void print(CppValue value, Session session, PrintStream out) throws CommandException {
        CppType type = value.type();
        switch (type.kind()) {
            case STRUCT -> {
                out.println(type.name());
                members(type.layout(), value.address(), session, out);
            }
            case ARRAY -> out.println(type.name() + " " + DtNumbers.pointer(value.address()) + text(value, session));
            case POINTER -> {
                out.println(type.name() + " " + DtNumbers.pointer(value.value()));
                CppType target = type.element();
                if (target.kind() == CppType.Kind.STRUCT && value.value() != 0) {
                    members(target.layout(), value.value(), session, out);
                }
            }
            default -> out.println(type.name() + " " + text(value));
        }
    }

    private static void members(Type layout, long address, Session session, PrintStream out) throws CommandException {
        DtRequest members = new DtRequest(layout, null, OptionalLong.of(address), List.of(), DtOptions.plain());
        new DtPrinter(session.memory(), session.kernelModules(), out).print(members);
    }

    /** {@code 0n3} for signed types, {@code 0xa40} (bare below ten) for unsigned ones, {@code true} for bool. */
    public static String text(CppValue value) {
        CppType type = value.type();
        if (type.isBool()) {
            return value.value() != 0 ? "true" : "false";
        }
        if (type.isPointer()) {
            return DtNumbers.pointer(value.value());
        }
        String number = type.signed() ? DtNumbers.signed(value.value()) : DtNumbers.unsigned(value.value());
        if (type.size() == 1 && type.kind() == CppType.Kind.INTEGER) {
            long c = value.value() & 0xff;
            return number + " '" + (c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : "") + "'";
        }
        return number;
    }

    /** The text of a char or wchar_t array, as {@code "System"} after two blanks; nothing for other arrays. */
    private static String text(CppValue array, Session session) {
        CppType element = array.type().element();
        boolean wide = element == CppType.WCHAR;
        if (element.size() != 1 && !wide) {
            return "";
        }
        byte[] bytes = new byte[(int) Math.min(array.type().size(), TEXT_LIMIT)];
        int read = session.memory().readAvailable(array.address(), bytes, 0, bytes.length);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i + (wide ? 1 : 0) < read; i += wide ? 2 : 1) {
            int c = wide ? (bytes[i] & 0xff) | (bytes[i + 1] & 0xff) << 8 : bytes[i] & 0xff;
            if (c == 0) {
                break;
            }
            text.append((char) c);
        }
        return "  \"" + text + "\"";
    }
}
