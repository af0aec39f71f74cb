package dev.kdlab.kernel.ke;

import dev.kdlab.kernel.NtTypes;
import dev.kdlab.struct.StructBuffer;
import dev.kdlab.kernel.image.NtImage;
import dev.kdlab.kernel.image.UserImage;
import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.image.CodeMap;
import dev.kdlab.kernel.image.NtCode;
import dev.kdlab.kernel.image.UserCode;

import dev.kdlab.memory.Pte;
import dev.kdlab.pe.Register;

import java.util.List;

/**
 * The Ke half of thread creation (KeInitThread): the kernel stack (MmCreateKernelStack), the
 * dispatcher header, the scheduling fields, the start addresses PspAllocateThread hands over, and
 * the frames a new thread starts from (KiInitializeContextThread): a KTRAP_FRAME for a user thread
 * that will enter user mode at ntdll!RtlUserThreadStart, and a switch frame that returns into
 * KiStartUserThread or KiStartSystemThread the first time the thread is scheduled.
 */
public final class KernelThreads {
    static final int THREAD_OBJECT = 6;                 // _KOBJECTS ThreadObject
    static final int TIMER_NOTIFICATION_OBJECT = 8;
    private static final int READY = 1;                 // _KTHREAD_STATE Ready: KeStartThread's result
    /** Base - Limit of a 19045 kernel stack (machine-19045.md 6.1). */
    static final long KERNEL_STACK_SIZE = 0x7000;
    /** Init = Base - 0x9b0: the XSAVE area of the S1 machine sits between them (machine-19045.md 6.1). */
    static final long XSAVE_AREA = 0x9b0;
    private static final int IO_PRIORITY_NORMAL = 2;
    private static final int PAGE_PRIORITY_NORMAL = 5;
    private static final long[] NO_ARGUMENTS = new long[0];

    private final KernelSpace space;
    private final NtImage ntImage;
    private final CodeMap nt;
    private final UserImage ntdll;
    private final ThreadPlan threadPlan;
    private final ThreadStackWriter startFrames = new ThreadStackWriter(name -> NO_ARGUMENTS, () -> 0);
    private long nextKernelStack;

    /**
     * @param kernelStacks where kernel stacks are carved from (the address plan's stack region)
     * @param ntdll        ntdll as this boot maps it: user threads start at its RtlUserThreadStart
     */
    public KernelThreads(KernelSpace space, NtImage ntImage, long kernelStacks, UserImage ntdll,
                         ThreadPlan threadPlan) {
        this.space = space;
        this.ntImage = ntImage;
        this.nt = new CodeMap().add("nt", NtCode.image(), ntImage.base());
        this.ntdll = ntdll;
        this.threadPlan = threadPlan;
        this.nextKernelStack = kernelStacks;
    }

    public void KeInitThread(long ethread, KeProcess process, boolean initialThread) {
        int index = process.threads().size();
        boolean user = process.user() != null;
        ThreadRole role = threadPlan.roleOf(space.struct("_EPROCESS", process.eprocess()).ansi("ImageFileName", 15), index, user);
        long stackBase = MmCreateKernelStack();
        long initialStack = stackBase - XSAVE_AREA;
        long win32Start = win32StartAddress(process, role);
        long startAddress = user ? ntdll("RtlUserThreadStart") : win32Start;
        int priority = user ? (int) space.read(process.eprocess() + NtTypes.offsetOf("_KPROCESS", "BasePriority"), 1)
                : role.routine() == null ? 12 : role.routine().basePriority();
        StructBuffer thread = NtTypes.buffer(space.memory(), "_ETHREAD", ethread)
                .put("Tcb.Header.Type", THREAD_OBJECT)
                .emptyList("Tcb.Header.WaitListHead")
                .put("Tcb.InitialStack", initialStack)
                .put("Tcb.StackBase", stackBase)
                .put("Tcb.StackLimit", stackBase - KERNEL_STACK_SIZE)
                .put("Tcb.State", READY)
                .put("Tcb.KernelStackResident", 1)
                .put("Tcb.ApcQueueable", 1)
                .put("Tcb.SystemThread", user ? 0 : 1)
                .put("Tcb.Priority", priority)
                .put("Tcb.BasePriority", priority)
                .put("Tcb.Process", process.eprocess())
                .put("Tcb.ApcState.Process", process.eprocess())
                .put("Tcb.Timer.Header.Type", TIMER_NOTIFICATION_OBJECT)
                .put("Tcb.Timer.Header.Size", 0x10)
                .emptyList("Tcb.Timer.Header.WaitListHead")
                .put("Tcb.SuspendEvent.Header.Size", 6)
                .emptyList("Tcb.SuspendEvent.Header.WaitListHead")
                .emptyList("Tcb.MutantListHead")
                .put("ThreadIoPriority", IO_PRIORITY_NORMAL)
                .put("ThreadPagePriority", PAGE_PRIORITY_NORMAL)
                .put("StartAddress", startAddress)
                .put("Win32StartAddress", win32Start);
        int apcLists = NtTypes.offsetOf("_ETHREAD", "Tcb.ApcState.ApcListHead");
        for (int mode = 0; mode < 2; mode++) {   // KernelMode and UserMode APC lists, empty
            int head = apcLists + 0x10 * mode;
            thread.putAt(head, 8, ethread + head).putAt(head + 8, 8, ethread + head);
        }
        writeStartFrames(thread, initialStack, user, win32Start);
        thread.flush();
    }

    /**
     * KiInitializeContextThread's frames: SwapContext will return just past KiStartUserThread's or
     * KiStartSystemThread's prolog. A user thread's trap frame holds RtlUserThreadStart's arguments
     * (rcx = Win32StartAddress); its user rsp is filled in when the user stack exists.
     */
    private void writeStartFrames(StructBuffer thread, long initialStack, boolean user, long win32Start) {
        ThreadStackWriter writer = startFrames;
        ThreadStackWriter.KernelState state;
        if (user) {
            long[] registers = new long[16];
            registers[Register.RCX.number()] = win32Start;
            ThreadStackWriter.UserState start = new ThreadStackWriter.UserState(ntdll("RtlUserThreadStart"), 0,
                    registers, 0);
            state = writer.writeKernel(space.memory(), nt, List.of("KiStartUserThread+0x4", "KiStartUserThreadReturn"),
                    false, initialStack, start, 0);
        } else {
            state = writer.writeKernel(space.memory(), nt, List.of("KiStartSystemThread+0x4"), false, initialStack,
                    null, 0);
        }
        thread.put("Tcb.KernelStack", state.kernelStack()).put("Tcb.TrapFrame", state.trapFrame());
    }

    private long win32StartAddress(KeProcess process, ThreadRole role) {
        switch (role.origin()) {
            case SYSTEM:
                return ntImage.address(NtCode.image().rvaOf(role.routine() == null ? "ExpWorkerThread"
                        : role.routine().symbol()));
            case MAIN:
                return process.image().base() + process.image().entryPointRva();
            case THREAD:
                return UserCode.exe(process.image())
                        .map(exe -> process.image().base() + exe.rvaOf("ThreadProc"))
                        .orElse(ntdll("TppWorkerThread"));
            default:
                return ntdll("TppWorkerThread");
        }
    }

    private long ntdll(String symbol) {
        return ntdll.base() + UserCode.ntdll().rvaOf(symbol);
    }

    /** Seven pages of stack above a guard page; returns the stack base (the address above its top). */
    long MmCreateKernelStack() {
        long limit = nextKernelStack + 0x1000;   // a guard page below each stack
        nextKernelStack = limit + KERNEL_STACK_SIZE;
        for (long page = limit; page < nextKernelStack; page += 0x1000) {
            space.mapper().map(space.memory().directoryTableBase(), page, space.frames().allocate(), Pte.KERNEL_DATA);
        }
        return nextKernelStack;
    }
}
