package dev.kdlab.debugger.script;

/** .break, .continue and .leave on their way to the loop or .catch block they end. */
final class FlowSignal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    enum Kind { BREAK, CONTINUE, LEAVE }

    static final FlowSignal BREAK = new FlowSignal(Kind.BREAK);
    static final FlowSignal CONTINUE = new FlowSignal(Kind.CONTINUE);
    static final FlowSignal LEAVE = new FlowSignal(Kind.LEAVE);

    final Kind kind;

    private FlowSignal(Kind kind) {
        super(kind.name(), null, false, false);
        this.kind = kind;
    }
}
