package dev.kdlab.lang;

import java.util.List;
import java.util.Locale;
import java.util.Set;

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
 * returned in lower case.
 */
public final class CommandParser {

    /**
     * WinDbg's regular (non-meta, non-extension) command names (Microsoft Learn, debuggercmds,
     * "Commands"). Case variants that WinDbg distinguishes ({@code dD}, {@code dW}, {@code kP},
     * {@code dS}, {@code aS}) fold to the lower-case name.
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

    /** One command alone ({@code dt nt!_EPROCESS}); a line of several, or a control-flow statement, is an error. */
    public static CommandText parse(String command) throws SyntaxErrorException {
        List<Statement> statements = StatementParsing.parse(command).statements();
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
     */
    static CommandText command(String text, int nameLength, boolean regular) {
        String written = text.substring(0, nameLength);
        String name = written.toLowerCase(Locale.ROOT);
        int argumentsColumn = nameLength;
        if (regular && !REGULAR_COMMANDS.contains(name)) {
            int length = longestCommandPrefix(name);
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

    private static int longestCommandPrefix(String lowerCaseWord) {
        for (int length = lowerCaseWord.length() - 1; length > 0; length--) {
            if (REGULAR_COMMANDS.contains(lowerCaseWord.substring(0, length))) {
                return length;
            }
        }
        return 0;
    }
}
