package dev.kdlab.dump;

/** One rule a dump reader applies, and whether the dump passes it; {@code detail} says what was found. */
public record Verdict(String rule, boolean passed, String detail) {

    static Verdict of(String rule, boolean passed, String detail) {
        return new Verdict(rule, passed, detail);
    }

    @Override
    public String toString() {
        return (passed ? "ok    " : "FAIL  ") + rule + (detail.isEmpty() ? "" : ": " + detail);
    }
}
