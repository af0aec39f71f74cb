package dev.kdlab.debugger.commands.expressions;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;

import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code .expr [/q] [/s masm | /s c++]} (Microsoft Learn, debuggercmds, ".expr (Choose Expression Evaluator)";
 * transcripts 5.3: {@code Current expression evaluator: MASM - Microsoft Assembler expressions}): shows or chooses
 * the evaluator that command arguments, conditions and {@code ?} use; {@code ??} is always C++.
 */
public final class ExprCommand implements Command {
    private static final String MASM = "MASM - Microsoft Assembler expressions";
    private static final String CPP = "C++ - C++ source expressions";

    @Override
    public void execute(Invocation invocation) throws CommandException {
        Session session = invocation.session();
        PrintStream out = invocation.out();
        String[] words = invocation.command().arguments().split("\\s+");
        String option = words[0].toLowerCase(Locale.ROOT);
        if (option.equals("/q")) {
            out.println("Available expression evaluators:");
            out.println(MASM);
            out.println(CPP);
            out.println();
        } else if (option.equals("/s") && words.length == 2) {
            switch (words[1].toLowerCase(Locale.ROOT)) {
                case "masm" -> session.setCppDefault(false);
                case "c++" -> session.setCppDefault(true);
                default -> throw new CommandException("Unknown expression evaluator '" + words[1] + "'");
            }
        } else if (!option.isEmpty()) {
            throw new CommandException("Usage: .expr [/q] [/s masm|c++]");
        }
        out.println("Current expression evaluator: " + (session.cppDefault() ? CPP : MASM));
    }
}
