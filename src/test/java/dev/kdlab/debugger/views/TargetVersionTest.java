package dev.kdlab.debugger.views;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The time spellings of vertarget (transcripts 5.7), for zones and uptimes the default machine lacks. */
class TargetVersionTest {
    /** 2023-02-13 21:20:28.180 UTC as a FILETIME. */
    private static final long FEB_13_2023 = (1_676_323_228_180L * 10_000) + 116_444_736_000_000_000L;
    private static final long HOUR = 36_000_000_000L;

    @Test
    void sessionTimeIsLocalTimeWithTheBiasAsAZone() {
        assertThat(TargetVersion.sessionTime(FEB_13_2023, 8 * HOUR)).isEqualTo("Mon Feb 13 13:20:28.180 2023 (UTC - 8:00)");
        assertThat(TargetVersion.sessionTime(FEB_13_2023, -11 * HOUR / 2)).isEqualTo("Tue Feb 14 02:50:28.180 2023 (UTC + 5:30)");
        assertThat(TargetVersion.sessionTime(FEB_13_2023 - 4 * 24 * HOUR, 0)).isEqualTo("Thu Feb  9 21:20:28.180 2023 (UTC + 0:00)");
    }

    @Test
    void uptimeCountsDaysThenHoursWithoutPadding() {
        assertThat(TargetVersion.uptime(0)).isEqualTo("0 days 0:00:00.000");
        assertThat(TargetVersion.uptime(2 * HOUR + 15 * 600_000_000L + 21_601 * 10_000L)).isEqualTo("0 days 2:15:21.601");
        assertThat(TargetVersion.uptime(3 * 24 * HOUR + 5 * HOUR)).isEqualTo("3 days 5:00:00.000");
    }
}
