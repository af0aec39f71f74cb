package dev.kdlab.lang.statement;

import java.util.List;

/**
 * One statement of a command line, as {@link StatementParsing} reads it with the grammar in
 * grammar/dev/kdlab/lang/StatementParser.g4. Blocks and conditions stay text ({@link Fragment}):
 * a block is parsed when it is entered, after its aliases are replaced (WinDbg's order), and a
 * condition is a MASM expression evaluated each time it is tested. {@code offset} is where the
 * statement starts in the parsed text.
 */
public sealed interface Statement {

    int offset();

    /** A debugger command: {@code dt nt!_EPROCESS @$proc}, {@code .printf "%p", 1}, {@code $$>a< f.txt 1}. */
    record Command(CommandText command, String text, int offset) implements Statement {
    }

    /** {@code .if (c) { } .elsif (c) { } .else { }}; {@code otherwise} is null without {@code .else}. */
    record If(List<Branch> branches, Fragment otherwise, int offset) implements Statement {
        public If {
            branches = List.copyOf(branches);
        }
    }

    /** One {@code (condition) { block }} of an {@code .if} or {@code .elsif}. */
    record Branch(Fragment condition, Fragment body) {
    }

    /** {@code .for (initial; condition; next) { body }}: initial and next are commands, condition an expression. */
    record For(Fragment initial, Fragment condition, Fragment next, Fragment body, int offset) implements Statement {
    }

    /** {@code .while (condition) { body }}. */
    record While(Fragment condition, Fragment body, int offset) implements Statement {
    }

    /** {@code .do { body } (condition)}: the body runs once before the first test. */
    record Do(Fragment body, Fragment condition, int offset) implements Statement {
    }

    /** {@code .block { body }}: a new block, whose aliases are replaced when it is entered. */
    record Block(Fragment body, int offset) implements Statement {
    }

    /** {@code .catch { body }}: an error inside ends the block, not the program. */
    record Catch(Fragment body, int offset) implements Statement {
    }

    /** {@code .break}: leaves the innermost {@code .for}, {@code .while}, {@code .do} or {@code .foreach}. */
    record Break(int offset) implements Statement {
    }

    /** {@code .continue}: the next iteration of the innermost loop. */
    record Continue(int offset) implements Statement {
    }

    /** {@code .leave}: leaves the innermost {@code .catch} block. */
    record Leave(int offset) implements Statement {
    }

    /**
     * {@code .foreach [/pS n] [/ps n] [/s | /f] (variable source) { body }}. {@code source} is the
     * commands whose output is cut into tokens, or with {@code /s} the string, with {@code /f} the
     * file name (both without their quotes).
     */
    record Foreach(ForeachOptions options, String variable, Fragment source, Fragment body, int offset)
            implements Statement {
    }

    /**
     * {@code j Expression [']Command1['] ; [']Command2[']}; {@code rest} is what follows a quoted
     * second command on the line (empty when the second command ran to the end of the line).
     */
    record J(Fragment condition, Fragment whenTrue, Fragment whenFalse, Fragment rest, int offset)
            implements Statement {
    }
}
