package dev.kdlab.struct;

import java.util.function.Consumer;

/**
 * Who listens to the field writes of the current thread: nobody, except while a debugger's lab runs
 * the kernel's creation or exit flow on its own thread and records what each routine wrote. At boot
 * nothing listens and a write costs one read of a counter more.
 */
public final class FieldWrites {
    private static final ThreadLocal<Consumer<FieldWrite>> RECORDER = new ThreadLocal<>();
    private static volatile int listening;

    private FieldWrites() {
    }

    /** Every field this thread writes from now on goes to {@code recorder}, until {@link #stop}. */
    public static synchronized void start(Consumer<FieldWrite> recorder) {
        if (RECORDER.get() == null) {
            listening++;
        }
        RECORDER.set(recorder);
    }

    public static synchronized void stop() {
        if (RECORDER.get() != null) {
            listening--;
            RECORDER.remove();
        }
    }

    /** The current thread's recorder, or null. */
    static Consumer<FieldWrite> recorder() {
        return listening == 0 ? null : RECORDER.get();
    }
}
