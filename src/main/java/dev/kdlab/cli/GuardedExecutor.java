package dev.kdlab.cli;

import dev.kdlab.debugger.Debugger;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Keeps a bug from ending the session: an exception escaping the debugger becomes one error line
 * on the session's output (never a stack trace) and counts as a failed line.
 */
final class GuardedExecutor implements CommandExecutor {
    private final CommandExecutor inner;
    private final PrintStream out;

    GuardedExecutor(CommandExecutor inner, PrintStream out) {
        this.inner = inner;
        this.out = out;
    }

    @Override
    public boolean execute(String line, Consumer<String> echo) {
        try {
            return inner.execute(line, echo);
        } catch (RuntimeException | StackOverflowError e) {
            // StackOverflowError too: a runaway recursion (a self-referencing list, say) is a bug
            // in one command, and the session can safely go on after it.
            out.println("kdlab internal error: " + ErrorLine.describe(e));
            return false;
        }
    }

    @Override
    public boolean quitRequested() {
        return inner.quitRequested();
    }

    @Override
    public String prompt() {
        return inner.prompt();
    }

    @Override
    public void withDebugger(Consumer<Debugger> action) {
        inner.withDebugger(action);
    }

    @Override
    public void onClearScreen(Runnable clear) {
        inner.onClearScreen(clear);
    }

    @Override
    public void interrupt() {
        inner.interrupt();
    }

    @Override
    public void limitSteps(long maxSteps) {
        inner.limitSteps(maxSteps);
    }
}
