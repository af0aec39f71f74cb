package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.dt.DtNumbers;
import dev.kdlab.debugger.dt.DtOptions;
import dev.kdlab.debugger.dt.DtPrinter;
import dev.kdlab.debugger.dt.DtRequest;
import dev.kdlab.lang.CppEvaluator;
import dev.kdlab.lang.CppType;
import dev.kdlab.lang.CppValue;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.types.TypeLookup;

import java.util.List;
import java.util.OptionalLong;

/**
 * {@code ?? Expression}: a C++ expression, printed as its type and its value in dt's spelling
 * ({@code ?? sizeof(nt!_OBJECT_HEADER)} prints {@code unsigned int64 0x38}, a Win10 lkd transcript;
 * {@code ?? @$teb} prints {@code struct _TEB * ...} and the structure's members, Microsoft Learn,
 * "C++ Numbers and Operators"). What the evaluator takes is {@link CppEvaluator}.
 */
final class CppEvaluateCommand implements Command {
    @Override
    public void execute(Invocation invocation) throws ExpressionException, CommandException {
        Session session = invocation.session();
        CppValue value = CppEvaluator.evaluate(invocation.arguments().rest(), session);
        CppType type = value.type();
        invocation.out().println(type.name() + " " + text(value));
        if (type.isPointer() && value.value() != 0) {
            TypeLookup.Found pointee = new TypeLookup(session.target().types()).find(type.pointee()).orElseThrow();
            DtRequest members = new DtRequest(pointee.type(), null, OptionalLong.of(value.value()), List.of(),
                    DtOptions.plain());
            new DtPrinter(session.memory(), session.kernelModules(), invocation.out()).print(members);
        }
    }

    /** {@code 0n3} for signed types, {@code 0xa40} (bare below ten) for unsigned ones, {@code true} for bool. */
    static String text(CppValue value) {
        CppType type = value.type();
        if (type.isBool()) {
            return value.value() != 0 ? "true" : "false";
        }
        if (type.isPointer()) {
            return DtNumbers.pointer(value.value());
        }
        return type.signed() ? DtNumbers.signed(value.value()) : DtNumbers.unsigned(value.value());
    }
}
