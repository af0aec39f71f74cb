package dev.kdlab.cli;

import dev.kdlab.debugger.Debugger;

import java.util.Optional;

/**
 * What the shell and the script runner need from a debugger: run one command, and say whether
 * {@code q} was given. {@link Debugger} is final, so tests stand in for it through this seam.
 */
public interface CommandExecutor {

    /** Runs one command (no ';' inside); false when it failed. */
    boolean execute(String command);

    boolean quitRequested();

    /** The prompt before each input line. */
    default String prompt() {
        return Debugger.PROMPT;
    }

    /** The debugger behind this executor, for what the terminal adds (completion, highlighting, Ctrl-C); none in tests' stand-ins. */
    default Optional<Debugger> debugger() {
        return Optional.empty();
    }

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
            public String prompt() {
                return debugger.prompt();
            }

            @Override
            public Optional<Debugger> debugger() {
                return Optional.of(debugger);
            }

            @Override
            public void onClearScreen(Runnable clear) {
                debugger.onClearScreen(clear);
            }
        };
    }
}
