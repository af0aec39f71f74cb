package dev.kdlab.debugger.commands.session;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.statement.CommandText;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.types.StructType;
import dev.kdlab.types.Type;
import dev.kdlab.types.TypeLookup;
import dev.kdlab.types.UnknownFieldException;

import java.io.PrintStream;
import java.util.Optional;

/**
 * {@code !list [-t [Module!]Type.Field] [-x "Commands"] [-a "Arguments"] [-e] [-m Max] StartAddress} (Microsoft
 * Learn, debuggercmds, "!list"): runs commands once for each element of a linked list. The element's address is
 * put in {@code $extret}; "if this does not appear in the command string, the value of the list-element address
 * is appended to the end of the command string" (with the {@code -a} arguments after it). Without {@code -t} the
 * link is the element's first pointer; with it, the pointer at Field, which points at the same field of the next
 * element. The walk ends when it comes back to the start, at a null or unreadable link, or after Max elements;
 * each element's output is followed by a blank line (transcripts 2.10: the list head, read as an element, shows
 * up last). Without {@code -x} the command is {@code dp}. The whole argument string may also be given quoted.
 */
public final class ListCommand implements Command {

    @Override
    public void execute(Invocation invocation) throws CommandException, ExpressionException, SyntaxErrorException {
        ArgumentScanner args = quotedWhole(invocation);
        Session session = invocation.session();
        String commands = "dp";
        String arguments = "";
        boolean echo = false;
        long max = -1;
        long fieldOffset = 0;
        while (true) {
            Optional<String> option = args.nextOption();
            if (option.isEmpty()) {
                break;
            }
            switch (option.get()) {
                case "-t" -> fieldOffset = fieldOffset(args.nextWord(), session);
                case "-x" -> commands = args.nextWord();
                case "-a" -> arguments = args.nextWord();
                case "-e" -> echo = true;
                case "-m" -> max = args.nextWordExpression();   // one word: "-m 5 -x ..." is not the expression "5 - x"
                case "-h" -> {
                    usage(invocation.out());
                    return;
                }
                default -> throw new CommandException("Unknown option '" + option.get() + "'");
            }
        }
        if (args.atEnd()) {
            usage(invocation.out());
            return;
        }
        long start = args.nextExpression();
        args.expectEnd();
        walk(invocation, start, fieldOffset, commands, arguments, echo, max);
    }

    private static void walk(Invocation invocation, long start, long fieldOffset, String commands, String arguments,
                             boolean echo, long max) {
        Session session = invocation.session();
        PrintStream out = invocation.out();
        boolean explicit = commands.toLowerCase(java.util.Locale.ROOT).contains("$extret");
        long element = start;
        for (long count = 0; max < 0 || count < max; count++) {
            session.pseudoRegisters().setExtensionReturn(element);
            String line = explicit ? commands : commands + " " + Hex.backtick(element);
            if (!arguments.isEmpty()) {
                line = line + " " + arguments;
            }
            if (echo) {
                out.println(line);
            }
            invocation.lines().run(line, out);
            out.println();
            long link;
            try {
                link = session.memory().readLong(element + fieldOffset);
            } catch (RuntimeException e) {
                return;
            }
            if (link == 0) {
                return;
            }
            element = link - fieldOffset;
            if (element == start) {
                return;
            }
        }
    }

    /** {@code -t nt!_LDR_DATA_TABLE_ENTRY.InLoadOrderLinks.Flink}: the offset of the link in the element. */
    private static long fieldOffset(String written, Session session) throws CommandException {
        int bang = written.indexOf('!');
        int dot = written.indexOf('.', bang + 1);
        if (dot < 0) {
            throw new CommandException("Usage: !list -t [Module!]Type.Field ...");
        }
        String typeName = written.substring(0, dot);
        Optional<TypeLookup.Found> type = new TypeLookup(session.target().types()).find(typeName);
        if (type.isEmpty()) {
            throw new CommandException("Symbol " + typeName + " not found.");
        }
        Type t = type.get().type();
        if (!(t instanceof StructType struct)) {
            throw new CommandException("Symbol " + typeName + " not found.");
        }
        try {
            return struct.offsetOf(written.substring(dot + 1));
        } catch (UnknownFieldException e) {
            throw new CommandException("Cannot find specified field members.");
        }
    }

    /** {@code !list " -t Type.Field -x \"dd\" Address "}: the whole string inside quotes, its quotes escaped. */
    private static ArgumentScanner quotedWhole(Invocation invocation) {
        CommandText command = invocation.command();
        String text = command.arguments();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            String inner = text.substring(1, text.length() - 1);
            if (inner.strip().startsWith("-")) {
                return new ArgumentScanner(inner.replace("\\\"", "\""), command.argumentsColumn() + 1, invocation.session());
            }
        }
        return invocation.arguments();
    }

    private static void usage(PrintStream out) {
        out.println("Usage: !list [-t [mod!]TYPE.Field] [-x \"Commands\"] [-a \"Arguments\"] [-e] [-m Max] StartAddress");
    }
}
