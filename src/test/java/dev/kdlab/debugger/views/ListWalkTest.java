package dev.kdlab.debugger.views;

import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.PageFaultException;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.VirtualMemory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The one list walk and where it stops: back at the start, null, unreadable, a loop, the limit. */
class ListWalkTest {
    private static final long HEAD = 0x1000;
    private final Links memory = new Links();

    @Test
    void aHeadedListYieldsEveryLinkAfterTheHeadOnce() {
        memory.link(HEAD, 0x2000).link(0x2000, 0x3000).link(0x3000, 0x4000).link(0x4000, HEAD);
        assertThat(links(ListWalk.fromHead(memory, HEAD))).containsExactly(0x2000L, 0x3000L, 0x4000L);
        assertThat(ListWalk.entries(memory, HEAD, 0x10)).containsExactly(0x1ff0L, 0x2ff0L, 0x3ff0L);
    }

    @Test
    void anEmptyListHasNoLinks() {
        memory.link(HEAD, HEAD);
        assertThat(links(ListWalk.fromHead(memory, HEAD))).isEmpty();
    }

    @Test
    void aLoopThatMissesTheHeadEndsAtTheFirstLinkSeenTwice() {
        memory.link(HEAD, 0x2000).link(0x2000, 0x3000).link(0x3000, 0x4000).link(0x4000, 0x3000);
        assertThat(links(ListWalk.fromHead(memory, HEAD))).containsExactly(0x2000L, 0x3000L, 0x4000L);
    }

    @Test
    void aLinkPointingAtItselfEndsTheWalk() {
        memory.link(HEAD, 0x2000).link(0x2000, 0x2000);
        assertThat(links(ListWalk.fromHead(memory, HEAD))).containsExactly(0x2000L);
    }

    @Test
    void aNullLinkEndsTheWalkAndAnUnreadableOneIsTheLastShown() {
        memory.link(HEAD, 0x2000).link(0x2000, 0);
        assertThat(links(ListWalk.fromHead(memory, HEAD))).containsExactly(0x2000L);
        memory.link(0x2000, 0x9000);   // 0x9000 is not mapped: it is listed, its Flink cannot be followed
        assertThat(links(ListWalk.fromHead(memory, HEAD))).containsExactly(0x2000L, 0x9000L);
        assertThat(links(ListWalk.fromHead(memory, 0x8000))).isEmpty();
    }

    @Test
    void aWalkFromAnEntryIncludesItAndStopsBackThereOrAtItsLimit() {
        memory.link(0x2000, 0x3000).link(0x3000, 0x4000).link(0x4000, 0x2000);
        assertThat(links(ListWalk.fromLink(memory, 0x3000, 100))).containsExactly(0x3000L, 0x4000L, 0x2000L);
        assertThat(links(ListWalk.fromLink(memory, 0x3000, 2))).containsExactly(0x3000L, 0x4000L);
        assertThat(links(ListWalk.fromLink(memory, 0x3000, 0))).isEmpty();
        assertThat(links(ListWalk.fromLink(memory, 0, 4))).containsExactly(0L);
    }

    @Test
    void noWalkGoesBeyondTheOneLimit() {
        for (long i = 0; i <= ListWalk.MAX_LINKS + 10; i++) {
            memory.link(HEAD + 0x10 * i, HEAD + 0x10 * (i + 1));
        }
        assertThat(links(ListWalk.fromHead(memory, HEAD))).hasSize(ListWalk.MAX_LINKS);
        assertThat(links(ListWalk.fromLink(memory, HEAD, Long.MAX_VALUE))).hasSize(ListWalk.MAX_LINKS);
    }

    private static List<Long> links(ListWalk walk) {
        List<Long> links = new ArrayList<>();
        walk.forEach(links::add);
        return links;
    }

    /** Quadwords at chosen addresses; every other address is unmapped. */
    private static final class Links implements VirtualMemory {
        private final Map<Long, Long> quadwords = new HashMap<>();

        Links link(long at, long flink) {
            quadwords.put(at, flink);
            return this;
        }

        @Override
        public long directoryTableBase() {
            return 0;
        }

        @Override
        public PhysicalMemory physical() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long translate(long virtualAddress) throws PageFaultException {
            throw new UnsupportedOperationException();
        }

        @Override
        public void read(long virtualAddress, byte[] into, int offset, int length) throws MemoryAccessException {
            Long value = quadwords.get(virtualAddress);
            if (value == null || length != 8) {
                throw new MemoryAccessException(virtualAddress);
            }
            LittleEndian.putLong(into, offset, value);
        }

        @Override
        public void write(long virtualAddress, byte[] from, int offset, int length) {
            throw new UnsupportedOperationException();
        }
    }
}
