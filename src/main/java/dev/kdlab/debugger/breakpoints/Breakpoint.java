package dev.kdlab.debugger.breakpoints;

/**
 * One breakpoint of the session: its id, the address it is on and the expression that named it,
 * whether it is enabled, its pass count (the pass it breaks on; after that every pass breaks), whether
 * it clears itself at its first hit ({@code /1}), and the commands it runs when hit.
 */
public final class Breakpoint {
    private final int id;
    private final long address;
    private final String expression;
    private final int passes;
    private final boolean oneShot;
    private final String command;
    private boolean enabled = true;
    private int remaining;

    Breakpoint(int id, long address, String expression, int passes, boolean oneShot, String command) {
        this.id = id;
        this.address = address;
        this.expression = expression;
        this.passes = passes;
        this.remaining = passes;
        this.oneShot = oneShot;
        this.command = command;
    }

    public int id() {
        return id;
    }

    public long address() {
        return address;
    }

    /** As typed ({@code nt!PspInsertProcess}): what {@code bu} keeps. */
    public String expression() {
        return expression;
    }

    public boolean enabled() {
        return enabled;
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int passes() {
        return passes;
    }

    /** The passes left before it breaks (1: it breaks at the next one), as bl's first count shows. */
    public int remaining() {
        return remaining;
    }

    public boolean oneShot() {
        return oneShot;
    }

    /** The command string it runs when hit, or empty. */
    public String command() {
        return command;
    }

    /** The flow passes the breakpoint's address: true when it breaks there this time. */
    boolean pass() {
        if (remaining > 1) {
            remaining--;
            return false;
        }
        return true;
    }
}
