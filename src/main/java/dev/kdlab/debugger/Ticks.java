package dev.kdlab.debugger;

/**
 * Times as kdexts prints them. Thread and process run times count clock ticks of 15.625 ms
 * (KeMaximumIncrement = 156250 in 100 ns units): 1 tick is {@code 00:00:00.015}. A tick span
 * prints with days: {@code 0:00:04:42.656}.
 */
public final class Ticks {
    /** 100 ns units per clock tick. */
    public static final long INCREMENT = 156_250;

    private Ticks() {
    }

    /** {@code hh:mm:ss.mmm} of a count of ticks. */
    public static String runTime(long ticks) {
        return clock(ticks * INCREMENT);
    }

    /** {@code hh:mm:ss.mmm} of a span in 100 ns units (ElapsedTime). */
    public static String clock(long hundredNanoseconds) {
        long ms = hundredNanoseconds / 10_000;
        return Columns.zeros(ms / 3_600_000, 2) + ":" + Columns.zeros(ms / 60_000 % 60, 2) + ":"
                + Columns.zeros(ms / 1000 % 60, 2) + "." + Columns.zeros(ms % 1000, 3);
    }

    /** {@code d:hh:mm:ss.mmm} of a count of ticks (Wait Start TickCount ... Ticks: n (...)). */
    public static String span(long ticks) {
        long ms = ticks * INCREMENT / 10_000;
        return ms / 86_400_000 + ":" + clock((ms % 86_400_000) * 10_000);
    }
}
