package dev.kdlab.dump;

/** The two complete-dump layouts kdlab writes and reads (mindumpdef.h: DUMP_TYPE_FULL, DUMP_TYPE_BITMAP_FULL). */
public enum DumpType {
    /** The header's run table lists the pages; they follow the header in run order. */
    FULL(1),
    /** A bitmap of present frames after the header; the present pages follow in frame order. */
    BITMAP(5);

    private final int code;

    DumpType(int code) {
        this.code = code;
    }

    /** The DumpType dword at 0xf98. */
    public int code() {
        return code;
    }
}
