package dev.kdlab.debugger.commands.expressions;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;

/** {@code ? Expression}: the value as signed decimal and as 64-bit hex (section 9.8); it becomes {@code $exp}. */
public final class EvaluateCommand implements Command {
    @Override
    public void execute(Invocation invocation) throws ExpressionException, SyntaxErrorException {
        ArgumentScanner args = invocation.arguments();
        long value = args.nextExpression();
        args.expectEnd();
        invocation.session().pseudoRegisters().setExpression(value);
        invocation.out().println("Evaluate expression: " + value + " = " + Hex.backtick(value));
    }
}
