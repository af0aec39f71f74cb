package dev.kdlab.cli;

import dev.kdlab.debugger.Debugger;

/**
 * What the shell and the script runner need from a debugger: run one command, and say whether
 * {@code q} was given. {@link Debugger} is final, so tests stand in for it through this seam.
 */
public interface CommandExecutor {

    /** Runs one command (no ';' inside); false when it failed. */
    boolean execute(String command);

    boolean quitRequested();

    /** Gives the debugger what {@code .cls} should do: the terminal shell clears its screen. */
    default void onClearScreen(Runnable clear) {
    }

    static CommandExecutor of(Debugger debugger) {
        return new CommandExecutor() {
            @Override
            public boolean execute(String command) {
                return debugger.execute(command);
            }

            @Override
            public boolean quitRequested() {
                return debugger.quitRequested();
            }

            @Override
            public void onClearScreen(Runnable clear) {
                debugger.onClearScreen(clear);
            }
        };
    }
}
