package dev.kdlab.cli;

import dev.kdlab.debugger.Debugger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * An executor whose session is still opening: the prompt can show at once, and the first command
 * waits for the session. What is asked of it before then (a step limit, the terminal's completion)
 * is kept and given to the session, in order, as soon as it is there and before any command runs.
 */
final class DeferredExecutor implements CommandExecutor {
    private final CompletableFuture<CommandExecutor> opening;
    private final Runnable begin;
    private final List<Consumer<CommandExecutor>> pending = new ArrayList<>();
    private CommandExecutor ready;

    /** @param begin starts the opening if it has not begun (the first command cannot wait for a prompt) */
    DeferredExecutor(CompletableFuture<CommandExecutor> opening, Runnable begin) {
        this.opening = opening;
        this.begin = begin;
        opening.thenRun(this::ready);
    }

    private synchronized CommandExecutor ready() {
        if (ready == null) {
            begin.run();
            try {
                ready = opening.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure : e;
            }
            pending.forEach(action -> action.accept(ready));
            pending.clear();
        }
        return ready;
    }

    private synchronized void whenReady(Consumer<CommandExecutor> action) {
        if (ready != null || opening.isDone()) {
            action.accept(ready());
        } else {
            pending.add(action);
        }
    }

    @Override
    public boolean execute(String line, Consumer<String> echo) {
        return ready().execute(line, echo);
    }

    @Override
    public boolean quitRequested() {
        return opening.isDone() && ready().quitRequested();
    }

    /** Only the default machine opens this way: a live machine's prompt until its session says otherwise. */
    @Override
    public String prompt() {
        return opening.isDone() ? ready().prompt() : Debugger.PROMPT;
    }

    @Override
    public void withDebugger(Consumer<Debugger> action) {
        whenReady(executor -> executor.withDebugger(action));
    }

    @Override
    public void interrupt() {
        if (opening.isDone()) {
            ready().interrupt();
        }
    }

    @Override
    public void limitSteps(long maxSteps) {
        whenReady(executor -> executor.limitSteps(maxSteps));
    }

    @Override
    public void onClearScreen(Runnable clear) {
        whenReady(executor -> executor.onClearScreen(clear));
    }

    @Override
    public void onTerminal() {
        whenReady(CommandExecutor::onTerminal);
    }
}
