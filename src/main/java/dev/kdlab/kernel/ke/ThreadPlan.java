package dev.kdlab.kernel.ke;

/**
 * Which role each thread of a machine plays: the wait it sits in and where its code starts. The
 * scenario describes the mix (an idle desktop's), the kernel applies it when it creates and settles
 * threads.
 */
@FunctionalInterface
public interface ThreadPlan {
    /**
     * @param imageName the process's ImageFileName ("System", "svchost.exe")
     * @param index     the thread's position in its process's creation order (0 = first thread)
     * @param user      whether the process has a user half (minimal processes run system threads only)
     */
    ThreadRole roleOf(String imageName, int index, boolean user);
}
