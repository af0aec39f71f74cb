package dev.kdlab.kernel.ke;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects one process's threads wait on, made the first time a thread needs them: the event
 * its main thread waits for, the completion queue behind its thread pool's worker factory, an I/O
 * completion port, a pair of events for WaitForMultipleObjects, its ALPC port's message semaphore.
 * A shell whose child still runs waits on the child's process object instead (cmd waiting for kd).
 */
public final class ProcessObjects {
    private final DispatcherObjects objects;
    private final int processors;
    private final long childProcess;
    private final Map<WaitShape.WaitObjects, List<Long>> made = new HashMap<>();

    public ProcessObjects(DispatcherObjects objects, int processors, long childProcess) {
        this.objects = objects;
        this.processors = processors;
        this.childProcess = childProcess;
    }

    /** The objects a wait of this kind waits on in this process; thread-owned kinds are the caller's. */
    List<Long> of(WaitShape.WaitObjects kind, boolean mainThread) {
        if (kind == WaitShape.WaitObjects.EVENT && mainThread && childProcess != 0) {
            return List.of(childProcess);
        }
        return made.computeIfAbsent(kind, this::make);
    }

    private List<Long> make(WaitShape.WaitObjects kind) {
        switch (kind) {
            case EVENT:
                return List.of(objects.KeInitializeEvent(DispatcherObjects.EVENT_NOTIFICATION));
            case EVENTS:
                return List.of(objects.KeInitializeEvent(DispatcherObjects.EVENT_NOTIFICATION),
                        objects.KeInitializeEvent(DispatcherObjects.EVENT_SYNCHRONIZATION));
            case WORKER_QUEUE:
            case COMPLETION_QUEUE:
                return List.of(objects.KeInitializeQueue(processors));
            case PORT_SEMAPHORE:
                return List.of(objects.KeInitializeSemaphore(1));
            default:
                throw new IllegalArgumentException(kind + " is not a per-process object");
        }
    }
}
