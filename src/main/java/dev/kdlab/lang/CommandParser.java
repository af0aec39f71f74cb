package dev.kdlab.lang;

import org.antlr.v4.runtime.Token;

import java.util.Locale;
import java.util.Set;

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
 * whole, for the caller to reject. Names are returned in lower case.
 */
public final class CommandParser {

    /**
     * WinDbg's regular (non-meta, non-extension) command names (Microsoft Learn, debuggercmds,
     * "Commands"). Case variants that WinDbg distinguishes ({@code dD}, {@code dW}, {@code kP},
     * {@code dS}) fold to the lower-case name.
     */
    static final Set<String> REGULAR_COMMANDS = Set.of(
            "a", "ad", "ah", "al", "as",
            "ba", "bc", "bd", "be", "bl", "bm", "bp", "bu",
            "c",
            "d", "da", "db", "dc", "dd", "dda", "ddp", "dds", "ddu", "df", "dg", "dl", "dp", "dpa", "dpp",
            "dps", "dpu", "dq", "dqa", "dqp", "dqs", "dqu", "ds", "dt", "du", "dv", "dw", "dx", "dyb", "dyd",
            "e", "ea", "eb", "ed", "ef", "ep", "eq", "eu", "ew", "eza", "ezu",
            "f", "fp",
            "g", "gc", "gh", "gn", "gu",
            "ib", "id", "iw",
            "j",
            "k", "kb", "kc", "kd", "kp", "kv",
            "l", "lm", "ln", "ls", "lsa", "lsc", "lse", "lsf", "lsp",
            "m",
            "n",
            "ob", "od", "ow",
            "p", "pa", "pc", "pct", "ph", "pt",
            "q", "qd", "qq",
            "r", "rdmsr", "rm",
            "s", "so", "sq", "ss", "sx", "sxd", "sxe", "sxi", "sxn", "sxr",
            "t", "ta", "tb", "tc", "tct", "th", "tt",
            "u", "ub", "uf", "up", "ur", "ux",
            "vercommand", "vertarget", "version",
            "wrmsr", "wt",
            "x",
            "z");

    private CommandParser() {
    }

    public static CommandText parse(String command) throws SyntaxErrorException {
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

    private static boolean isRegularCommand(String lowerCaseName) {
        return REGULAR_COMMANDS.contains(lowerCaseName);
    }

    private static int longestCommandPrefix(String lowerCaseWord) {
        for (int length = lowerCaseWord.length() - 1; length > 0; length--) {
            if (isRegularCommand(lowerCaseWord.substring(0, length))) {
                return length;
            }
        }
        return 0;
    }
}
