package dev.kdlab.debugger;

import dev.kdlab.debugger.script.ExecutionLimits;

import java.io.PrintStream;

/**
 * What a command can ask of the interpreter that runs it: run another command line as part of the
 * same program ({@code !list -x}, {@code as /c}), run a script file ({@code $$>a<}), and see whether
 * Ctrl-C stopped the line. A failure inside a nested line ends the program as the caller's own
 * failure would (the error line is already printed).
 */
public interface CommandLines {

    /** Replaces the aliases of {@code line}, parses it and runs it, printing to {@code out}. */
    void run(String line, PrintStream out);

    /** Runs a script file as {@code $<}, {@code $><}, {@code $$<}, {@code $$><} or {@code $$>a<} does. */
    void runScript(ScriptForm form, String arguments, PrintStream out) throws CommandException;

    ExecutionLimits limits();

    /** The user's working directory: scripts, .foreach /f and as /f files are found there, logs are written there. */
    java.nio.file.Path workingDirectory();

    /** The five ways to run a script (Microsoft Learn, debuggercmds, "$<, $><, $$<, $$><, $$>a<"). */
    enum ScriptForm {
        /** {@code $<}: line by line; the file name runs to the end of the line. */
        LINES("$<", false, false),
        /** {@code $><}: the whole file as one command line. */
        JOINED("$><", true, false),
        /** {@code $$<}: line by line; the file name ends at ';'. */
        LINES_TO_SEMICOLON("$$<", false, false),
        /** {@code $$><}: the whole file as one command line; the file name ends at ';'. */
        JOINED_TO_SEMICOLON("$$><", true, false),
        /** {@code $$>a<}: as $$><, with arguments as the aliases $arg1 ... $argN. */
        JOINED_WITH_ARGUMENTS("$$>a<", true, true);

        public final String token;
        public final boolean joined;
        public final boolean arguments;

        ScriptForm(String token, boolean joined, boolean arguments) {
            this.token = token;
            this.joined = joined;
            this.arguments = arguments;
        }
    }
}
