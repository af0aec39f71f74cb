package dev.kdlab.scenario;

import dev.kdlab.target.Target;

/** The built-in machine: an idle Windows 10 22H2 desktop. */
public final class DefaultMachine {
    public static final long DEFAULT_SEED = 19045;

    private DefaultMachine() {
    }

    /** Boots the default machine and returns the debugger's view of it. */
    public static Target boot(long seed) {
        throw new UnsupportedOperationException("not yet");
    }
}
