package dev.kdlab.lang.statement;

import dev.kdlab.lang.SyntaxErrorException;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A command's name and argument text, from the command token the statement grammar found
 * (grammar/dev/kdlab/lang/StatementLexer.g4).
 *
 * <p>Names: extension commands {@code !name} (letters, digits, '.', '_'), meta-commands
 * {@code .name}, {@code ?}, {@code ??}, {@code ~}, the script tokens {@code $<} ... {@code $$>a<},
 * and regular commands, a run of letters. WinDbg reads option letters glued to a regular command
 * ({@code lmvm nt}, {@code lmDvmnt}, {@code kn}), so a run of letters that is not a command name is
 * split after the longest command name it starts with: {@code lmvm} is {@code lm} with arguments
 * {@code vm}. A run with no such prefix is returned whole, for the caller to reject. Names are
 * returned in lower case. Which runs are names: WinDbg's ({@link WindbgCommands}) and, when the
 * debugger parses, its command table's (the callers pass them).
 */
public final class CommandParser {

    private CommandParser() {
    }

    /** One command alone ({@code dt nt!_EPROCESS}); a line of several, or a control-flow statement, is an error. */
    public static CommandText parse(String command) throws SyntaxErrorException {
        return parse(command, WindbgCommands::isRegular);
    }

    /** As {@link #parse(String)}, with these regular command names (the debugger's table and WinDbg's). */
    public static CommandText parse(String command, Predicate<String> regularNames) throws SyntaxErrorException {
        List<Statement> statements = StatementParsing.parse(command, regularNames).statements();
        if (statements.size() != 1 || !(statements.get(0) instanceof Statement.Command only)) {
            throw new SyntaxErrorException(statements.isEmpty() ? 0 : statements.get(statements.size() - 1).offset(),
                    command);
        }
        return only.command();
    }

    /**
     * The name and arguments of a command whose text starts with its name.
     *
     * @param text       the command, from its name to the end of its arguments
     * @param nameLength the length of the name token
     * @param regular    true when the name is a run of letters, which may carry glued options
     * @param names      which runs of letters (lower case) are regular command names
     */
    static CommandText command(String text, int nameLength, boolean regular, Predicate<String> names) {
        String written = text.substring(0, nameLength);
        String name = written.toLowerCase(Locale.ROOT);
        int argumentsColumn = nameLength;
        if (regular && !names.test(name)) {
            int length = longestCommandPrefix(name, names);
            if (length > 0) {
                name = name.substring(0, length);
                written = written.substring(0, length);
                argumentsColumn = length;
            }
        }
        String arguments = text.substring(argumentsColumn).strip();
        if (arguments.isEmpty()) {
            argumentsColumn = text.stripTrailing().length();
        } else {
            while (Character.isWhitespace(text.charAt(argumentsColumn))) {
                argumentsColumn++;
            }
        }
        return new CommandText(name, arguments, argumentsColumn, written);
    }

    private static int longestCommandPrefix(String lowerCaseWord, Predicate<String> names) {
        for (int length = lowerCaseWord.length() - 1; length > 0; length--) {
            if (names.test(lowerCaseWord.substring(0, length))) {
                return length;
            }
        }
        return 0;
    }
}
