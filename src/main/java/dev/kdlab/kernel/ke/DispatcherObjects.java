package dev.kdlab.kernel.ke;

import dev.kdlab.struct.StructView;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.kernel.ob.ObjectManager;
import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ListEntry;
import dev.kdlab.kernel.ob.ObjectTypeIndex;

/**
 * The dispatcher objects threads wait on, created as the executive creates them (ObCreateObject,
 * then the Ke initialiser that fills the DISPATCHER_HEADER): events, semaphores, I/O completion
 * queues, and the priority queue of the executive worker threads (in nonpaged pool, no object).
 */
public final class DispatcherObjects {
    static final int EVENT_NOTIFICATION = 0;
    static final int EVENT_SYNCHRONIZATION = 1;
    private static final int MUTANT_OBJECT = 2;
    private static final int QUEUE_OBJECT = 4;
    private static final int SEMAPHORE_OBJECT = 5;
    private static final int PRIQUEUE_OBJECT = 0x15;
    private static final int PRIQUEUE_LISTS = 32;

    private final ObjectManager objects;
    private final KernelSpace space;
    private final Pool nonPagedPool;
    private final SharedEvents sharedEvents;

    public DispatcherObjects(ObjectManager objects, KernelSpace space, Pool nonPagedPool, SharedEvents sharedEvents) {
        this.objects = objects;
        this.space = space;
        this.nonPagedPool = nonPagedPool;
        this.sharedEvents = sharedEvents;
    }

    /** An Event object (KeInitializeEvent, not signalled). */
    long KeInitializeEvent(int eventType) {
        return NtCreateEvent(eventType, null, false);
    }

    /**
     * NtCreateEvent: an Event object, notification (0) or synchronization (1), named in the namespace
     * when {@code path} is given (an existing one of that name is opened instead, as CreateEvent does).
     */
    public long NtCreateEvent(int eventType, String path, boolean signaled) {
        long existing = existing(path);
        if (existing != 0) {
            return existing;
        }
        long event = createMaybeNamed(ObjectTypeIndex.EVENT, "Even", 0x18, path);
        space.fresh("_KEVENT", event)
                .put("Header.Type", eventType)
                .put("Header.Size", 0x18 / 4)
                .put("Header.SignalState", signaled ? 1 : 0)
                .emptyList("Header.WaitListHead")
                .flush();
        return event;
    }

    /** NtCreateMutant: a Mutant nobody owns (signalled), named when {@code path} is given. */
    public long NtCreateMutant(String path) {
        long existing = existing(path);
        if (existing != 0) {
            return existing;
        }
        long mutant = createMaybeNamed(ObjectTypeIndex.MUTANT, "Muta", 0x38, path);
        space.fresh("_KMUTANT", mutant)
                .put("Header.Type", MUTANT_OBJECT)
                .put("Header.Size", 0x38 / 4)
                .put("Header.SignalState", 1)
                .emptyList("Header.WaitListHead")
                .put("ApcDisable", 0)
                .flush();
        return mutant;
    }

    /** NtCreateSemaphore: a Semaphore with the given limit, count 0, named when {@code path} is given. */
    public long NtCreateSemaphore(long limit, String path) {
        long existing = existing(path);
        if (existing != 0) {
            return existing;
        }
        long semaphore = createMaybeNamed(ObjectTypeIndex.SEMAPHORE, "Sema", 0x20, path);
        space.fresh("_KSEMAPHORE", semaphore)
                .put("Header.Type", SEMAPHORE_OBJECT)
                .put("Header.Size", 0x20 / 4)
                .emptyList("Header.WaitListHead")
                .put("Limit", limit)
                .flush();
        return semaphore;
    }

    /** A named object that already exists is opened, not made again (the Create* calls' ERROR_ALREADY_EXISTS). */
    private long existing(String path) {
        return path == null ? 0 : objects.namespace().lookup(path);
    }

    private long createMaybeNamed(int type, String tag, long size, String path) {
        return path == null ? objects.create(type, tag, size, 0)
                : objects.namespace().createNamed(type, tag, size, 0, false, path);
    }

    /** NtCreateIoCompletion: an IoCompletion object (a KQUEUE for {@code maximumCount} threads). */
    public long NtCreateIoCompletion(int maximumCount) {
        return KeInitializeQueue(maximumCount);
    }

    /** A Semaphore object with count 0 (KeInitializeSemaphore). */
    long KeInitializeSemaphore(long limit) {
        long semaphore = objects.create(typeIndex("Semaphore"), "Sema", 0x20, 0);
        space.struct("_KSEMAPHORE", semaphore)
                .put("Header.Type", SEMAPHORE_OBJECT)
                .put("Header.Size", 0x20 / 4)
                .emptyList("Header.WaitListHead")
                .put("Limit", limit);
        return semaphore;
    }

    /** An IoCompletion object, whose body is a KQUEUE (KeInitializeQueue). */
    long KeInitializeQueue(int maximumCount) {
        long queue = objects.create(typeIndex("IoCompletion"), "IoCo", 0x40, 0);
        space.struct("_KQUEUE", queue)
                .put("Header.Type", QUEUE_OBJECT)
                .put("Header.Size", 0x40 / 4)
                .emptyList("Header.WaitListHead")
                .emptyList("EntryListHead")
                .emptyList("ThreadListHead")
                .put("MaximumCount", maximumCount);
        return queue;
    }

    /** ExWorkerQueue's KPRIQUEUE, in nonpaged pool (KeInitializePriQueue). */
    public long KeInitializePriQueue(int maximumCount) {
        long queue = nonPagedPool.allocate("ExWq", 0x2b0);
        StructView q = space.struct("_KPRIQUEUE", queue)
                .put("Header.Type", PRIQUEUE_OBJECT)
                .put("Header.Size", 0x2b0 / 4)
                .emptyList("Header.WaitListHead")
                .emptyList("ThreadListHead")
                .put("MaximumCount", maximumCount);
        long lists = q.addressOf("EntryListHead");
        for (int i = 0; i < PRIQUEUE_LISTS; i++) {
            ListEntry.initializeHead(space.memory(), lists + 0x10L * i);
        }
        return queue;
    }

    /** A kernel event every system loop of a kind shares (MmModifiedPageWriterEvent and the like). */
    long sharedKernelEvent(int index) {
        return sharedEvents.get(index);
    }

    private static int typeIndex(String name) {
        return ObjectTypeIndex.FIRST + ObjectTypeIndex.NAMES.indexOf(name);
    }
}
