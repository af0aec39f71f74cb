package dev.kdlab.kernel;

import dev.kdlab.kernel.ProcessManager.CreatedProcess;
import dev.kdlab.memory.Pte;

/**
 * The Ke half of thread creation (KeInitThread): the kernel stack (MmCreateKernelStack), the
 * dispatcher header, the scheduling fields and the start addresses PspAllocateThread hands over.
 */
final class KernelThreads {
    private static final int THREAD_OBJECT = 6;     // _KOBJECTS ThreadObject
    private static final long KERNEL_STACK_PAGES = 6;

    private final Kernel kernel;
    private final KernelSpace space;
    private long nextKernelStack;

    KernelThreads(Kernel kernel) {
        this.kernel = kernel;
        this.space = kernel.space();
        this.nextKernelStack = kernel.plan().kernelStacks();
    }

    void KeInitThread(long ethread, CreatedProcess process, boolean initialThread) {
        long stackBase = MmCreateKernelStack();
        boolean user = process.user() != null;
        long startAddress = user ? kernel.ntdll().base() + 0x6ced0 : kernel.ntSymbol("PspSystemThreadStartup");
        long win32Start = !user ? kernel.ntSymbol("ExpWorkerThread")
                : initialThread ? process.image().base() + process.image().entryPointRva()
                : kernel.ntdll().base() + 0x32ad0;
        space.struct("_ETHREAD", ethread)
                .put("Tcb.Header.Type", THREAD_OBJECT)
                .emptyList("Tcb.Header.WaitListHead")
                .put("Tcb.InitialStack", stackBase - 0x1d0)
                .put("Tcb.StackBase", stackBase)
                .put("Tcb.StackLimit", stackBase - KERNEL_STACK_PAGES * 0x1000)
                .put("Tcb.KernelStack", stackBase - 0x5f0)
                .put("Tcb.State", 5)                         // Waiting
                .put("Tcb.WaitReason", user ? 6 : 15)        // UserRequest / WrQueue
                .put("Tcb.WaitMode", user ? 1 : 0)
                .put("Tcb.Priority", user ? 8 : 13)
                .put("Tcb.BasePriority", user ? 8 : 13)
                .put("Tcb.Process", process.eprocess())
                .put("Tcb.ApcState.Process", process.eprocess())
                .put("StartAddress", startAddress)
                .put("Win32StartAddress", win32Start);
        long apcLists = space.struct("_ETHREAD", ethread).addressOf("Tcb.ApcState.ApcListHead");
        ListEntry.initializeHead(space.memory(), apcLists);              // KernelMode APCs
        ListEntry.initializeHead(space.memory(), apcLists + 0x10);       // UserMode APCs
    }

    private long MmCreateKernelStack() {
        long limit = nextKernelStack + 0x1000;   // a guard page below each stack
        nextKernelStack = limit + KERNEL_STACK_PAGES * 0x1000;
        for (long page = limit; page < nextKernelStack; page += 0x1000) {
            space.mapper().map(space.memory().directoryTableBase(), page, space.frames().allocate(), Pte.KERNEL_DATA);
        }
        return nextKernelStack;
    }
}
