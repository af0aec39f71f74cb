package dev.kdlab.lang.statement;

import dev.kdlab.lang.SyntaxErrorException;
import java.util.List;

/** Walks parsed lines into their blocks, as the interpreter would enter them (without replacing aliases). */
final class StatementCorpus {
    private StatementCorpus() {
    }

    /** Adds every command of the line, and of every block, condition-free part and branch inside it, to {@code out}. */
    static void commandsOf(ParsedLine line, List<CommandText> out) throws SyntaxErrorException {
        for (Statement statement : line.statements()) {
            if (statement instanceof Statement.Command c) {
                out.add(c.command());
            } else if (statement instanceof Statement.If s) {
                for (Statement.Branch branch : s.branches()) {
                    inner(branch.body(), out);
                }
                if (s.otherwise() != null) {
                    inner(s.otherwise(), out);
                }
            } else if (statement instanceof Statement.For s) {
                inner(s.initial(), out);
                inner(s.next(), out);
                inner(s.body(), out);
            } else if (statement instanceof Statement.While s) {
                inner(s.body(), out);
            } else if (statement instanceof Statement.Do s) {
                inner(s.body(), out);
            } else if (statement instanceof Statement.Block s) {
                inner(s.body(), out);
            } else if (statement instanceof Statement.Catch s) {
                inner(s.body(), out);
            } else if (statement instanceof Statement.Foreach s) {
                if (s.options().source() == ForeachOptions.Source.COMMANDS) {
                    inner(s.source(), out);
                }
                inner(s.body(), out);
            } else if (statement instanceof Statement.J s) {
                inner(s.whenTrue(), out);
                inner(s.whenFalse(), out);
            }
        }
    }

    private static void inner(Fragment fragment, List<CommandText> out) throws SyntaxErrorException {
        commandsOf(StatementParsing.parse(fragment.text()), out);
    }
}
