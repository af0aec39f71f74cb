package dev.kdlab.debugger.commands.session;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.expr.CString;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code .printf [/D] [/o?] "FormatString" [, Argument, ...]} (Microsoft Learn, debuggercmds, ".printf"): C's
 * printf with the debugger's conversions, formatted by {@link PrintfFormat}. The format's escapes ({@code \n},
 * {@code \t}, {@code \"}) are C's; nothing is printed after the text, so scripts end their lines with {@code \n}.
 * {@code /D} reads the format as DML, whose tags a terminal cannot show: they are dropped and their entities
 * ({@code &lt;} ...) written as characters. The {@code /o?} options (error, warning, verbose ... output) are taken
 * and print as normal output.
 */
public final class PrintfCommand implements Command {

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException {
        ArgumentScanner args = invocation.arguments();
        boolean dml = false;
        while (args.peekWord().map(w -> w.startsWith("/")).orElse(false)) {
            String option = args.nextWord();
            if (option.equalsIgnoreCase("/D")) {
                dml = true;
            } else if (!option.matches("/o[a-z]")) {
                throw new CommandException("Unknown option '" + option + "'");
            }
        }
        Optional<String> quoted = args.nextMatch(QUOTED);
        if (quoted.isEmpty()) {
            throw args.syntaxError();
        }
        String format = CString.unescape(quoted.get().substring(1, quoted.get().length() - 1));
        List<PrintfFormat.Argument> arguments = new ArrayList<>();
        Session session = invocation.session();
        while (args.skip(',')) {
            Optional<String> string = args.nextMatch(QUOTED);
            if (string.isPresent()) {
                arguments.add(PrintfFormat.Argument.text(CString.unescape(string.get().substring(1, string.get().length() - 1))));
            } else {
                arguments.add(PrintfFormat.Argument.number(args.nextExpression()));
            }
        }
        args.expectEnd();
        String text = new PrintfFormat(session).format(format, arguments);
        invocation.out().print(dml ? Dml.plain(text) : text);
        invocation.out().flush();
    }

    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("\"(\\\\.|[^\"\\\\])*\"");
}
