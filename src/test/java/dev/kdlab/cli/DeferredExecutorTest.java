package dev.kdlab.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** A session still opening: the prompt shows at once, and what was asked before the first command reaches it first. */
class DeferredExecutorTest {

    /** Records what reaches the session, in order. */
    private static final class Recording implements CommandExecutor {
        final List<String> calls = new ArrayList<>();

        @Override
        public boolean execute(String line, Consumer<String> echo) {
            calls.add("execute " + line);
            return true;
        }

        @Override
        public boolean quitRequested() {
            return false;
        }

        @Override
        public String prompt() {
            return "kd> ";
        }

        @Override
        public void limitSteps(long maxSteps) {
            calls.add("limit " + maxSteps);
        }

        @Override
        public void onTerminal() {
            calls.add("terminal");
        }
    }

    @Test
    void thePromptShowsBeforeTheSessionAndTheFirstCommandStartsItsOpening() {
        CompletableFuture<CommandExecutor> opening = new CompletableFuture<>();
        Recording session = new Recording();
        AtomicInteger begun = new AtomicInteger();
        DeferredExecutor deferred = new DeferredExecutor(opening, () -> {
            begun.incrementAndGet();
            opening.complete(session);
        });

        assertThat(deferred.prompt()).isEqualTo("lkd> ");
        assertThat(deferred.quitRequested()).isFalse();
        deferred.limitSteps(5);
        deferred.onTerminal();
        assertThat(session.calls).isEmpty();
        assertThat(begun).hasValue(0);

        assertThat(deferred.execute("r", null)).isTrue();
        assertThat(begun.get()).isPositive();
        assertThat(session.calls).containsExactly("limit 5", "terminal", "execute r");
        assertThat(deferred.prompt()).as("the session's own prompt once it is there").isEqualTo("kd> ");
        deferred.limitSteps(7);
        assertThat(session.calls).endsWith("limit 7");
    }

    @Test
    void whatWasAskedReachesTheSessionAsSoonAsItOpens() {
        CompletableFuture<CommandExecutor> opening = new CompletableFuture<>();
        Recording session = new Recording();
        DeferredExecutor deferred = new DeferredExecutor(opening, () -> { });
        deferred.onTerminal();
        opening.complete(session);
        assertThat(session.calls).containsExactly("terminal");
    }
}
