package dev.kdlab.kernel.ke;

/** The _KWAIT_REASON values the emulated threads use (layouts-19041/_KWAIT_REASON.txt). */
final class KWaitReason {
    static final int EXECUTIVE = 0;
    static final int DELAY_EXECUTION = 4;
    static final int SUSPENDED = 5;
    static final int USER_REQUEST = 6;
    static final int WR_FREE_PAGE = 8;
    static final int WR_QUEUE = 15;
    static final int WR_LPC_RECEIVE = 16;
    static final int WR_ALERT_BY_THREAD_ID = 37;

    private KWaitReason() {
    }
}
