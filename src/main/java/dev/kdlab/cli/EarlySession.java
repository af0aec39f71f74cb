package dev.kdlab.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The default machine's session, started before the command line is parsed: on a cold start the
 * parsing takes about as long as opening the machine's snapshot and building the debugger over it,
 * and on two cores the two overlap. The session's output waits in a buffer until the command line
 * says where it goes (plain or coloured); the debugger writes nothing before its first command. The
 * prompt does not wait for the machine: only the first command does ({@link DeferredExecutor}).
 */
final class EarlySession {
    private static volatile EarlySession started;

    private final long seed;
    private final LateOutput output = new LateOutput();
    private final CompletableFuture<CommandExecutor> executor = new CompletableFuture<>();
    private boolean begun;
    private boolean taken;

    private EarlySession(long seed) {
        this.seed = seed;
    }

    /** The default machine of {@code seed} is the one this run opens; {@link #begin} starts opening it. */
    static void start(long seed) {
        started = new EarlySession(seed);
    }

    /** Starts opening the machine on another thread (once; nothing when none was started). */
    static void begin() {
        EarlySession early = started;
        if (early != null) {
            early.open();
        }
    }

    /** True the first time: one command line takes the session (it stays {@link #begin}'s to start). */
    private synchronized boolean take() {
        boolean first = !taken;
        taken = true;
        return first;
    }

    private synchronized void open() {
        if (!begun) {
            begun = true;
            PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
            executor.completeAsync(() -> SessionFactory.DEFAULT_MACHINE.open(seed, out));
        }
    }

    /** {@code sessions}, except that the session started early is taken when it is the one asked for. */
    static SessionFactory or(SessionFactory sessions) {
        return (seed, out) -> {
            EarlySession early = started;
            if (early == null || early.seed != seed || !early.take()) {
                return sessions.open(seed, out);
            }
            early.output.attach(out);
            return new DeferredExecutor(early.executor, early::open);
        };
    }

    /** An output stream that keeps what is written until it is attached to the real one. */
    private static final class LateOutput extends OutputStream {
        private ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private OutputStream target;

        synchronized void attach(OutputStream out) {
            target = out;
            try {
                pending.writeTo(out);
                out.flush();
            } catch (IOException e) {
                // as a PrintStream would: the output is lost, the session goes on
            }
            pending = null;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            if (target == null) {
                pending.write(b);
            } else {
                target.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            if (target == null) {
                pending.write(bytes, offset, length);
            } else {
                target.write(bytes, offset, length);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            if (target != null) {
                target.flush();
            }
        }
    }
}
