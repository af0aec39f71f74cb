package dev.kdlab.exercises;

/** A learner's record of one exercise: answers tried, hints taken, solved or not. */
public record Progress(int attempts, int hints, boolean solved) {
    public static final Progress NONE = new Progress(0, 0, false);

    Progress attempted(boolean correct) {
        return new Progress(attempts + 1, hints, solved || correct);
    }

    Progress hinted(int shown) {
        return new Progress(attempts, Math.max(hints, shown), solved);
    }
}
