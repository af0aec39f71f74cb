package dev.kdlab.debugger.dt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FieldSelectorTest {
    @Test
    void aDottedPathSplitsIntoSegmentsAndTrailingPeriodsCountLevels() {
        FieldSelector s = FieldSelector.parse("BuddyLogonId.", false);
        assertThat(s.segments()).containsExactly("BuddyLogonId");
        assertThat(s.expandLevels()).isEqualTo(1);
        assertThat(s.width()).isEqualTo(13);
        assertThat(FieldSelector.parse("CriticalSectionTimeout..", false).expandLevels()).isEqualTo(2);
        assertThat(FieldSelector.parse("Pcb.DirectoryTableBase", false).segments())
                .containsExactly("Pcb", "DirectoryTableBase");
    }

    @Test
    void fieldArgumentsMatchWithCaseAndMinusYPrefixesWithout() {
        assertThat(FieldSelector.parse("ImageFileName", false).matches(0, "ImageFileName")).isTrue();
        assertThat(FieldSelector.parse("imagefilename", false).matches(0, "ImageFileName")).isFalse();
        assertThat(FieldSelector.parse("image*", false).matches(0, "ImageFileName")).isFalse();
        assertThat(FieldSelector.parse("Image", false).matches(0, "ImageFileName")).isFalse();
        assertThat(FieldSelector.parse("Image*", false).matches(0, "ImageFileName")).isTrue();
        assertThat(FieldSelector.parse("threadlist", true).matches(0, "ThreadListHead")).isTrue();
        FieldSelector flink = FieldSelector.parse("ActiveProcessLinks.flink", true);
        assertThat(flink.matches(0, "ActiveProcessLinks")).isTrue();
        assertThat(flink.matches(1, "Flink")).isTrue();
        assertThat(flink.isLast(1)).isTrue();
    }
}
