package dev.kdlab.debugger.views;

import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The one walk of linked lists: every command that follows Flinks (the process and thread lists,
 * loader lists, {@code dt -l}, {@code dl}) goes through here, so a list corrupted into a loop (DKOM)
 * is bounded in one place. A walk ends back at its start, at a null link, after a link whose own
 * Flink cannot be read, at a link it has already passed (a loop that never comes back to the start),
 * or after {@link #MAX_LINKS} links, whichever comes first. kdexts would follow a loop until Ctrl+C.
 */
public final class ListWalk implements Iterable<Long> {
    /** More links than any list of a real machine holds (the scale machine's 100,000 threads). */
    public static final int MAX_LINKS = 100_000;

    private final VirtualMemory memory;
    private final long start;
    private final boolean startIsEntry;
    private final long limit;

    private ListWalk(VirtualMemory memory, long start, boolean startIsEntry, long limit) {
        this.memory = memory;
        this.start = start;
        this.startIsEntry = startIsEntry;
        this.limit = Math.min(limit, MAX_LINKS);
    }

    /** The links of a circular LIST_ENTRY list after its head (a LIST_ENTRY that is no entry itself). */
    public static ListWalk fromHead(VirtualMemory memory, long head) {
        return new ListWalk(memory, head, false, MAX_LINKS);
    }

    /** The links from one that is itself part of an entry, that link first, at most {@code limit} of them. */
    public static ListWalk fromLink(VirtualMemory memory, long first, long limit) {
        return new ListWalk(memory, first, true, limit);
    }

    /** The addresses of the entries that hold the links of a headed list: each link minus the offset. */
    public static List<Long> entries(VirtualMemory memory, long head, long linkOffset) {
        List<Long> entries = new ArrayList<>();
        for (long link : fromHead(memory, head)) {
            entries.add(link - linkOffset);
        }
        return entries;
    }

    @Override
    public Iterator<Long> iterator() {
        return new Links();
    }

    /** Reads each Flink only when the walk gets there, so a caller can stop early or interleave output. */
    private final class Links implements Iterator<Long> {
        private final Set<Long> seen = new HashSet<>();
        private long current;
        private boolean ready;
        private boolean ended;

        private Links() {
            if (startIsEntry) {
                current = start;
                ready = true;
                ended = limit <= 0;   // a start of 0 is still shown, then fails to lead anywhere
            }
        }

        @Override
        public boolean hasNext() {
            if (!ready && !ended) {
                advance();
            }
            return !ended;
        }

        @Override
        public Long next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ready = false;
            seen.add(current);
            return current;
        }

        private void advance() {
            ready = true;
            long from = seen.isEmpty() ? start : current;
            long link;
            try {
                link = memory.readLong(from);
            } catch (MemoryAccessException e) {
                ended = true;   // the list ends where it can no longer be read
                return;
            }
            ended = link == 0 || link == start || seen.contains(link) || seen.size() >= limit;
            current = link;
        }
    }
}
