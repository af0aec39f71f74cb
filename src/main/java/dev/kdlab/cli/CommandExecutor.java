package dev.kdlab.cli;

import dev.kdlab.debugger.Debugger;

import java.util.function.Consumer;

/**
 * What the shell and the script runner need from a debugger: run one command line, say whether
 * {@code q} was given, stop a running line (Ctrl-C) and bound the steps of a line (batch mode).
 * {@link Debugger} is final, so tests stand in for it through this seam.
 */
public interface CommandExecutor {

    /**
     * Runs one command line (commands separated by ';', control-flow blocks); {@code echo}, when not
     * null, receives each top-level statement's text before it runs. False when a command failed.
     */
    boolean execute(String line, Consumer<String> echo);

    boolean quitRequested();

    /** The prompt before each command: {@code lkd> } on a live machine, {@code kd> } on a dump. */
    default String prompt() {
        return Debugger.PROMPT;
    }

    /**
     * Runs {@code action} with the debugger behind this executor once there is one (at once, or when
     * a debugger built in the background is ready): what the terminal adds (completion, highlighting,
     * pictures' characters, an HTML log). Tests' stand-ins have none and run nothing.
     */
    default void withDebugger(Consumer<Debugger> action) {
    }

    /** Ctrl-C: the running line stops at its next step. */
    default void interrupt() {
    }

    /** The most steps (commands and loop tests) one line may take; 0 = no limit. */
    default void limitSteps(long maxSteps) {
    }

    /** Gives the debugger what {@code .cls} should do: the terminal shell clears its screen. */
    default void onClearScreen(Runnable clear) {
    }

    /** Tells the debugger its output goes to a terminal (dx -g draws its grids with box-drawing characters). */
    default void onTerminal() {
    }

    static CommandExecutor of(Debugger debugger) {
        return new CommandExecutor() {
            @Override
            public boolean execute(String line, Consumer<String> echo) {
                return debugger.execute(line, echo);
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
            public void withDebugger(Consumer<Debugger> action) {
                action.accept(debugger);
            }

            @Override
            public void interrupt() {
                debugger.interrupt();
            }

            @Override
            public void limitSteps(long maxSteps) {
                debugger.limits().setStepLimit(maxSteps);
            }

            @Override
            public void onClearScreen(Runnable clear) {
                debugger.onClearScreen(clear);
            }

            @Override
            public void onTerminal() {
                debugger.session().setTerminal(true);
            }
        };
    }
}
