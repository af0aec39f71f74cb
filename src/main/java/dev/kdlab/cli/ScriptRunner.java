package dev.kdlab.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;

/**
 * Runs a command file (or a {@code -c} string, or piped standard input): every line may hold
 * several ';'-separated commands; each is echoed as {@code lkd> cmd} before its output.
 */
public final class ScriptRunner {
    static final int ALL_SUCCEEDED = 0;
    static final int SOME_FAILED = 1;

    private final LineRunner lines;

    public ScriptRunner(CommandExecutor executor, PrintStream out) {
        this.lines = new LineRunner(executor, out, true);
    }

    /** Runs the script to its end or to {@code q}; the exit status: 0 when every command succeeded. */
    public int run(Reader script) throws IOException {
        BufferedReader reader = new BufferedReader(script);
        boolean allSucceeded = true;
        String line;
        while (!lines.quitRequested() && (line = reader.readLine()) != null) {
            allSucceeded &= lines.run(line);
        }
        return allSucceeded ? ALL_SUCCEEDED : SOME_FAILED;
    }
}
