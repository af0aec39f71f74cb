/**
 * The kernel proper (Ke, Ki): processors and their KPCR/KPRCB (KiSystemStartup), thread
 * initialisation (KeInitThread, KiInitializeContextThread), dispatcher objects, waits
 * (KiCommitThreadWait), the clock (KeUpdateSystemTime) and the stacks threads stop on. What it needs
 * of a process it sees through {@link dev.kdlab.kernel.ke.KeProcess}, which ps implements, and the
 * roles of threads come from the scenario's {@link dev.kdlab.kernel.ke.ThreadPlan}. Uses mm, ob, ex
 * and image.
 */
package dev.kdlab.kernel.ke;
