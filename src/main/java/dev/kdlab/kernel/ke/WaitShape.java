package dev.kdlab.kernel.ke;

import dev.kdlab.kernel.image.SystemRoutine;

import java.util.List;

/**
 * The waits threads of an idle Windows 10 desktop sit in (machine-19045.md 6.3), each with the call
 * chain that leads into it (6.4). Kernel chains are written innermost first and continue the common
 * head {@code KiSwapContext+0x76 <- KiSwapThread+0x500 <- KiCommitThreadWait+0x14f}; the last site
 * is where the thread entered the kernel (KiSystemServiceCopyEnd for a system service) or started
 * (KiStartSystemThread). User chains start with the ntdll stub the thread is in and continue with
 * what called it; the thread's origin (main, thread pool, own thread routine) adds the rest.
 */
public enum WaitShape {
    /** WaitForSingleObject on an event or a process (machine-19045.md 6.4, "single object, user mode"). */
    USER_SINGLE(KWaitReason.USER_REQUEST, true, false, WaitObjects.EVENT, 0,
            List.of("KeWaitForSingleObject+0x233", "ObWaitForSingleObject+0x91", "NtWaitForSingleObject+0x6a",
                    "KiSystemServiceCopyEnd+0x25"),
            List.of("ntdll!NtWaitForSingleObject", "KERNELBASE!WaitForSingleObjectEx+0x8e")),
    /** WaitForMultipleObjects on a few events ("multiple objects"). */
    USER_MULTIPLE(KWaitReason.USER_REQUEST, true, false, WaitObjects.EVENTS, 0x70,
            List.of("KeWaitForMultipleObjects+0x2be", "ObWaitForMultipleObjects+0x2f0",
                    "NtWaitForMultipleObjects+0x119", "KiSystemServiceCopyEnd+0x25"),
            List.of("ntdll!NtWaitForMultipleObjects", "KERNELBASE!WaitForMultipleObjectsEx+0xf0")),
    /** A thread-pool worker waiting for work on its worker factory's completion queue ("thread-pool worker"). */
    WORKER_FACTORY(KWaitReason.WR_QUEUE, true, true, WaitObjects.WORKER_QUEUE, 0x70,
            List.of("KeRemoveQueueEx+0x263", "IoRemoveIoCompletion+0x98", "NtWaitForWorkViaWorkerFactory+0xdc8",
                    "KiSystemServiceCopyEnd+0x25"),
            List.of("ntdll!NtWaitForWorkViaWorkerFactory")),
    /** GetQueuedCompletionStatus on an I/O completion port ("IOCP"). */
    IO_COMPLETION(KWaitReason.WR_QUEUE, true, true, WaitObjects.COMPLETION_QUEUE, 0x70,
            List.of("KeRemoveQueueEx+0x263", "IoRemoveIoCompletion+0x98", "NtRemoveIoCompletion+0x13d",
                    "KiSystemServiceCopyEnd+0x25"),
            List.of("ntdll!NtRemoveIoCompletion", "KERNELBASE!GetQueuedCompletionStatus+0x4f")),
    /** Sleep(): the thread's own timer ("Sleep (DelayExecution)"). */
    DELAY(KWaitReason.DELAY_EXECUTION, true, false, WaitObjects.THREAD_TIMER, 0,
            List.of("KeDelayExecutionThread+0x122", "NtDelayExecution+0x5f", "KiSystemServiceCopyEnd+0x25"),
            List.of("ntdll!NtDelayExecution", "KERNELBASE!SleepEx+0x9e")),
    /** An ALPC server thread waiting for a request on its port's message semaphore. */
    ALPC_RECEIVE(KWaitReason.WR_LPC_RECEIVE, true, false, WaitObjects.PORT_SEMAPHORE, 0x70,
            List.of("KeWaitForSingleObject+0x233", "AlpcpWaitForSingleObject+0x3e", "AlpcpReceiveMessagePort+0x3f5",
                    "AlpcpReceiveMessage+0x2b3", "NtAlpcSendWaitReceivePort+0x20a", "KiSystemServiceCopyEnd+0x25"),
            List.of("ntdll!NtAlpcSendWaitReceivePort")),
    /** An SRW lock or condition variable wait: parked by thread id, no dispatcher object. */
    ALERT_BY_THREAD_ID(KWaitReason.WR_ALERT_BY_THREAD_ID, true, false, WaitObjects.NONE, 0,
            List.of("KeWaitForAlertByThreadId+0xc4", "NtWaitForAlertByThreadId+0x1d", "KiSystemServiceCopyEnd+0x25"),
            List.of("ntdll!NtWaitForAlertByThreadId", "ntdll!RtlSleepConditionVariableSRW+0x131",
                    "KERNELBASE!SleepConditionVariableSRW+0x2f")),
    /**
     * A suspended thread (a suspended UWP app): on its way back from a wait the suspend APC ran and
     * now waits, in kernel mode, on the thread's SuspendEvent.
     */
    SUSPENDED(KWaitReason.SUSPENDED, false, false, WaitObjects.SUSPEND_EVENT, 0,
            List.of("KeWaitForSingleObject+0x233", "KiSchedulerApc+0x3bd", "KiDeliverApc+0x2e8",
                    "KiInitiateUserApc+0x70", "KiSystemServiceExit+0x9f"),
            List.of("ntdll!NtWaitForSingleObject", "KERNELBASE!WaitForSingleObjectEx+0x8e")),
    /** An executive worker thread of System on ExWorkerQueue ("System worker thread (WrQueue)", S22). */
    SYSTEM_WORKER(KWaitReason.WR_QUEUE, false, false, WaitObjects.WORKER_PRIQUEUE, 0,
            List.of("KeRemovePriQueue+0x25e", "ExpWorkerThread+0x105", "PspSystemThreadStartup+0x55",
                    "KiStartSystemThread+0x28"),
            List.of()),
    /** A system thread's loop waiting on a kernel event (Executive); the routine fills in the middle. */
    SYSTEM_EVENT(KWaitReason.EXECUTIVE, false, false, WaitObjects.KERNEL_EVENT, 0,
            List.of("KeWaitForSingleObject+0x233", SystemRoutine.SITE, "PspSystemThreadStartup+0x55",
                    "KiStartSystemThread+0x28"),
            List.of()),
    /** The zero-page thread waiting for free pages to zero (WrFreePage). */
    SYSTEM_FREE_PAGE(KWaitReason.WR_FREE_PAGE, false, false, WaitObjects.KERNEL_EVENT, 0,
            List.of("KeWaitForMultipleObjects+0x2be", SystemRoutine.SITE, "PspSystemThreadStartup+0x55",
                    "KiStartSystemThread+0x28"),
            List.of()),
    /** A system thread pausing between passes (DelayExecution, kernel mode). */
    SYSTEM_DELAY(KWaitReason.DELAY_EXECUTION, false, false, WaitObjects.THREAD_TIMER, 0,
            List.of("KeDelayExecutionThread+0x122", SystemRoutine.SITE, "PspSystemThreadStartup+0x55",
                    "KiStartSystemThread+0x28"),
            List.of());

    /** Where every wait starts: the context switch away from the waiting thread. */
    static final List<String> COMMON_HEAD = List.of("KiSwapContext+0x76", "KiSwapThread+0x500",
            "KiCommitThreadWait+0x14f");

    private final int waitReason;
    private final boolean userMode;
    private final boolean alertable;
    private final WaitObjects objects;
    private final int stackArgumentBytes;
    private final List<String> kernelSites;
    private final List<String> userSites;

    WaitShape(int waitReason, boolean userMode, boolean alertable, WaitObjects objects, int stackArgumentBytes,
              List<String> kernelSites, List<String> userSites) {
        this.waitReason = waitReason;
        this.userMode = userMode;
        this.alertable = alertable;
        this.objects = objects;
        this.stackArgumentBytes = stackArgumentBytes;
        this.kernelSites = kernelSites;
        this.userSites = userSites;
    }

    /** The _KWAIT_REASON value. */
    int waitReason() {
        return waitReason;
    }

    /** The WaitMode the wait was issued with (UserMode for waits a program asked for). */
    boolean userMode() {
        return userMode;
    }

    boolean alertable() {
        return alertable;
    }

    WaitObjects objects() {
        return objects;
    }

    /** Bytes KiSystemCall64 reserves below the trap frame for a service with stack arguments. */
    int stackArgumentBytes() {
        return stackArgumentBytes;
    }

    /** The thread came from user mode (a trap frame, user frames) rather than being a system thread. */
    boolean enteredFromUserMode() {
        return !userSites.isEmpty();
    }

    /** Innermost first, after {@link #COMMON_HEAD}. */
    List<String> kernelSites() {
        return kernelSites;
    }

    /** Innermost first: the stub, then its callers inside the system DLLs. */
    List<String> userSites() {
        return userSites;
    }

    /** The dispatcher objects a wait shape waits on. */
    enum WaitObjects {
        NONE, EVENT, EVENTS, WORKER_QUEUE, COMPLETION_QUEUE, THREAD_TIMER, PORT_SEMAPHORE, SUSPEND_EVENT,
        WORKER_PRIQUEUE, KERNEL_EVENT
    }
}
