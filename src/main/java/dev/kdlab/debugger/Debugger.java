package dev.kdlab.debugger;

import dev.kdlab.target.Target;

import java.io.PrintStream;

/**
 * A debugger session over one target: the REPL, scripts and tests all drive it the same way,
 * one command at a time, with output going to the stream given at construction.
 */
public final class Debugger {
    public static final String PROMPT = "lkd> ";

    private final Target target;
    private final PrintStream out;
    private boolean quitRequested;

    public Debugger(Target target, PrintStream out) {
        this.target = target;
        this.out = out;
    }

    /** Runs one command (no ';' inside); prints its output or its error line. False when it failed. */
    public boolean execute(String command) {
        if (command.trim().equals("q")) {
            quitRequested = true;
            return true;
        }
        out.println("not yet");   // placeholder until the command registry lands
        return false;
    }

    public boolean quitRequested() {
        return quitRequested;
    }
}
