package dev.kdlab.debugger.breakpoints;

import java.util.Map;

/** The message texts {@code !error} prints for the NTSTATUS values process creation and exit fail with (ntstatus.h). */
final class NtStatusText {
    private static final Map<Long, String> TEXT = Map.of(
            0xc0000001L, "{Operation Failed} The requested operation was unsuccessful.",
            0xc000000bL, "An invalid Client ID was specified.",
            0xc000000dL, "An invalid parameter was passed to a service or function.",
            0xc0000022L, "{Access Denied} A process has requested access to an object, but has not been granted "
                    + "those access rights.",
            0xc0000034L, "Object Name not found.",
            0xc000005fL, "A specified logon session does not exist. It may already have been terminated.");

    private NtStatusText() {
    }

    /** {@code (NTSTATUS) 0xc0000034 - Object Name not found.}, as !error words it. */
    static String describe(long status) {
        return String.format("(NTSTATUS) 0x%08x - %s", status, TEXT.getOrDefault(status, ""));
    }
}
