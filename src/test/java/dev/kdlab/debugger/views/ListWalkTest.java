package dev.kdlab.debugger.views;

import dev.kdlab.debugger.dt.FakeMemory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one list walk and where it stops: back at the start, null, unreadable, a loop, the limit. */
class ListWalkTest {
    private static final long HEAD = 0x1000;
    /** Links at chosen addresses; pages nothing was put in are unmapped. */
    private final FakeMemory memory = new FakeMemory();

    @Test
    void aHeadedListYieldsEveryLinkAfterTheHeadOnce() {
        link(HEAD, 0x2000);
        link(0x2000, 0x3000);
        link(0x3000, 0x4000);
        link(0x4000, HEAD);
        assertThat(links(ListWalk.fromHead(memory, HEAD))).containsExactly(0x2000L, 0x3000L, 0x4000L);
        assertThat(ListWalk.entries(memory, HEAD, 0x10)).containsExactly(0x1ff0L, 0x2ff0L, 0x3ff0L);
    }

    @Test
    void anEmptyListHasNoLinks() {
        link(HEAD, HEAD);
        assertThat(links(ListWalk.fromHead(memory, HEAD))).isEmpty();
    }

    @Test
    void aLoopThatMissesTheHeadEndsAtTheFirstLinkSeenTwice() {
        link(HEAD, 0x2000);
        link(0x2000, 0x3000);
        link(0x3000, 0x4000);
        link(0x4000, 0x3000);
        assertThat(links(ListWalk.fromHead(memory, HEAD))).containsExactly(0x2000L, 0x3000L, 0x4000L);
    }

    @Test
    void aLinkPointingAtItselfEndsTheWalk() {
        link(HEAD, 0x2000);
        link(0x2000, 0x2000);
        assertThat(links(ListWalk.fromHead(memory, HEAD))).containsExactly(0x2000L);
    }

    @Test
    void aNullLinkEndsTheWalkAndAnUnreadableOneIsTheLastShown() {
        link(HEAD, 0x2000);
        link(0x2000, 0);
        assertThat(links(ListWalk.fromHead(memory, HEAD))).containsExactly(0x2000L);
        link(0x2000, 0x9000);   // 0x9000 is not mapped: it is listed, its Flink cannot be followed
        assertThat(links(ListWalk.fromHead(memory, HEAD))).containsExactly(0x2000L, 0x9000L);
        assertThat(links(ListWalk.fromHead(memory, 0x8000))).isEmpty();
    }

    @Test
    void aWalkFromAnEntryIncludesItAndStopsBackThereOrAtItsLimit() {
        link(0x2000, 0x3000);
        link(0x3000, 0x4000);
        link(0x4000, 0x2000);
        assertThat(links(ListWalk.fromLink(memory, 0x3000, 100))).containsExactly(0x3000L, 0x4000L, 0x2000L);
        assertThat(links(ListWalk.fromLink(memory, 0x3000, 2))).containsExactly(0x3000L, 0x4000L);
        assertThat(links(ListWalk.fromLink(memory, 0x3000, 0))).isEmpty();
        assertThat(links(ListWalk.fromLink(memory, 0, 4))).containsExactly(0L);
    }

    @Test
    void noWalkGoesBeyondTheOneLimit() {
        for (long i = 0; i <= ListWalk.MAX_LINKS + 10; i++) {
            link(HEAD + 0x10 * i, HEAD + 0x10 * (i + 1));
        }
        assertThat(links(ListWalk.fromHead(memory, HEAD))).hasSize(ListWalk.MAX_LINKS);
        assertThat(links(ListWalk.fromLink(memory, HEAD, Long.MAX_VALUE))).hasSize(ListWalk.MAX_LINKS);
    }

    private void link(long at, long flink) {
        memory.put(at, 8, flink);
    }

    private static List<Long> links(ListWalk walk) {
        List<Long> links = new ArrayList<>();
        walk.forEach(links::add);
        return links;
    }
}
