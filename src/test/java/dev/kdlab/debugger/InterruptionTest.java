package dev.kdlab.debugger;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C stops a long command at its next line of output, and the session goes on. */
class InterruptionTest {
    private static final Lkd LKD = new Lkd();

    /** Output that keeps only its last 4 KiB (a long dump would otherwise fill the heap). */
    private static final class Tail extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (bytes.size() > 4096) {
                byte[] keep = bytes.toByteArray();
                bytes.reset();
                bytes.write(keep, keep.length - 1024, 1024);
            }
            bytes.write(b);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void ctrlCStopsALongDumpAndTheRestOfTheLineUntilCleared() throws Exception {
        Tail tail = new Tail();
        Debugger debugger = new Debugger(LKD.target(), new PrintStream(tail, true, StandardCharsets.UTF_8));
        Interruption interruption = debugger.session().interruption();
        CompletableFuture<Boolean> run = CompletableFuture.supplyAsync(() -> debugger.execute("dq 0 L?10000000"));
        while (!tail.text().contains("????????")) {
            Thread.sleep(5);
        }
        long asked = System.nanoTime();
        interruption.request();
        assertThat(run.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked)).isLessThan(1000);
        assertThat(tail.text()).endsWith("????????`????????\n^C\n");

        // the rest of the interrupted line does not run, and says nothing more
        assertThat(debugger.execute("? 1")).isFalse();
        assertThat(tail.text()).endsWith("^C\n");

        interruption.clear();
        assertThat(debugger.execute("? 1")).isTrue();
        assertThat(tail.text()).endsWith("Evaluate expression: 1 = 00000000`00000001\n");
    }

    @Test
    void aLoopThatPrintsNothingStopsWhereItChecks() {
        Interruption interruption = new Interruption();
        interruption.request();
        int rounds = 0;
        try {
            while (true) {
                interruption.check();
                rounds++;
            }
        } catch (CommandInterruptedException e) {
            assertThat(rounds).isZero();
        }
        assertThat(interruption.isRequested()).isTrue();
        interruption.clear();
        interruption.check();   // no longer throws
    }

    @Test
    void anInterruptedCommandLeavesTheMachineAsItWas() {
        Debugger debugger = new Debugger(LKD.target(), new PrintStream(OutputStream.nullOutputStream()));
        String before = LKD.text("!process 0 0 notepad.exe");
        debugger.session().interruption().request();
        debugger.execute("!process 0 7");
        debugger.session().interruption().clear();
        assertThat(LKD.text("!process 0 0 notepad.exe")).isEqualTo(before);
    }
}
