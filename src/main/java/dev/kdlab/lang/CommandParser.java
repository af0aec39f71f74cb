package dev.kdlab.lang;

import org.antlr.v4.runtime.Token;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * Parses one command (already split by {@link CommandLineSplitter}) into its name and argument
 * text, with the command-line grammar (grammar/dev/kdlab/lang/CommandLineLexer.g4 and
 * CommandLineParser.g4).
 *
 * <p>Names: extension commands {@code !name} (letters, digits, '.', '_'), meta-commands
 * {@code .name}, {@code ?}, {@code ??}, {@code ~}, and regular commands, a run of letters. WinDbg
 * reads option letters glued to a regular command ({@code lmvm nt}, {@code lmDvmnt}, {@code kn}), so
 * a run of letters that is not a command name is split after the longest command name it starts
 * with: {@code lmvm} is {@code lm} with arguments {@code vm}. A run with no such prefix is returned
 * whole, for the caller to reject. Names are returned in lower case. The names come from the
 * caller (the debugger's command table and WinDbg's list), since this layer knows no commands.
 */
public final class CommandParser {

    private final Predicate<String> regularCommand;

    /**
     * A parser that knows the regular command names through {@code regularCommand} (lower case in,
     * true for a name): the debugger's command table and WinDbg's own names, so that glued option
     * letters split as WinDbg splits them. Case variants WinDbg distinguishes ({@code dD}, {@code kP})
     * fold to the lower-case name.
     */
    public CommandParser(Predicate<String> regularCommand) {
        this.regularCommand = regularCommand;
    }

    public CommandText parse(String command) throws SyntaxErrorException {
        CommandLineParser parser = AntlrSupport.parser(command, CommandLineLexer::new, CommandLineParser::new);
        CommandLineParser.CommandContext tree = AntlrSupport.parse(parser::command, command);

        Token nameToken = tree.commandName().getStart();
        String name = nameToken.getText().toLowerCase(Locale.ROOT);
        int nameStart = nameToken.getStartIndex();
        int argumentsColumn = tree.ARGUMENTS() != null
                ? tree.ARGUMENTS().getSymbol().getStartIndex()
                : command.stripTrailing().length();

        if (nameToken.getType() == CommandLineLexer.REGULAR_NAME && !isRegularCommand(name)) {
            int length = longestCommandPrefix(name);
            if (length > 0) {
                name = name.substring(0, length);
                argumentsColumn = nameStart + length;
            }
        }
        String arguments = argumentsColumn < command.length() ? command.substring(argumentsColumn).strip() : "";
        return new CommandText(name, arguments, argumentsColumn);
    }

    private boolean isRegularCommand(String lowerCaseName) {
        return regularCommand.test(lowerCaseName);
    }

    private int longestCommandPrefix(String lowerCaseWord) {
        for (int length = lowerCaseWord.length() - 1; length > 0; length--) {
            if (isRegularCommand(lowerCaseWord.substring(0, length))) {
                return length;
            }
        }
        return 0;
    }
}
