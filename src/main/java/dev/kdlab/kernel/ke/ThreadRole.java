package dev.kdlab.kernel.ke;

import dev.kdlab.kernel.image.SystemRoutine;

/**
 * What one thread does: the wait it sits in, where its code came from, and for a system thread the
 * routine it runs. Chosen once from the image name and the thread's index, so that thread creation
 * (start addresses) and the later settling of the machine (waits and stacks) agree.
 */
public record ThreadRole(WaitShape shape, Origin origin, SystemRoutine routine) {

    /** Where the thread's own code starts. */
    public enum Origin {
        /** The process's first thread: the image's CRT entry, main. */
        MAIN,
        /** A thread-pool worker: ntdll!TppWorkerThread. */
        POOL,
        /** A thread the program started on a routine of its own. */
        THREAD,
        /** A system thread: PspSystemThreadStartup calls the routine. */
        SYSTEM
    }

    public static ThreadRole system(WaitShape shape, SystemRoutine routine) {
        return new ThreadRole(shape, Origin.SYSTEM, routine);
    }

    public static ThreadRole user(WaitShape shape, Origin origin) {
        return new ThreadRole(shape, origin, null);
    }
}
