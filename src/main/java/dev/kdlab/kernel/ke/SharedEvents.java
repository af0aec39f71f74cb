package dev.kdlab.kernel.ke;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ob.ObjectManager;
import dev.kdlab.kernel.ob.ObjectTypeIndex;

/**
 * Event objects created at boot that many waiters share: the kernel events system loops wait on
 * (MmModifiedPageWriterEvent and the like) and the events processes hold handles to.
 */
public final class SharedEvents {
    private final long[] events;

    private SharedEvents(long[] events) {
        this.events = events;
    }

    /** {@code count} events, notification and synchronization in turn, each with an empty wait list. */
    public static SharedEvents create(ObjectManager objects, KernelSpace space, int count) {
        long[] events = new long[count];
        for (int i = 0; i < count; i++) {
            events[i] = objects.create(ObjectTypeIndex.EVENT, "Even", 0x18, 0);
            space.struct("_KEVENT", events[i]).put("Header.Type", i % 2).emptyList("Header.WaitListHead");
        }
        return new SharedEvents(events);
    }

    /** The event for {@code index}, wrapping around the set. */
    public long get(int index) {
        return events[index % events.length];
    }
}
